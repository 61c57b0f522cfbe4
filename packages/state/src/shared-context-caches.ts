import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';
import { runLuaCommand } from './lua-scripts';

/** Where caches are really made: Gemini's `caches.*` API, injected (this package has no SDK). */
export interface ContextCacheBackend {
  create(model: string, stablePrefix: string, ttlSeconds: number): Promise<{ name: string; expiresAt: number }>;
  extend(name: string, ttlSeconds: number): Promise<{ name: string; expiresAt: number }>;
}

/**
 * What a call finds: the session's cache (`ready`); no cache although the call could use one
 * (`unavailable`: its creation failed or another worker's took too long); or a call that
 * could not use one (`ineligible`: no session, or a prefix below the model's minimum).
 */
export type ContextCacheLookup = { status: 'ready'; name: string } | { status: 'unavailable' } | { status: 'ineligible' };

export interface SharedContextCachesOptions {
  client: RedisClient;
  keys: GapflowKeys;
  backend: ContextCacheBackend;
  /** Lifetime of a cache at Gemini, renewed while in use. @defaultValue 3600 */
  ttlSeconds?: number;
  /** Prefixes shorter than this many tokens (per model) are not cached explicitly. */
  minTokensFor: (model: string) => number;
  /** How long one worker may take to create a cache before others stop waiting. @defaultValue 10000 */
  leaseMs?: number;
  /**
   * After a creation failed, how long the session's calls go without a cache before one
   * tries again; without it, every call of the session would pay for a refused creation.
   * @defaultValue 60000
   */
  retryCreateAfterMs?: number;
}

export interface ContextCacheStats {
  created: number;
  reused: number;
  extended: number;
  /** Calls that could have used a cache but went without (creation failed, lease timed out). */
  uncached: number;
  /** Calls that could not use one: no session, or a prefix below the model's minimum. */
  ineligible: number;
  /** Caches found too close to expiry (or gone at Gemini), replaced by a new one. */
  expired: number;
}

/** The session's cache, or a note that creating it failed (no `name`, `retryAt` instead). */
interface CacheRecord {
  /** sha256 of model and prefix: a record made for other bytes (a new deployment's instructions) is not used. */
  prefixHash: string;
  name?: string;
  expiresAt?: number;
  retryAt?: number;
}

/** A cache this close to expiry is not handed out (a call could outlive it). */
const SAFETY_MARGIN_MS = 60_000;

/**
 * One Gemini context cache per session, shared by every call of the session (questions,
 * scores, deep dives, the final answer all read the same prefix) and by every worker.
 *
 * The record is keyed by the session id, in the session's slot: a cache is never shared by
 * two sessions, so never across tenants, even when two sessions hold identical documents;
 * and it is erased with the session. The first call takes a short Redis lease and creates the
 * cache; calls arriving meanwhile wait and read the winner's name; a worker that gets the
 * lease reads the record again first, since another may have created the cache between its
 * read and its lease. Later calls reuse it and extend it when it has used half of its time.
 * Every name created is also added to the session's set, so erasure deletes it at Gemini.
 */
export class SharedContextCaches {
  readonly stats: ContextCacheStats = { created: 0, reused: 0, extended: 0, uncached: 0, ineligible: 0, expired: 0 };
  private readonly ttlSeconds: number;
  private readonly leaseMs: number;
  private readonly retryCreateAfterMs: number;

  constructor(private readonly options: SharedContextCachesOptions) {
    this.ttlSeconds = options.ttlSeconds ?? 3_600;
    this.leaseMs = options.leaseMs ?? 10_000;
    this.retryCreateAfterMs = options.retryCreateAfterMs ?? 60_000;
  }

  /**
   * The session's cache of `stablePrefix` on `model`, created if needed.
   *
   * @example
   * const found = await caches.lookup(sessionId, prompt.stablePrefix, 'gemini-2.5-flash');
   * if (found.status === 'ready') config.cachedContent = found.name;
   */
  async lookup(sessionId: string | undefined, stablePrefix: string, model: string): Promise<ContextCacheLookup> {
    if (!sessionId || Math.ceil(stablePrefix.length / 4) < this.options.minTokensFor(model)) {
      this.stats.ineligible += 1;
      return { status: 'ineligible' };
    }
    const prefixHash = createHash('sha256').update(model).update('\u0000').update(stablePrefix).digest('hex');
    const recordKey = this.options.keys.contextCache(sessionId);
    const lockKey = this.options.keys.contextCacheLock(sessionId);
    const deadline = Date.now() + this.leaseMs;
    let expiredSeen = false;
    const found = (record: CacheRecord | undefined): ContextCacheLookup | undefined => {
      if (!record || record.prefixHash !== prefixHash) return undefined;
      if (record.name && record.expiresAt !== undefined) {
        if (record.expiresAt - Date.now() > SAFETY_MARGIN_MS) {
          this.stats.reused += 1;
          if (record.expiresAt - Date.now() < (this.ttlSeconds * 1000) / 2) void this.extend(sessionId, record, recordKey, lockKey);
          return { status: 'ready', name: record.name };
        }
        if (!expiredSeen) {
          expiredSeen = true;
          this.stats.expired += 1;
        }
        return undefined;
      }
      if (record.retryAt !== undefined && record.retryAt > Date.now()) {
        this.stats.uncached += 1;
        return { status: 'unavailable' };
      }
      return undefined;
    };
    while (Date.now() < deadline) {
      const existing = found(await this.read(recordKey));
      if (existing) return existing;
      const token = `${process.pid}-${Math.random()}`;
      if ((await this.options.client.set(lockKey, token, 'PX', this.leaseMs, 'NX')) === 'OK') {
        try {
          // Read again under the lease: the worker that held it before us may have just written it.
          const written = found(await this.read(recordKey));
          if (written) return written;
          const created = await this.options.backend.create(model, stablePrefix, this.ttlSeconds);
          await this.write(sessionId, recordKey, { prefixHash, name: created.name, expiresAt: created.expiresAt });
          this.stats.created += 1;
          return { status: 'ready', name: created.name };
        } catch {
          await this.options.client.set(recordKey, JSON.stringify({ prefixHash, retryAt: Date.now() + this.retryCreateAfterMs }), 'PX', this.retryCreateAfterMs);
          this.stats.uncached += 1;
          return { status: 'unavailable' };
        } finally {
          await runLuaCommand(this.options.client, 'release-lock-1.lua', lockKey, token);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    this.stats.uncached += 1;
    return { status: 'unavailable' };
  }

  /**
   * Gemini no longer has this cache (expired early, deleted): forget it, so the session's next
   * call creates a new one instead of being refused again. A newer record is left alone.
   */
  async forget(sessionId: string, name: string): Promise<void> {
    const key = this.options.keys.contextCache(sessionId);
    const json = await this.options.client.get(key);
    if (!json || this.parse(json)?.name !== name) return;
    this.stats.expired += 1;
    // Deletes only if the record is still the one read (release-lock compares the value).
    await runLuaCommand(this.options.client, 'release-lock-1.lua', key, json);
  }

  /** Cache names created for a session, for deletion at Gemini when it is erased. */
  namesOf(sessionId: string): Promise<string[]> {
    return this.options.client.smembers(this.options.keys.sessionContextCaches(sessionId));
  }

  private async read(key: string): Promise<CacheRecord | undefined> {
    const json = await this.options.client.get(key);
    return json ? this.parse(json) : undefined;
  }

  private parse(json: string): CacheRecord | undefined {
    try {
      const value = JSON.parse(json) as CacheRecord;
      return typeof value.prefixHash === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private async write(sessionId: string, key: string, record: CacheRecord & { name: string; expiresAt: number }): Promise<void> {
    const ttlMs = Math.max(1_000, record.expiresAt - Date.now() - SAFETY_MARGIN_MS);
    const owned = this.options.keys.sessionContextCaches(sessionId);
    // One slot (the session's hash tag), so one MULTI: the name is never recorded without its owner.
    await this.options.client
      .multi()
      .set(key, JSON.stringify(record), 'PX', ttlMs)
      .sadd(owned, record.name)
      .pexpire(owned, Math.max(ttlMs + SAFETY_MARGIN_MS, this.ttlSeconds * 2_000))
      .exec();
  }

  private async extend(sessionId: string, record: CacheRecord, recordKey: string, lockKey: string): Promise<void> {
    const token = `${process.pid}-${Math.random()}`;
    if (!record.name || (await this.options.client.set(lockKey, token, 'PX', this.leaseMs, 'NX')) !== 'OK') return;
    try {
      const extended = await this.options.backend.extend(record.name, this.ttlSeconds);
      await this.write(sessionId, recordKey, { prefixHash: record.prefixHash, name: record.name, expiresAt: extended.expiresAt });
      this.stats.extended += 1;
    } catch {
      // The cache keeps its old expiry; a later call creates a new one if it lapses.
    } finally {
      await runLuaCommand(this.options.client, 'release-lock-1.lua', lockKey, token);
    }
  }
}
