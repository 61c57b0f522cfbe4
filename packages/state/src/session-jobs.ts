import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';
import type { StoreOptions } from './session-store';

/**
 * The BullMQ job ids of a session, so that erasing the session can remove its jobs. Recorded
 * before a job is enqueued: erasure must find every job that may exist.
 *
 * @example
 * await sessionJobs.record(sessionId, [jobId]);
 * await queues.enqueueEvaluation(payload);
 */
export class SessionJobs {
  private readonly client: RedisClient;
  private readonly keys: GapflowKeys;
  private readonly ttlSeconds: number;

  constructor(options: StoreOptions) {
    this.client = options.client;
    this.keys = options.keys;
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
  }

  async record(sessionId: string, jobIds: readonly string[]): Promise<void> {
    if (jobIds.length === 0) return;
    const key = this.keys.sessionJobs(sessionId);
    await this.client.multi().sadd(key, ...jobIds).expire(key, this.ttlSeconds).exec();
  }

  all(sessionId: string): Promise<string[]> {
    return this.client.smembers(this.keys.sessionJobs(sessionId));
  }
}
