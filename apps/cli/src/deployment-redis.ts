import { GapflowError, type Config } from '@gapflow/core';
import { createRedisConnection, redisTargetOf, type RedisClient } from '@gapflow/state';

/**
 * The Redis of a running deployment, for the commands that manage one (keys, queues, tenants):
 * REDIS_URL or REDIS_CLUSTER_NODES must name it; `missing` says what to set when neither does.
 * The connection is closed once `run` is done.
 */
export async function withDeploymentRedis<T>(config: Config, missing: string, run: (client: RedisClient) => Promise<T>): Promise<T> {
  if (!config.redis.url && !config.redis.clusterNodes) throw new GapflowError('CONFIG_INVALID', missing);
  const client = createRedisConnection(redisTargetOf(config.redis), { commandTimeoutMs: config.redis.commandTimeoutMs, connectionName: 'gapflow-cli' });
  try {
    return await run(client);
  } finally {
    client.disconnect();
  }
}
