import type { Redis } from 'ioredis';
import type { Config } from '@gapflow/core';
import type { Logger } from '@gapflow/observability';
import { createRedisConnection } from '@gapflow/state';

/**
 * One worker process: its Redis connection and, as the queues arrive, the BullMQ workers that
 * run the graphs. Stateless by design — everything it needs to resume lives in Redis.
 */
export class WorkerProcess {
  private constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {}

  static async start(config: Config, logger: Logger, redisUrl: string): Promise<WorkerProcess> {
    // `null`: a worker waits for Redis to come back rather than failing its jobs (BullMQ's rule).
    const redis = createRedisConnection(redisUrl, {
      connectTimeoutMs: config.redis.connectTimeoutMs,
      maxRetriesPerRequest: null,
      connectionName: 'gapflow-worker',
    });
    redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
    await redis.ping();
    return new WorkerProcess(redis, logger);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
    this.logger.info('worker stopped');
  }
}
