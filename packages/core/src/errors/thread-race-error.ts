/**
 * A run of a LangGraph thread tried to save a checkpoint on top of one that is no longer the
 * thread's newest: another run of the same thread (a job BullMQ handed out again while its
 * first run was still alive, after a lock lapsed in a failover or a stall) saved first. The
 * late run must stop — continuing would fork the thread — and its job is tried again later,
 * from the thread as the winner left it. Not a failure of the job: it costs no attempt.
 */
export class ThreadRaceError extends Error {
  override readonly name = 'ThreadRaceError';

  constructor(
    readonly threadId: string,
    readonly expectedHead: string | undefined,
    /** The thread's newest checkpoint now; none when the thread is gone (erased or expired). */
    readonly newest: string | undefined,
  ) {
    super(
      newest
        ? `Thread ${threadId} moved on: its newest checkpoint is ${newest}, not ${expectedHead ?? '(none)'}; another run of it saved first.`
        : `Thread ${threadId} has no checkpoint any more (erased or expired) under a run that expected ${expectedHead ?? 'none'}.`,
    );
  }
}

/** Whether `error` is a `ThreadRaceError`, across copies of this package (checked by name). */
export function isThreadRaceError(error: unknown): error is ThreadRaceError {
  return error instanceof Error && error.name === 'ThreadRaceError';
}
