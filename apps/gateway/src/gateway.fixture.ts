import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@gapflow/core';
import { createLogger, GapflowMetrics } from '@gapflow/observability';
import { GapflowQueues } from '@gapflow/queue';
import { ApiKeyStore, createRedisConnection, createStateStores, RateLimiter } from '@gapflow/state';
import type { TestRedisCluster, TestRedisServer } from '@gapflow/testing';
import { createGatewayApp } from './app';
import type { GatewayDependencies } from './gateway-dependencies';

export interface TestGateway {
  url: string;
  deps: GatewayDependencies;
  /** A fresh API key of a tenant. */
  keyFor(tenantId: string): Promise<string>;
  close(): Promise<void>;
}

/** The real gateway app on a free port over a test's own Redis (one node or a cluster), with real stores and queues. */
export async function startTestGateway(redis: TestRedisServer | TestRedisCluster, env: Record<string, string> = {}): Promise<TestGateway> {
  const config = loadConfig({ ...redis.environment, ...env });
  const client = createRedisConnection(redis.target);
  client.on('error', () => undefined);
  const state = createStateStores({ client, keyPrefix: config.redis.keyPrefix, ttlSeconds: config.session.ttlSeconds });
  // One attempt per job unless a test asks for retries (JOB_ATTEMPTS), so failures show at once.
  const queues = new GapflowQueues({ connection: client, prefix: config.redis.keyPrefix, shards: config.jobs.shards, policy: { attempts: env.JOB_ATTEMPTS ? config.jobs.attempts : 1, backoffMs: config.jobs.backoffMs } });
  const apiKeys = new ApiKeyStore(client, state.keys);
  const deps: GatewayDependencies = {
    logger: createLogger({ name: 'test-gateway', level: 'silent' }),
    metrics: new GapflowMetrics('gateway'),
    state,
    queues,
    apiKeys,
    rateLimiter: new RateLimiter(client, state.keys, config.rateLimitPerMinute),
    config: { sseHeartbeatMs: config.sseHeartbeatMs, sseMaxQueuedEvents: config.sseMaxQueuedEvents, sseWriteStallMs: config.sseWriteStallMs, corsOrigins: config.corsOrigins, pageDevelopmentKey: config.pageDevelopmentKey, adminApiKey: config.adminApiKey },
  };
  const server: Server = createGatewayApp(deps).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deps,
    keyFor: (tenantId) => apiKeys.create(tenantId),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await queues.close();
      client.disconnect();
    },
  };
}
