// First: tracing patches http and ioredis as they load.
import { tracing } from './tracing-bootstrap';
import { loadConfig, GapflowError } from '@gapflow/core';
import { redisTargetOf } from '@gapflow/state';
import { createLogger } from '@gapflow/observability';
import { WorkerProcess } from './worker-process';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ name: 'worker', level: config.logLevel });
  if (!config.redis.url && !config.redis.clusterNodes) {
    throw new GapflowError('CONFIG_INVALID', 'REDIS_URL (one node) or REDIS_CLUSTER_NODES (a cluster) must be set to run a worker alone; `npm start` sets REDIS_URL for you.');
  }
  const worker = await WorkerProcess.start(config, logger, redisTargetOf(config.redis));
  logger.info({ concurrency: config.worker.concurrency, metricsPort: worker.metricsPort, retrievalEmbedder: worker.retrieval?.embedderId, retrievalOffline: Boolean(worker.retrieval?.offlineReason) }, 'worker ready');
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'worker shutting down');
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs);
    force.unref();
    void worker.close().then(() => tracing.shutdown()).then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
