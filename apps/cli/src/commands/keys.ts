import { GapflowError, SafeId, type Config } from '@gapflow/core';
import { ApiKeyStore, GapflowKeys, type ApiKeyInfo, type ApiKeyScope } from '@gapflow/state';
import { withDeploymentRedis } from '../deployment-redis';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** "90d", "12h", "30m": a duration as operators write it, in seconds. */
export function parseDuration(text: string, what: string): number {
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) throw new GapflowError('VALIDATION_FAILED', `${what} must be a whole number and a unit, e.g. 90d, 12h, 30m or 45s (got "${text}").`);
  return Number(match[1]) * (UNITS[match[2] as string] as number);
}

function withKeyStore<T>(config: Config, run: (store: ApiKeyStore) => Promise<T>): Promise<T> {
  return withDeploymentRedis(config, 'Set REDIS_URL (or REDIS_CLUSTER_NODES) to the Redis the gateway uses (gapflow start prints it when it starts its own).', (client) =>
    run(new ApiKeyStore(client, GapflowKeys.fromPrefix(config.redis.keyPrefix))),
  );
}

/**
 * `gapflow keys create --tenant <name> [--scope admin] [--expires-in 90d]`: a new API key,
 * stored hashed in the Redis of REDIS_URL (or the cluster of REDIS_CLUSTER_NODES) and printed
 * once. An admin key opens the operators' tools, not sessions.
 */
export async function createKeyCommand(config: Config, tenant: string | undefined, options: { scope?: string; expiresIn?: string } = {}): Promise<{ tenant: string; apiKey: string; scope: ApiKeyScope; expiresAt?: string }> {
  const parsed = SafeId.safeParse(tenant);
  if (!parsed.success) throw new GapflowError('VALIDATION_FAILED', 'Name the tenant: gapflow keys create --tenant <name> (letters, digits, "-" or "_").');
  if (options.scope !== undefined && options.scope !== 'tenant' && options.scope !== 'admin') {
    throw new GapflowError('VALIDATION_FAILED', `--scope is tenant (the default: a tenant's sessions) or admin (the operators' tools), not "${options.scope}".`);
  }
  const scope: ApiKeyScope = options.scope === 'admin' ? 'admin' : 'tenant';
  const expiresInSeconds = options.expiresIn === undefined ? undefined : parseDuration(options.expiresIn, '--expires-in');
  const expiresAt = expiresInSeconds === undefined ? undefined : new Date(Date.now() + expiresInSeconds * 1000);
  return withKeyStore(config, async (store) => {
    const apiKey = await store.create(parsed.data, { scope, ...(expiresAt ? { expiresAt } : {}) });
    return { tenant: parsed.data, apiKey, scope, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) };
  });
}

/** `gapflow keys list [--tenant <name>]`: every key's prefix, tenant, scope, creation, last use and expiry — never a key. */
export function listKeysCommand(config: Config, tenant: string | undefined): Promise<ApiKeyInfo[]> {
  return withKeyStore(config, (store) => store.list(tenant === undefined ? {} : { tenantId: tenant }));
}

/** `gapflow keys revoke <prefix>`: the key stops working on every gateway at once. */
export function revokeKeyCommand(config: Config, prefix: string | undefined): Promise<{ revoked: ApiKeyInfo }> {
  if (!prefix) throw new GapflowError('VALIDATION_FAILED', 'Name the key by its prefix as gapflow keys list shows it: gapflow keys revoke gf_AbC1234');
  return withKeyStore(config, async (store) => ({ revoked: await store.revokeByPrefix(prefix) }));
}
