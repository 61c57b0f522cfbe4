import { Redis, type RedisOptions } from 'ioredis';

export interface RedisConnectionOptions {
  /** Give up on a connection attempt after this long. @defaultValue 5000 */
  connectTimeoutMs?: number;
  /**
   * Retries per command while disconnected; `null` waits for the connection forever, which
   * BullMQ workers require.
   * @defaultValue 3
   */
  maxRetriesPerRequest?: number | null;
  /**
   * Fails a command with `Command timed out` when its reply takes longer: a hung Redis then
   * fails a request instead of holding it forever. Never on a connection that blocks on
   * purpose (BullMQ workers' BZPOPMIN, the SSE reader's XREAD BLOCK), whose waits it would
   * cut. @defaultValue none
   */
  commandTimeoutMs?: number;
  /** Appears in `CLIENT LIST`, so an operator can tell gateways from workers. */
  connectionName?: string;
}

/** Longest pause between reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * Reconnects with capped exponential backoff and full jitter, so a fleet of workers that lost
 * Redis together does not reconnect in lockstep.
 */
export function reconnectDelayMs(attempt: number): number {
  const ceiling = Math.min(MAX_RECONNECT_DELAY_MS, 50 * 2 ** Math.min(attempt, 10));
  return Math.round(Math.random() * ceiling) + 10;
}

/**
 * An ioredis client with gapflow's timeouts and reconnection policy.
 *
 * @example
 * const redis = createRedisConnection(config.redis.url, { connectionName: 'gateway' });
 */
export function createRedisConnection(url: string, options: RedisConnectionOptions = {}): Redis {
  const redisOptions: RedisOptions = {
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 3 : options.maxRetriesPerRequest,
    retryStrategy: reconnectDelayMs,
    ...(options.commandTimeoutMs ? { commandTimeout: options.commandTimeoutMs } : {}),
    ...(options.connectionName ? { connectionName: options.connectionName } : {}),
  };
  return new Redis(url, redisOptions);
}
