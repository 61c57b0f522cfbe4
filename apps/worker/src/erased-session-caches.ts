import type { Logger } from '@gapflow/observability';

/** What the clean-up after a job of an erased session needs; structural, so a test builds it from the real parts. */
export interface ErasedSessionCachesDependencies {
  isErased(sessionId: string): Promise<boolean>;
  /** The Gemini cache names recorded for the session. */
  namesOf(sessionId: string): Promise<string[]>;
  /** Deletes one cache at Gemini (one already gone counts as deleted). */
  deleteCache(name: string): Promise<void>;
  /** Hands names to the maintenance queue's clean-up job, which BullMQ retries. */
  enqueueCleanup(payload: { sessionId: string; tenantId: string; contextCacheNames: string[] }): Promise<void>;
  logger: Logger;
}

/** The clean-up job's payload takes at most this many names. */
const NAMES_PER_CLEANUP_JOB = 100;

/**
 * After a job of a session that was erased while it ran: deletes at Gemini the context caches
 * the session still has recorded (created by this job after the erasure read the names; they
 * hold the CV). A cache that cannot be deleted now (Gemini down) is handed to the retried
 * clean-up job rather than left to live out its TTL with the erased CV in it.
 *
 * Must run before the job's `purgeIfErased`, which removes the set of names.
 */
export async function deleteCachesOfErasedSession(deps: ErasedSessionCachesDependencies, session: { sessionId: string; tenantId: string }): Promise<void> {
  if (!(await deps.isErased(session.sessionId).catch(() => false))) return;
  const left: string[] = [];
  for (const name of await deps.namesOf(session.sessionId)) {
    await deps.deleteCache(name).catch(() => left.push(name));
  }
  for (let start = 0; start < left.length; start += NAMES_PER_CLEANUP_JOB) {
    await deps.enqueueCleanup({ ...session, contextCacheNames: left.slice(start, start + NAMES_PER_CLEANUP_JOB) });
  }
  if (left.length > 0) deps.logger.warn({ sessionId: session.sessionId, caches: left.length }, 'context caches of an erased session could not be deleted now; handed to the clean-up job');
}
