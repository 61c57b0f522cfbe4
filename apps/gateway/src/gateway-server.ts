import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GapflowError, type Config } from '@gapflow/core';
import { GapflowMetrics, type Logger } from '@gapflow/observability';
import { collectQueueMetrics, GapflowQueues } from '@gapflow/queue';
import { ApiKeyStore, createRedisConnection, createStateStores, RateLimiter, type RedisClient, type RedisTarget } from '@gapflow/state';
import { createGatewayApp } from './app';

/**
 * A running gateway: HTTP server plus its Redis connection, with one `close()` that drains
 * in-flight requests before the connection goes.
 */
export class GatewayServer {
  private constructor(
    private readonly server: Server,
    private readonly redis: RedisClient,
    private readonly queues: GapflowQueues,
    private readonly logger: Logger,
    private readonly stopping: { draining: boolean; streamsEnd: AbortController },
  ) {}

  /** `redis`: a URL, or a target from `redisTargetOf(config.redis)` (one node or a cluster). */
  static async start(config: Config, logger: Logger, redisTarget: string | RedisTarget): Promise<GatewayServer> {
    const redis = createRedisConnection(typeof redisTarget === 'string' ? { url: redisTarget } : redisTarget, {
      connectTimeoutMs: config.redis.connectTimeoutMs,
      // The gateway never blocks on this connection (BullMQ producers only; the shared SSE
      // reader duplicates it without the timeout for its one blocking read).
      commandTimeoutMs: config.redis.commandTimeoutMs,
      connectionName: 'gapflow-gateway',
    });
    redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
    const state = createStateStores({ client: redis, keyPrefix: config.redis.keyPrefix, ttlSeconds: config.session.ttlSeconds });
    const queues = new GapflowQueues({
      connection: redis,
      prefix: config.redis.keyPrefix,
      shards: config.jobs.shards,
      policy: { attempts: config.jobs.attempts, backoffMs: config.jobs.backoffMs, keepFinishedSeconds: config.session.ttlSeconds },
    });
    const metrics = new GapflowMetrics('gateway');
    collectQueueMetrics(metrics, queues);
    const stopping = { draining: false, streamsEnd: new AbortController() };
    const app = createGatewayApp({
      lifecycle: { draining: () => stopping.draining, streamsEnd: stopping.streamsEnd.signal },
      logger,
      metrics,
      state,
      queues,
      apiKeys: new ApiKeyStore(redis, state.keys),
      rateLimiter: new RateLimiter(redis, state.keys, config.rateLimitPerMinute),
      config: { sseHeartbeatMs: config.sseHeartbeatMs, sseMaxQueuedEvents: config.sseMaxQueuedEvents, sseWriteStallMs: config.sseWriteStallMs, corsOrigins: config.corsOrigins, pageDevelopmentKey: config.pageDevelopmentKey, adminApiKey: config.adminApiKey },
    });
    let server: Server;
    try {
      server = await listen(createServer(app), config.gateway.port, config.gateway.host);
    } catch (error) {
      await queues.close();
      redis.disconnect();
      throw error;
    }
    return new GatewayServer(server, redis, queues, logger, stopping);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * A stop that drops nothing: `/readyz` answers 503 at once so load balancers take this
   * replica out, requests are still served for `graceMs`, then open event streams end with a
   * `retry:` hint (their clients reconnect elsewhere with `Last-Event-ID`) and the server
   * closes, in-flight requests drained.
   */
  drain(graceMs: number): Promise<void> {
    // SIGTERM then SIGINT: one way out, not two.
    this.draining ??= this.drainOnce(graceMs);
    return this.draining;
  }

  private draining: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  private async drainOnce(graceMs: number): Promise<void> {
    this.stopping.draining = true;
    this.logger.info({ graceMs }, 'gateway draining: /readyz answers 503, still serving');
    if (graceMs > 0) await new Promise((resolve) => setTimeout(resolve, graceMs));
    this.stopping.streamsEnd.abort();
    await this.close();
  }

  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    this.stopping.draining = true;
    this.stopping.streamsEnd.abort();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      // Open event streams would hold the server open forever; their clients reconnect elsewhere.
      setTimeout(() => this.server.closeAllConnections(), 1_000).unref();
    });
    await this.queues.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
    this.logger.info('gateway stopped');
  }
}

/**
 * Binds the server, or fails with what to do. (Express 5's `app.listen` hands a bind error to
 * its callback, which would resolve with a server that never listened.)
 */
function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new GapflowError('CONFIG_INVALID', `Port ${port} on ${host} is in use by another process. Stop it, or set PORT to a free port (0 takes any).`, { cause: error }));
      else if (error.code === 'EACCES') reject(new GapflowError('CONFIG_INVALID', `Port ${port} on ${host} needs privileges this process lacks. Set PORT to a port above 1023.`, { cause: error }));
      else reject(error);
    });
    server.listen(port, host, () => resolve(server));
  });
}
