/** @gapflow/state — everything kept in Redis: connections, the embedded redis-server, and later sessions, checkpoints, results and events. */
export { RedisServerProcess, type RedisServerOptions } from './redis-server-process';
export { createRedisConnection, reconnectDelayMs, type RedisConnectionOptions } from './redis-connection';
export { isRedisResponsive } from './redis-health';
export { findFreePort } from './free-port';
export { pingRedis } from './ping-redis';
