import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';

/** An API key's hash: what Redis stores instead of the key, so a dump of Redis reveals none. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * API keys mapped to tenants, stored hashed. Keys are credentials, not session data: they
 * have no TTL and live until revoked.
 *
 * @example
 * const key = await apiKeys.create('acme'); // gf_… shown once
 * await apiKeys.tenantOf(key);             // 'acme'
 */
export class ApiKeyStore {
  constructor(
    private readonly client: RedisClient,
    private readonly keys: GapflowKeys,
  ) {}

  /** A new key for the tenant; the only time the key itself is seen. */
  async create(tenantId: string): Promise<string> {
    const key = `gf_${randomBytes(24).toString('base64url')}`;
    await this.client.hset(this.keys.apiKey(hashApiKey(key)), { tenantId, createdAt: new Date().toISOString() });
    return key;
  }

  /** The tenant of a key, or undefined for an unknown or revoked key. */
  async tenantOf(key: string): Promise<string | undefined> {
    const tenantId = await this.client.hget(this.keys.apiKey(hashApiKey(key)), 'tenantId');
    return tenantId ?? undefined;
  }

  async revoke(key: string): Promise<boolean> {
    return (await this.client.del(this.keys.apiKey(hashApiKey(key)))) === 1;
  }
}
