// First: tracing patches http and ioredis as they load.
import { tracing } from './tracing-bootstrap';
import { loadConfig, GapflowError } from '@gapflow/core';
import { createLogger } from '@gapflow/observability';
import { GatewayServer } from './gateway-server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ name: 'gateway', level: config.logLevel });
  if (!config.redis.url) {
    throw new GapflowError('CONFIG_INVALID', 'REDIS_URL must be set to run the gateway alone; `npm start` sets it for you.');
  }
  const gateway = await GatewayServer.start(config, logger, config.redis.url);
  logger.info({ port: gateway.port, host: config.gateway.host }, 'gateway listening');
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'gateway shutting down');
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs);
    force.unref();
    void gateway.close().then(() => tracing.shutdown()).then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
