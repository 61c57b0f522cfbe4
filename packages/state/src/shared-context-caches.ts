import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-connection';
import { isErased } from './erasure-tombstone';
import type { GapflowKeys } from './keys';
import { runLuaCommand } from './lua-scripts';

/** Where caches are really made: Gemini's `caches.*` API, injected (this package has no SDK). */
export interface ContextCacheBackend {
  create(model: string, stablePrefix: string, ttlSeconds: number): Promise<{ name: string; expiresAt: number }>;
  extend(name: string, ttlSeconds: number): Promise<{ name: string; expiresAt: number }>;
  /** Deletes a cache at Gemini; one already gone counts as deleted. */
  delete(name: string): Promise<void>;
  /** Whether `create` failed because the content is below the model's minimum ("Cached content is too small"). */
  isTooSmall(error: unknown): boolean;
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
  /**
   * A prefix is cached only when its estimate (chars / 4) reaches this multiple of the
   * minimum. The estimate is a guess: Gemini's tokenizer counts fewer tokens for some texts
   * (long words, code, numbers), and refuses a cache it counts below the minimum. 1.25 covers
   * a tokenizer that counts one token per 5 characters; a refusal despite it marks the
   * session ineligible. @defaultValue 1.25
   */
  minTokensMargin?: number;
  /**
   * How long a session whose prefix Gemini refused as too small goes without a cache: its
   * documents do not change, so for its whole lifetime (SESSION_TTL_SECONDS). @defaultValue 86400
   */
  sessionTtlSeconds?: number;
  /**
   * The longest a creation at Gemini can take: the cache client's request timeout
   * (`GEMINI_TIMEOUT_MS`). The lease of the creating worker is derived from it, so that it
   * cannot lapse while the creation is still under way. @defaultValue 30000
   */
  createTimeoutMs?: number;
  /**
   * Lifetime of the creating worker's lease, renewed every third of it while the creation
   * runs; also how long other calls wait for that creation. @defaultValue createTimeoutMs + 5000
   */
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
  /** Calls that could not use one: no session, a prefix below the model's minimum (by our estimate or Gemini's refusal), an erased session. */
  ineligible: number;
  /** Caches found too close to expiry (or gone at Gemini), replaced by a new one. */
  expired: number;
  /** Caches deleted right after their creation: the lease was lost meanwhile, or the session erased. */
  discarded: number;
}

/**
 * The session's cache; or a note that creating it failed (no `name`, `retryAt` instead); or
 * that Gemini refused the prefix as below the model's minimum (`tooSmall`, for the session's
 * lifetime: retrying would be refused again, and each call would count as a miss).
 */
interface CacheRecord {
  /** sha256 of model and prefix: a record made for other bytes (a new deployment's instructions) is not used. */
  prefixHash: string;
  name?: string;
  expiresAt?: number;
  retryAt?: number;
  tooSmall?: true;
}

/** A cache this close to expiry is not handed out (a call could outlive it). */
const SAFETY_MARGIN_MS = 60_000;

/**
 * One Gemini context cache per session, shared by every call of the session (questions,
 * scores, deep dives, the final answer all read the same prefix) and by every worker.
 *
 * The record is keyed by the session id, in the session's slot: a cache is never shared by
 * two sessions, so never across tenants, even when two sessions hold identical documents;
 * and it is erased with the session. The first call takes a Redis lease and creates the
 * cache; calls arriving meanwhile wait and read the winner's name; a worker that gets the
 * lease reads the record again first, since another may have created the cache between its
 * read and its lease. Later calls reuse it and extend it when it has used half of its time.
 *
 * The lease outlives the creation (it is derived from the create timeout and renewed while
 * the creation runs), and the record is written only by the lease's holder: should a lease
 * lapse anyway (a paused process), the worker that lost it deletes its cache instead of
 * handing out a second one. Every name created joins the session's set in the same script,
 * before any call uses it, so erasure deletes it at Gemini; a creation that ends after its
 * session was erased deletes its own cache.
 */
export class SharedContextCaches {
  readonly stats: ContextCacheStats = { created: 0, reused: 0, extended: 0, uncached: 0, ineligible: 0, expired: 0, discarded: 0 };
  private readonly ttlSeconds: number;
  private readonly leaseMs: number;
  private readonly retryCreateAfterMs: number;

  constructor(private readonly options: SharedContextCachesOptions) {
    this.ttlSeconds = options.ttlSeconds ?? 3_600;
    this.leaseMs = options.leaseMs ?? (options.createTimeoutMs ?? 30_000) + 5_000;
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
    const estimatedTokens = Math.ceil(stablePrefix.length / 4);
    if (!sessionId || estimatedTokens < (this.options.minTokensMargin ?? 1.25) * this.options.minTokensFor(model)) {
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
      if (record.tooSmall) {
        this.stats.ineligible += 1;
        return { status: 'ineligible' };
      }
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
        let created: { name: string; expiresAt: number };
        try {
          // Read again under the lease: the worker that held it before us may have just written it.
          const written = found(await this.read(recordKey));
          if (written) {
            await runLuaCommand(this.options.client, 'release-lock-1.lua', lockKey, token);
            return written;
          }
          created = await this.holdingLease(lockKey, token, () => this.options.backend.create(model, stablePrefix, this.ttlSeconds));
        } catch (error) {
          await runLuaCommand(this.options.client, 'release-lock-1.lua', lockKey, token).catch(() => undefined);
          if (this.options.backend.isTooSmall(error)) {
            const ttlMs = (this.options.sessionTtlSeconds ?? 86_400) * 1000;
            await this.options.client.set(recordKey, JSON.stringify({ prefixHash, tooSmall: true }), 'PX', ttlMs);
            this.stats.ineligible += 1;
            return { status: 'ineligible' };
          }
          await this.options.client.set(recordKey, JSON.stringify({ prefixHash, retryAt: Date.now() + this.retryCreateAfterMs }), 'PX', this.retryCreateAfterMs);
          this.stats.uncached += 1;
          return { status: 'unavailable' };
        }
        try {
          return await this.keep(sessionId, { prefixHash, ...created }, token, found);
        } finally {
          await runLuaCommand(this.options.client, 'release-lock-1.lua', lockKey, token).catch(() => undefined);
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

  /**
   * A cache just created: its name joins the session's set and, while this worker still holds
   * the lease, the record that hands it out (one script, so neither goes without the other).
   * A worker that lost the lease meanwhile, or whose session was erased meanwhile, deletes its
   * cache at Gemini. Erasure takes its tombstone before it reads the set, so either it reads
   * the name here, or the check below sees the tombstone: a cache never outlives its session.
   */
  private async keep(
    sessionId: string,
    record: CacheRecord & { name: string; expiresAt: number },
    token: string,
    found: (record: CacheRecord | undefined) => ContextCacheLookup | undefined,
  ): Promise<ContextCacheLookup> {
    const recordKey = this.options.keys.contextCache(sessionId);
    let kept: boolean;
    try {
      kept = await this.record(sessionId, record, token);
    } catch {
      // Redis failed after Gemini made the cache: nothing would ever find its name again.
      await this.discard(sessionId, record.name);
      this.stats.uncached += 1;
      return { status: 'unavailable' };
    }
    if (await isErased(this.options.client, this.options.keys, sessionId)) {
      await this.discard(sessionId, record.name);
      this.stats.ineligible += 1;
      return { status: 'ineligible' };
    }
    if (!kept) {
      // Another worker took the lease after ours lapsed; its cache (or its wait) is the session's.
      await this.discard(sessionId, record.name);
      const winner = found(await this.read(recordKey).catch(() => undefined));
      if (winner) return winner;
      this.stats.uncached += 1;
      return { status: 'unavailable' };
    }
    this.stats.created += 1;
    return { status: 'ready', name: record.name };
  }

  /** Writes the record if `token` still holds the lease; records the name in any case. */
  private async record(sessionId: string, record: CacheRecord & { name: string; expiresAt: number }, token: string): Promise<boolean> {
    const ttlMs = Math.max(1_000, record.expiresAt - Date.now() - SAFETY_MARGIN_MS);
    const namesTtlMs = Math.max(ttlMs + SAFETY_MARGIN_MS, this.ttlSeconds * 2_000);
    const keys = this.options.keys;
    const written = await runLuaCommand<number>(
      this.options.client,
      'record-context-cache-3.lua',
      keys.contextCache(sessionId),
      keys.contextCacheLock(sessionId),
      keys.sessionContextCaches(sessionId),
      token,
      JSON.stringify(record),
      ttlMs,
      record.name,
      namesTtlMs,
    );
    return written === 1;
  }

  /** Best effort: a cache deleted at Gemini leaves the set; one that could not be stays there for erasure. */
  private async discard(sessionId: string, name: string): Promise<void> {
    this.stats.discarded += 1;
    try {
      await this.options.backend.delete(name);
      await this.options.client.srem(this.options.keys.sessionContextCaches(sessionId), name);
    } catch {
      // Still in the session's set when Redis took it: erasure, or the job's clean-up, deletes it.
    }
  }

  /** Runs `work` while renewing the lease every third of its lifetime, so it cannot lapse under a slow creation. */
  private async holdingLease<T>(lockKey: string, token: string, work: () => Promise<T>): Promise<T> {
    const renewal = setInterval(() => {
      void runLuaCommand(this.options.client, 'renew-lock-1.lua', lockKey, token, this.leaseMs).catch(() => undefined);
    }, Math.max(10, Math.floor(this.leaseMs / 3)));
    try {
      return await work();
    } finally {
      clearInterval(renewal);
    }
  }

  private async extend(sessionId: string, record: CacheRecord, recordKey: string, lockKey: string): Promise<void> {
    const token = `${process.pid}-${Math.random()}`;
    if (!record.name || (await this.options.client.set(lockKey, token, 'PX', this.leaseMs, 'NX')) !== 'OK') return;
    try {
      const extended = await this.options.backend.extend(record.name, this.ttlSeconds);
      await this.record(sessionId, { prefixHash: record.prefixHash, name: record.name, expiresAt: extended.expiresAt }, token);
      this.stats.extended += 1;
    } catch {
      // The cache keeps its old expiry; a later call creates a new one if it lapses.
    } finally {
      await runLuaCommand(this.options.client, 'release-lock-1.lua', lockKey, token);
    }
  }
}
