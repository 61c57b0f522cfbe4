/**
 * LangGraph thread ids of gapflow: `<sessionId>:<subject>` (a gap or a question id). The
 * session id is the thread's hash tag, so a session's checkpoints share its Redis slot and
 * are erased with it.
 */
export function threadIdFor(sessionId: string, subject: string): string {
  return `${sessionId}:${subject}`;
}

/** The hash tag of a thread: its session id (the whole id for a thread of another shape). */
export function sessionTagOf(threadId: string): string {
  const separator = threadId.indexOf(':');
  return separator > 0 ? threadId.slice(0, separator) : threadId;
}
