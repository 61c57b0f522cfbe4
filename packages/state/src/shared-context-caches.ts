import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { GapflowKeys } from './keys';
import { runLuaCommand } from './lua-scripts';

/** Where caches are really made: Gemini's `caches.*` API, injected (this package has no SDK). */
export interface ContextCacheBackend {
  create(model: string, stablePrefix: string, ttlSeconds: number): Promise<{ name: string; expiresAt: number }>;
  extend(name: string, ttlSeconds: number): Promise<{ name: string; expiresAt: number }>;
}

export interface SharedContextCachesOptions {
  client: Redis;
  keys: GapflowKeys;
  backend: ContextCacheBackend;
  /** Lifetime of a cache at Gemini, renewed while in use. @defaultValue 3600 */
  ttlSeconds?: number;
  /** Prefixes shorter than this many tokens (per model) are not cached explicitly. */
  minTokensFor: (model: string) => number;
  /** How long one worker may take to create a cache before others stop waiting. @defaultValue 10000 */
  leaseMs?: number;
}

export interface ContextCacheStats {
  created: number;
  reused: number;
  extended: number;
  /** Calls that went without an explicit cache (prefix too short, or creation failed). */
  uncached: number;
  /** Caches found too close to expiry, replaced by a new one. */
  expired: number;
}

interface CacheRecord {
  name: string;
  expiresAt: number;
}

/** A cache this close to expiry is not handed out (a call could outlive it). */
const SAFETY_MARGIN_MS = 60_000;

/**
 * One Gemini context cache per stable prompt prefix, shared by every worker: the first job
 * that needs it takes a short Redis lease and creates it; jobs arriving meanwhile wait and
 * read the winner's name; later jobs reuse it, and extend it when it has used half of its
 * time. Ten jobs starting at once create one cache, not ten. Cache names made for a session
 * are recorded against it, so erasing the session deletes them too.
 */
export class SharedContextCaches {
  readonly stats: ContextCacheStats = { created: 0, reused: 0, extended: 0, uncached: 0, expired: 0 };
  private readonly ttlSeconds: number;
  private readonly leaseMs: number;

  constructor(private readonly options: SharedContextCachesOptions) {
    this.ttlSeconds = options.ttlSeconds ?? 3_600;
    this.leaseMs = options.leaseMs ?? 10_000;
  }

  /** The cache to use for a prefix on a model, created if needed; undefined when not worth one. */
  async nameFor(stablePrefix: string, model: string, sessionId?: string): Promise<string | undefined> {
    if (Math.ceil(stablePrefix.length / 4) < this.options.minTokensFor(model)) {
      this.stats.uncached += 1;
      return undefined;
    }
    const hash = createHash('sha256').update(model).update('\u0000').update(stablePrefix).digest('hex');
    const recordKey = this.options.keys.contextCache(hash);
    const lockKey = this.options.keys.contextCacheLock(hash);
    const deadline = Date.now() + this.leaseMs;
    let expiredSeen = false;
    while (Date.now() < deadline) {
      const record = await this.read(recordKey);
      if (record && record.expiresAt - Date.now() <= SAFETY_MARGIN_MS && !expiredSeen) {
        expiredSeen = true;
        this.stats.expired += 1;
      }
      if (record && record.expiresAt - Date.now() > SAFETY_MARGIN_MS) {
        this.stats.reused += 1;
        if (record.expiresAt - Date.now() < (this.ttlSeconds * 1000) / 2) void this.extend(record, recordKey, lockKey);
        return record.name;
      }
      const token = `${process.pid}-${Math.random()}`;
      if ((await this.options.client.set(lockKey, token, 'PX', this.leaseMs, 'NX')) === 'OK') {
        try {
          const created = await this.options.backend.create(model, stablePrefix, this.ttlSeconds);
          await this.write(recordKey, created, sessionId);
          this.stats.created += 1;
          return created.name;
        } catch {
          this.stats.uncached += 1;
          return undefined;
        } finally {
          await runLuaCommand(this.options.client, 'release-lock-1.lua', lockKey, token);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    this.stats.uncached += 1;
    return undefined;
  }

  /** Cache names created for a session, for deletion at Gemini when it is erased. */
  namesOf(sessionId: string): Promise<string[]> {
    return this.options.client.smembers(this.options.keys.sessionContextCaches(sessionId));
  }

  private async read(key: string): Promise<CacheRecord | undefined> {
    const json = await this.options.client.get(key);
    return json ? (JSON.parse(json) as CacheRecord) : undefined;
  }

  private async write(key: string, record: CacheRecord, sessionId: string | undefined): Promise<void> {
    const ttlMs = Math.max(1_000, record.expiresAt - Date.now() - SAFETY_MARGIN_MS);
    await this.options.client.set(key, JSON.stringify(record), 'PX', ttlMs);
    if (sessionId) {
      const owned = this.options.keys.sessionContextCaches(sessionId);
      await this.options.client.multi().sadd(owned, record.name).expire(owned, this.ttlSeconds * 2).exec();
    }
  }

  private async extend(record: CacheRecord, recordKey: string, lockKey: string): Promise<void> {
    const token = `${process.pid}-${Math.random()}`;
    if ((await this.options.client.set(lockKey, token, 'PX', this.leaseMs, 'NX')) !== 'OK') return;
    try {
      const extended = await this.options.backend.extend(record.name, this.ttlSeconds);
      await this.write(recordKey, extended, undefined);
      this.stats.extended += 1;
    } catch {
      // The cache keeps its old expiry; a later call creates a new one if it lapses.
    } finally {
      await runLuaCommand(this.options.client, 'release-lock-1.lua', lockKey, token);
    }
  }
}
