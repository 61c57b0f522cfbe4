import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';
import type { StoreOptions } from './session-store';

export interface CacheStats {
  hits: number;
  misses: number;
}

/**
 * A content-addressed cache: the key is a hash of the model id and the exact input, so equal
 * work is done once across all workers. Entries that hold a session's text are recorded
 * against the session, so erasing the session erases them too.
 *
 * @example
 * const hash = ContentCache.hashOf('hashing-v1', texts);
 * const vectors = (await cache.get<number[][]>(hash)) ?? (await embedAndStore(hash));
 */
export class ContentCache {
  private readonly client: RedisClient;
  private readonly keys: GapflowKeys;
  private readonly ttlSeconds: number;
  /** Counted in this process; the metrics issue exports them. */
  readonly stats: CacheStats = { hits: 0, misses: 0 };

  constructor(options: StoreOptions) {
    this.client = options.client;
    this.keys = options.keys;
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
  }

  /** The content hash of an input for a model: stable across processes and runs. */
  static hashOf(modelId: string, input: unknown): string {
    return createHash('sha256').update(modelId).update('\u0000').update(JSON.stringify(input)).digest('hex');
  }

  async get<T>(hash: string): Promise<T | undefined> {
    const json = await this.client.get(this.keys.cacheEntry(hash));
    if (json === null) {
      this.stats.misses += 1;
      return undefined;
    }
    this.stats.hits += 1;
    return JSON.parse(json) as T;
  }

  async set(hash: string, value: unknown, options: { sessionId?: string } = {}): Promise<void> {
    const key = this.keys.cacheEntry(hash);
    await this.client.set(key, JSON.stringify(value), 'EX', this.ttlSeconds);
    if (options.sessionId) {
      const owned = this.keys.sessionCacheKeys(options.sessionId);
      await this.client.multi().sadd(owned, key).expire(owned, this.ttlSeconds).exec();
    }
  }

}
