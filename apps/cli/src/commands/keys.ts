import { GapflowError, SafeId, type Config } from '@gapflow/core';
import { ApiKeyStore, createRedisConnection, GapflowKeys, redisTargetOf } from '@gapflow/state';

/**
 * `gapflow keys create --tenant <name>`: a new API key for a tenant, stored hashed in the
 * Redis of REDIS_URL (or the cluster of REDIS_CLUSTER_NODES) and printed once.
 */
export async function createKeyCommand(config: Config, tenant: string | undefined): Promise<{ tenant: string; apiKey: string }> {
  const parsed = SafeId.safeParse(tenant);
  if (!parsed.success) throw new GapflowError('VALIDATION_FAILED', 'Name the tenant: gapflow keys create --tenant <name> (letters, digits, "-" or "_").');
  if (!config.redis.url && !config.redis.clusterNodes) {
    throw new GapflowError('CONFIG_INVALID', 'Set REDIS_URL (or REDIS_CLUSTER_NODES) to the Redis the gateway uses (gapflow start prints it when it starts its own).');
  }
  const client = createRedisConnection(redisTargetOf(config.redis), { commandTimeoutMs: config.redis.commandTimeoutMs, connectionName: 'gapflow-cli' });
  try {
    const apiKey = await new ApiKeyStore(client, GapflowKeys.fromPrefix(config.redis.keyPrefix)).create(parsed.data);
    return { tenant: parsed.data, apiKey };
  } finally {
    client.disconnect();
  }
}
