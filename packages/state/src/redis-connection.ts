import { Cluster, Redis, type ClusterOptions, type NatMap, type RedisOptions } from 'ioredis';

/**
 * What gapflow talks to: one Redis node or a Redis Cluster. Both speak the same commands; on a
 * cluster every multi-key command, MULTI and Lua script must stay within one slot, which the
 * key builder's hash tags ensure.
 */
export type RedisClient = Redis | Cluster;

/** Where Redis is: one node by URL, or a cluster by some of its nodes (the rest are discovered). */
export type RedisTarget =
  | { url: string; clusterNodes?: undefined }
  | {
      clusterNodes: readonly string[];
      url?: undefined;
      /**
       * Maps the addresses the nodes announce (`CLUSTER SLOTS`) to ones this process can
       * reach, for a cluster behind NAT or in containers. See docs/operating.md.
       */
      natMap?: NatMap;
    };

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

/** The target gapflow's configuration names: the cluster when `REDIS_CLUSTER_NODES` is set, else `REDIS_URL`. */
export function redisTargetOf(redis: { url: string | undefined; clusterNodes: readonly string[] | undefined; clusterNatMap?: NatMap | undefined }): RedisTarget {
  if (redis.clusterNodes && redis.clusterNodes.length > 0) return { clusterNodes: redis.clusterNodes, ...(redis.clusterNatMap ? { natMap: redis.clusterNatMap } : {}) };
  if (redis.url) return { url: redis.url };
  throw new Error('Neither REDIS_CLUSTER_NODES nor REDIS_URL is set, and no embedded redis-server was started.');
}

/** `host:port` as ioredis' cluster startup node. */
function startupNode(address: string): { host: string; port: number } {
  const separator = address.lastIndexOf(':');
  return { host: address.slice(0, separator), port: Number(address.slice(separator + 1)) };
}

/**
 * An ioredis client with gapflow's timeouts and reconnection policy: a `Redis` for a URL, a
 * `Cluster` for cluster nodes. Every connection of gapflow is made here.
 *
 * @example
 * const redis = createRedisConnection(config.redis.url, { connectionName: 'gateway' });
 * const anywhere = createRedisConnection(redisTargetOf(config.redis), { connectionName: 'gateway' });
 */
export function createRedisConnection(target: RedisTarget, options?: RedisConnectionOptions): RedisClient;
export function createRedisConnection(url: string, options?: RedisConnectionOptions): Redis;
export function createRedisConnection(target: string | RedisTarget, options: RedisConnectionOptions = {}): RedisClient {
  const nodeOptions = {
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 3 : options.maxRetriesPerRequest,
    ...(options.commandTimeoutMs ? { commandTimeout: options.commandTimeoutMs } : {}),
    ...(options.connectionName ? { connectionName: options.connectionName } : {}),
  } satisfies RedisOptions;
  const resolved = typeof target === 'string' ? { url: target } : target;
  if (resolved.url !== undefined) return new Redis(resolved.url, { ...nodeOptions, retryStrategy: reconnectDelayMs });
  const clusterOptions: ClusterOptions = {
    // Per-node options. BullMQ reads maxRetriesPerRequest from here (it must be null for its
    // workers); ioredis reconnects a lost node through MOVED and slot refreshes, not retryStrategy.
    redisOptions: nodeOptions,
    clusterRetryStrategy: reconnectDelayMs,
    // Commands issued while the cluster (re)discovers its slots wait in the offline queue rather
    // than fail: a failover then costs a pause, not errors. maxRetriesPerRequest and
    // commandTimeout still bound how long a caller waits.
    enableOfflineQueue: true,
    ...(resolved.natMap ? { natMap: resolved.natMap } : {}),
  };
  return new Cluster(resolved.clusterNodes.map(startupNode), clusterOptions);
}

/**
 * A new connection like `client` but without its command timeout, for a read that blocks on
 * purpose (`XREAD BLOCK`), which the timeout would cut.
 */
export function duplicateForBlockingReads(client: RedisClient): RedisClient {
  if (client instanceof Cluster) {
    return client.duplicate([], { redisOptions: { ...client.options.redisOptions, commandTimeout: undefined } });
  }
  return client.duplicate({ commandTimeout: undefined });
}
