/**
 * A prompt in two parts. The stable prefix (instructions, rubric, the session's CV and JD) is
 * byte-identical across every call of one kind in a session, so a provider can cache it once
 * and every worker reuse it; the variable suffix holds what differs per call.
 */
export interface Prompt {
  stablePrefix: string;
  variableSuffix: string;
}
