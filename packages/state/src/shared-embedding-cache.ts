import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';
import { runLuaCommand } from './lua-scripts';

export interface SharedEmbeddingCacheOptions {
  client: RedisClient;
  keys: GapflowKeys;
  /** How long a vector is kept after it was last written. @defaultValue 86400 (one day) */
  ttlSeconds?: number;
}

/**
 * Vectors in Redis, by embedder id and text hash, shared by every worker (the retrieval
 * package's `EmbeddingCache`). A batch is read with one MGET and written with one MULTI: an
 * embedder's keys share a hash tag, so both stay in one slot on Redis Cluster. The lease lets
 * one process embed a batch while the others wait for its vectors instead of embedding too.
 *
 * @example
 * const embedder = new CachedEmbedder(remote, new SharedEmbeddingCache({ client, keys }));
 */
export class SharedEmbeddingCache {
  private readonly ttlSeconds: number;

  constructor(private readonly options: SharedEmbeddingCacheOptions) {
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
  }

  /** The stored vector of each hash, in order; undefined where there is none (or it is unreadable). */
  async getMany(embedderId: string, textHashes: readonly string[]): Promise<(number[] | undefined)[]> {
    if (textHashes.length === 0) return [];
    const values = await this.options.client.mget(...textHashes.map((hash) => this.options.keys.embedding(embedderId, hash)));
    return values.map((json) => {
      if (json === null) return undefined;
      try {
        const vector = JSON.parse(json) as unknown;
        return Array.isArray(vector) && vector.every((value) => typeof value === 'number') ? vector : undefined;
      } catch {
        return undefined;
      }
    });
  }

  async setMany(embedderId: string, entries: readonly { textHash: string; vector: readonly number[] }[]): Promise<void> {
    if (entries.length === 0) return;
    const multi = this.options.client.multi();
    for (const { textHash, vector } of entries) multi.set(this.options.keys.embedding(embedderId, textHash), JSON.stringify(vector), 'EX', this.ttlSeconds);
    await multi.exec();
  }

  /**
   * Takes the lease of embedding one batch for `leaseMs` (SET NX PX): a release function when
   * this process got it, undefined when another holds it. A holder that dies frees it at expiry.
   */
  async tryLease(embedderId: string, batchHash: string, leaseMs: number): Promise<(() => Promise<void>) | undefined> {
    const key = this.options.keys.embeddingLease(embedderId, batchHash);
    const token = randomUUID();
    if ((await this.options.client.set(key, token, 'PX', leaseMs, 'NX')) !== 'OK') return undefined;
    return async () => {
      await runLuaCommand(this.options.client, 'release-lock-1.lua', key, token);
    };
  }
}
