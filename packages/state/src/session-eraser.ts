import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisCheckpointSaver } from './checkpoint/redis-checkpoint-saver';
import type { GapflowKeys } from './keys';
import type { ResultStore } from './result-store';
import type { SessionStore } from './session-store';

export interface ErasureReport {
  sessionId: string;
  /** Redis keys deleted: the session's own, its checkpoints' and its cache entries'. */
  keysRemoved: number;
}

/**
 * Erases a session and everything of it: the session document, results, events, its
 * LangGraph threads' checkpoints, and the cache entries that hold its text. Only the owning
 * tenant can erase; for anyone else the session does not exist (`NOT_FOUND`).
 *
 * A job of the session may still be running when it is erased, and write again (a result,
 * an event, a checkpoint). Erasure therefore leaves a tombstone — keyed by a hash of the id,
 * so no key names the session — and every job ends by `purgeIfErased`, which removes what it
 * wrote after the erasure.
 */
export class SessionEraser {
  constructor(
    private readonly client: Redis,
    private readonly keys: GapflowKeys,
    private readonly sessions: SessionStore,
    private readonly results: ResultStore,
    private readonly checkpoints: RedisCheckpointSaver,
    /** How long a tombstone outlives the erasure: as long as any job of the session could. */
    private readonly tombstoneSeconds = 86_400,
  ) {}

  async erase(tenantId: string, sessionId: string): Promise<ErasureReport> {
    await this.sessions.get(tenantId, sessionId);
    await this.client.set(this.tombstone(sessionId), '1', 'EX', this.tombstoneSeconds);
    const keysRemoved = await this.removeEverything(sessionId);
    await this.client.zrem(this.keys.tenantSessions(tenantId), sessionId);
    return { sessionId, keysRemoved };
  }

  async isErased(sessionId: string): Promise<boolean> {
    return (await this.client.exists(this.tombstone(sessionId))) === 1;
  }

  /** After a job of an erased session: removes whatever it wrote since; 0 for a live session. */
  async purgeIfErased(sessionId: string): Promise<number> {
    if ((await this.client.exists(this.tombstone(sessionId))) === 0) return 0;
    return this.removeEverything(sessionId);
  }

  private tombstone(sessionId: string): string {
    return this.keys.erasedSession(createHash('sha256').update(sessionId).digest('hex'));
  }

  private async removeEverything(sessionId: string): Promise<number> {
    let keysRemoved = 0;

    const threadsKey = this.checkpoints.keyLayout.threadsOfTag(sessionId);
    // Counted now: deleting the last thread empties the set, and Redis drops empty sets.
    keysRemoved += await this.client.exists(threadsKey);
    for (const threadId of await this.client.smembers(threadsKey)) {
      keysRemoved += await this.checkpoints.deleteThreadKeys(threadId);
    }

    const cacheEntries = await this.client.smembers(this.keys.sessionCacheKeys(sessionId));
    // Cache entries are content-addressed, each in its own slot: one DEL per entry.
    for (const entry of cacheEntries) keysRemoved += await this.client.del(entry);

    // Answer locks are per question; the questions are the session's stored results.
    const questionIds = [...(await this.results.all(sessionId, 'gap')).values()]
      .map((question) => (question as { id?: unknown }).id)
      .filter((id): id is string => typeof id === 'string');
    if (questionIds.length > 0) keysRemoved += await this.client.del(...questionIds.map((id) => this.keys.answerLock(sessionId, id)));

    keysRemoved += await this.client.del(
      this.keys.session(sessionId),
      this.keys.sessionJobs(sessionId),
      this.keys.sessionContextCaches(sessionId),
      this.keys.contextCache(sessionId),
      this.keys.contextCacheLock(sessionId),
      this.keys.results(sessionId),
      this.keys.events(sessionId),
      this.keys.eventKeys(sessionId),
      this.keys.sessionCacheKeys(sessionId),
    );
    await this.client.del(threadsKey);
    return keysRemoved;
  }
}
