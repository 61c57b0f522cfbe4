import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<{ sessionId: string }>();

/**
 * Runs `work` on behalf of a session, so that code deep below (a model's context cache) can
 * attribute what it creates to the session — and erasure can find it — without every call
 * in between carrying the id.
 */
export function runInSession<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
  return scope.run({ sessionId }, work);
}

/** The session the current work runs for, if any. */
export function currentSessionId(): string | undefined {
  return scope.getStore()?.sessionId;
}
