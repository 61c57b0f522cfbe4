import { createHash, randomBytes } from 'node:crypto';
import { GapflowError } from '@gapflow/core';
import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';
import { runLuaCommand } from './lua-scripts';

/** An API key's hash: what Redis stores instead of the key, so a dump of Redis reveals none. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** `tenant`: a tenant's sessions, over the API. `admin`: the operators' tools (the queue dashboard); no sessions. */
export type ApiKeyScope = 'tenant' | 'admin';

/** What may be shown of a key: never the key, only its first characters to tell it by. */
export interface ApiKeyInfo {
  /** The key's first 10 characters (`gf_` and 7 more): enough to tell keys apart, not to use one. */
  prefix: string;
  tenantId: string;
  scope: ApiKeyScope;
  createdAt: string;
  /** Within a minute: a gateway records a use at most once a minute per key. */
  lastUsedAt?: string;
  expiresAt?: string;
}

/** A key that was found: its tenant and scope. */
export interface ApiKeyOwner {
  tenantId: string;
  scope: ApiKeyScope;
}

const PREFIX_LENGTH = 10;
/** Enough of a prefix to name one key: `gf_` alone names them all. */
const MIN_REVOKE_PREFIX = 8;
/** How often one process records a key's use: a write per request would cost more than the request. */
const LAST_USED_EVERY_MS = 60_000;

/**
 * API keys mapped to tenants, stored hashed, with what an operator needs to manage them
 * (prefix, scope, creation, last use, expiry) and an index to list them. Keys are
 * credentials, not session data: they live until revoked or until their expiry. Nothing is
 * cached in a process, so a revocation holds on every gateway at once.
 *
 * @example
 * const key = await apiKeys.create('acme'); // gf_… shown once
 * await apiKeys.ownerOf(key);              // { tenantId: 'acme', scope: 'tenant' }
 */
export class ApiKeyStore {
  private readonly usesRecorded = new Map<string, number>();

  constructor(
    private readonly client: RedisClient,
    private readonly keys: GapflowKeys,
  ) {}

  /** A new key; the only time the key itself is seen. `expiresAt`: it stops working then, and is gone. */
  async create(tenantId: string, options: { scope?: ApiKeyScope; expiresAt?: Date } = {}): Promise<string> {
    const key = `gf_${randomBytes(24).toString('base64url')}`;
    const hash = hashApiKey(key);
    const fields: Record<string, string> = { tenantId, scope: options.scope ?? 'tenant', prefix: key.slice(0, PREFIX_LENGTH), createdAt: new Date().toISOString() };
    if (options.expiresAt) fields.expiresAt = options.expiresAt.toISOString();
    // Indexed first: a key whose record is written is always listed (a crash between leaves at
    // most an index entry without a key, which listing drops).
    await this.client.sadd(this.keys.apiKeyIndex(), hash);
    await this.client.hset(this.keys.apiKey(hash), fields);
    if (options.expiresAt) await this.client.pexpireat(this.keys.apiKey(hash), options.expiresAt.getTime());
    return key;
  }

  /** The tenant and scope of a key, or undefined for an unknown, revoked or expired key. Records its use. */
  async ownerOf(key: string): Promise<ApiKeyOwner | undefined> {
    const hash = hashApiKey(key);
    const [tenantId, scope, expiresAt] = await this.client.hmget(this.keys.apiKey(hash), 'tenantId', 'scope', 'expiresAt');
    if (!tenantId) return undefined;
    // Redis drops an expired key within its own clock's second; the recorded time decides before that.
    if (expiresAt && Date.parse(expiresAt) <= Date.now()) return undefined;
    // Not awaited: a hiccup while recording a use must not fail the request it came with.
    this.recordUse(hash).catch(() => undefined);
    return { tenantId, scope: scope === 'admin' ? 'admin' : 'tenant' };
  }

  /** The tenant of a key, or undefined for an unknown, revoked or expired key. */
  async tenantOf(key: string): Promise<string | undefined> {
    return (await this.ownerOf(key))?.tenantId;
  }

  /** Every key (of one tenant), newest first, as far as it may be shown; index entries of keys that are gone are dropped. */
  async list(options: { tenantId?: string } = {}): Promise<ApiKeyInfo[]> {
    const hashes = await this.client.smembers(this.keys.apiKeyIndex());
    const stored = await Promise.all(hashes.map((hash) => this.client.hgetall(this.keys.apiKey(hash))));
    const gone = hashes.filter((_, index) => !stored[index]?.tenantId);
    if (gone.length > 0) await this.client.srem(this.keys.apiKeyIndex(), ...gone);
    return stored
      .filter((fields): fields is Record<string, string> => Boolean(fields?.tenantId) && (options.tenantId === undefined || fields.tenantId === options.tenantId))
      .map((fields) => infoOf(fields, '(created before prefixes were kept)'))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /**
   * Revokes the one key whose prefix (as `keys list` shows it) is given: at once, on every
   * gateway. `NOT_FOUND` when no key has it, `VALIDATION_FAILED` when several do.
   */
  async revokeByPrefix(prefix: string): Promise<ApiKeyInfo> {
    const hashes = await this.client.smembers(this.keys.apiKeyIndex());
    const prefixes = await Promise.all(hashes.map((hash) => this.client.hget(this.keys.apiKey(hash), 'prefix')));
    if (prefix.length < MIN_REVOKE_PREFIX) throw new GapflowError('VALIDATION_FAILED', `Give at least ${MIN_REVOKE_PREFIX} characters of the key's prefix, as gapflow keys list shows it (gf_ and more).`);
    const matching = hashes.filter((_, index) => prefixes[index]?.startsWith(prefix));
    if (matching.length === 0) throw new GapflowError('NOT_FOUND', `No key starts with "${prefix}". List the keys with: gapflow keys list`);
    if (matching.length > 1) throw new GapflowError('VALIDATION_FAILED', `${matching.length} keys start with "${prefix}"; give the whole prefix that gapflow keys list shows.`);
    const hash = matching[0] as string;
    const fields = await this.client.hgetall(this.keys.apiKey(hash));
    const removed = await this.client.del(this.keys.apiKey(hash));
    await this.client.srem(this.keys.apiKeyIndex(), hash);
    if (removed === 0 || !fields.tenantId) throw new GapflowError('NOT_FOUND', `The key starting with "${prefix}" was revoked or expired meanwhile.`);
    return infoOf(fields, prefix);
  }

  /** Revokes every key of a tenant (erasing the tenant); how many there were. */
  async revokeTenant(tenantId: string): Promise<number> {
    const hashes = await this.client.smembers(this.keys.apiKeyIndex());
    const tenants = await Promise.all(hashes.map((hash) => this.client.hget(this.keys.apiKey(hash), 'tenantId')));
    const theirs = hashes.filter((_, index) => tenants[index] === tenantId);
    for (const hash of theirs) {
      await this.client.del(this.keys.apiKey(hash));
      await this.client.srem(this.keys.apiKeyIndex(), hash);
    }
    return theirs.length;
  }

  /** Revokes a key given whole. */
  async revoke(key: string): Promise<boolean> {
    const hash = hashApiKey(key);
    const removed = (await this.client.del(this.keys.apiKey(hash))) === 1;
    await this.client.srem(this.keys.apiKeyIndex(), hash);
    return removed;
  }

  private async recordUse(hash: string): Promise<void> {
    const now = Date.now();
    if (now - (this.usesRecorded.get(hash) ?? 0) < LAST_USED_EVERY_MS) return;
    this.usesRecorded.set(hash, now);
    // Only while the key exists: a revocation between the read and this write must not bring it back.
    await runLuaCommand<number>(this.client, 'record-key-use-1.lua', this.keys.apiKey(hash), new Date(now).toISOString());
  }
}

/** What may be shown of a key, from its stored record; `prefix` stands in for a record kept without one. */
function infoOf(fields: Record<string, string>, prefix: string): ApiKeyInfo {
  return {
    prefix: fields.prefix ?? prefix,
    tenantId: fields.tenantId as string,
    scope: fields.scope === 'admin' ? 'admin' : 'tenant',
    createdAt: fields.createdAt ?? '',
    ...(fields.lastUsedAt ? { lastUsedAt: fields.lastUsedAt } : {}),
    ...(fields.expiresAt ? { expiresAt: fields.expiresAt } : {}),
  };
}
