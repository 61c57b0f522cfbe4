// First: tracing patches http and ioredis as they load.
import { tracing } from './tracing-bootstrap';
import { loadConfig, GapflowError } from '@gapflow/core';
import { redisTargetOf } from '@gapflow/state';
import { createLogger } from '@gapflow/observability';
import { GatewayServer } from './gateway-server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ name: 'gateway', level: config.logLevel });
  if (!config.redis.url && !config.redis.clusterNodes) {
    throw new GapflowError('CONFIG_INVALID', 'REDIS_URL (one node) or REDIS_CLUSTER_NODES (a cluster) must be set to run the gateway alone; `npm start` sets REDIS_URL for you.');
  }
  const gateway = await GatewayServer.start(config, logger, redisTargetOf(config.redis));
  logger.info({ port: gateway.port, host: config.gateway.host }, 'gateway listening');
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'gateway shutting down');
    // The grace period first, then at most the shutdown timeout to finish.
    const force = setTimeout(() => process.exit(1), config.shutdownGraceMs + config.shutdownTimeoutMs);
    force.unref();
    void gateway.drain(config.shutdownGraceMs).then(() => tracing.shutdown()).then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
