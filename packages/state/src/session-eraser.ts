import type { RedisClient } from './redis-connection';
import type { RedisCheckpointSaver } from './checkpoint/redis-checkpoint-saver';
import { erasureTombstoneKey, isErased } from './erasure-tombstone';
import type { EventStream } from './event-stream';
import type { GapflowKeys } from './keys';
import type { ResultStore } from './result-store';
import { questionsOf } from './session-questions';
import type { SessionJobs } from './session-jobs';
import type { SessionStore } from './session-store';

export interface ErasureReport {
  sessionId: string;
  /** Redis keys deleted: the session's own and its checkpoints'. */
  keysRemoved: number;
  /** BullMQ jobs of the session handed to `removeJobs`. */
  jobsRemoved: number;
}

/** What lives outside the state package's keys and goes with the session (the queue's work). */
export interface ErasureHooks {
  /** Removes the session's jobs, before its keys go, so that none starts on an erased session. */
  removeJobs(jobIds: readonly string[]): Promise<unknown>;
  /** Deletes the session's Gemini context caches (they hold its CV and JD) at Gemini; called only with names. */
  deleteContextCaches(cacheNames: readonly string[]): Promise<unknown>;
}

/**
 * Erases a session and everything of it: the session document, results, events, its
 * LangGraph threads' checkpoints, and the records of its Gemini context caches. Only the owning
 * tenant can erase; for anyone else the session does not exist (`NOT_FOUND`).
 *
 * A job of the session may still be running when it is erased, and write again (a result,
 * an event, a checkpoint). Erasure therefore leaves a tombstone — keyed by a hash of the id,
 * so no key names the session — and every job ends by `purgeIfErased`, which removes what it
 * wrote after the erasure.
 */
export class SessionEraser {
  constructor(
    private readonly client: RedisClient,
    private readonly keys: GapflowKeys,
    private readonly sessions: SessionStore,
    private readonly results: ResultStore,
    private readonly checkpoints: RedisCheckpointSaver,
    private readonly events: EventStream,
    private readonly sessionJobs: SessionJobs,
    /** How long a tombstone outlives the erasure: as long as any job of the session could. */
    private readonly tombstoneSeconds = 86_400,
  ) {}

  /**
   * The one call that erases a session; `hooks` remove what other packages keep for it.
   *
   * @example
   * await state.eraser.erase(tenantId, sessionId, { removeJobs: (ids) => queues.removeJobs(ids), deleteContextCaches: (names) => … });
   */
  async erase(tenantId: string, sessionId: string, hooks?: ErasureHooks): Promise<ErasureReport> {
    await this.sessions.get(tenantId, sessionId);
    // The tombstone first: a context cache created from now on is deleted by its creator
    // (`SharedContextCaches` checks the tombstone after recording the name), and one recorded
    // before is in the set read below, so none is missed by both.
    await this.client.set(this.tombstone(sessionId), '1', 'EX', this.tombstoneSeconds);
    let jobsRemoved = 0;
    if (hooks) {
      const [jobIds, cacheNames] = await Promise.all([
        this.sessionJobs.all(sessionId),
        // The names SharedContextCaches.namesOf reads; that class needs a Gemini backend, which
        // the gateway that erases has not.
        this.client.smembers(this.keys.sessionContextCaches(sessionId)),
      ]);
      await hooks.removeJobs(jobIds);
      jobsRemoved = jobIds.length;
      if (cacheNames.length > 0) await hooks.deleteContextCaches(cacheNames);
    }
    // Open event streams end on this event (a subscriber between reads learns it from the tombstone).
    await this.events.append(sessionId, { type: 'session.erased', data: {}, idempotencyKey: 'session.erased' });
    const keysRemoved = await this.removeEverything(sessionId);
    await this.sessions.unlist(tenantId, sessionId);
    return { sessionId, keysRemoved, jobsRemoved };
  }

  async isErased(sessionId: string): Promise<boolean> {
    return isErased(this.client, this.keys, sessionId);
  }

  /** After a job of an erased session: removes whatever it wrote since; 0 for a live session. */
  async purgeIfErased(sessionId: string): Promise<number> {
    if (!(await isErased(this.client, this.keys, sessionId))) return 0;
    return this.removeEverything(sessionId);
  }

  private tombstone(sessionId: string): string {
    return erasureTombstoneKey(this.keys, sessionId);
  }

  private async removeEverything(sessionId: string): Promise<number> {
    // This process's parsed copy goes too (other processes drop theirs on their next read).
    this.sessions.forget(sessionId);
    let keysRemoved = 0;

    const threadsKey = this.checkpoints.keyLayout.threadsOfTag(sessionId);
    // Counted now: deleting the last thread empties the set, and Redis drops empty sets.
    keysRemoved += await this.client.exists(threadsKey);
    for (const threadId of await this.client.smembers(threadsKey)) {
      keysRemoved += await this.checkpoints.deleteThreadKeys(threadId);
    }

    // Answer locks are per question; the questions are the session's stored results.
    const questionIds = (await questionsOf(this.results, sessionId)).map((question) => question.id);
    if (questionIds.length > 0) keysRemoved += await this.client.del(...questionIds.map((id) => this.keys.answerLock(sessionId, id)));

    keysRemoved += await this.client.del(
      this.keys.session(sessionId),
      this.keys.sessionOwner(sessionId),
      this.keys.threadsRefreshed(sessionId),
      ...this.keys.sessionRecords(sessionId),
      this.checkpoints.keyLayout.keysOfTag(sessionId),
      this.keys.sessionContextCaches(sessionId),
      this.keys.contextCache(sessionId),
      this.keys.contextCacheLock(sessionId),
    );
    await this.client.del(threadsKey);
    return keysRemoved;
  }
}
