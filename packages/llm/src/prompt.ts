/**
 * A prompt in two parts. The stable prefix (role, rubric, the instructions of every task, the
 * session's CV and JD) is byte-identical across every call of a session, whatever its kind,
 * so a provider can cache it once and every worker reuse it for every call; the variable
 * suffix names the task and holds what differs per call.
 */
export interface Prompt {
  stablePrefix: string;
  variableSuffix: string;
}
