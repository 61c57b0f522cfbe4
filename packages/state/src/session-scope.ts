import { AsyncLocalStorage } from 'node:async_hooks';

interface SessionScope {
  sessionId: string;
  /** Reports progress of the job doing the work (BullMQ's job.updateProgress). */
  reportProgress?: (progress: Record<string, unknown>) => Promise<void>;
}

const scope = new AsyncLocalStorage<SessionScope>();

/**
 * Runs `work` on behalf of a session, so that code deep below (a model's context cache) can
 * attribute what it creates to the session — and erasure can find it — without every call
 * in between carrying the id.
 */
export function runInSession<T>(sessionId: string, work: () => Promise<T>, reportProgress?: SessionScope['reportProgress']): Promise<T> {
  return scope.run({ sessionId, ...(reportProgress ? { reportProgress } : {}) }, work);
}

/** Reports progress for the job of the current scope, if any (e.g. waiting for quota). */
export async function reportJobProgress(progress: Record<string, unknown>): Promise<void> {
  await scope.getStore()?.reportProgress?.(progress).catch(() => undefined);
}

/** The session the current work runs for, if any. */
export function currentSessionId(): string | undefined {
  return scope.getStore()?.sessionId;
}
