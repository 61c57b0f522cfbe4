import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '@gapflow/core';
import { ApiKeyStore, createRedisConnection, GapflowKeys } from '@gapflow/state';

/** The tenant of the development key that `gapflow start` makes on embedded defaults. */
export const DEV_TENANT = 'dev';

/**
 * The development API key: reused from `<data dir>/dev-api-key` while Redis still knows it,
 * created (and saved there, readable by the owner only) otherwise.
 */
export async function ensureDevApiKey(config: Config, redisUrl: string): Promise<string> {
  const file = join(config.embedded.dataDir, 'dev-api-key');
  const client = createRedisConnection(redisUrl, { commandTimeoutMs: config.redis.commandTimeoutMs, connectionName: 'gapflow-start' });
  try {
    const store = new ApiKeyStore(client, GapflowKeys.fromPrefix(config.redis.keyPrefix));
    let saved: string | undefined;
    try {
      saved = readFileSync(file, 'utf8').trim();
    } catch {
      saved = undefined;
    }
    if (saved && (await store.tenantOf(saved)) === DEV_TENANT) return saved;
    const key = await store.create(DEV_TENANT);
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    return key;
  } finally {
    client.disconnect();
  }
}
