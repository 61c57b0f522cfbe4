/** @gapflow/state — everything kept in Redis: connections, the embedded redis-server, checkpoints, sessions, results, events, caches, erasure. */
export { RedisServerProcess, type RedisServerOptions } from './redis-server-process';
export { createRedisConnection, reconnectDelayMs, type RedisConnectionOptions } from './redis-connection';
export { isRedisResponsive } from './redis-health';
export { findFreePort } from './free-port';
export { pingRedis } from './ping-redis';
export { GapflowKeys, CheckpointKeys } from './keys';
export { encodeKeyPart } from './key-part';
export { RedisCheckpointSaver, type RedisCheckpointSaverOptions } from './checkpoint/redis-checkpoint-saver';
export { threadIdFor, sessionTagOf } from './session-thread';
export { SessionStore, type StoreOptions } from './session-store';
export { ResultStore, type ResultSubject } from './result-store';
export { EventStream, type EventStreamOptions, type NewEvent, type SubscribeOptions } from './event-stream';
export { ContentCache, type CacheStats } from './content-cache';
export { SessionEraser, type ErasureReport } from './session-eraser';
export { createStateStores, type StateStores, type StateStoresOptions } from './state-stores';
export { readSessionView } from './session-view';
export { ApiKeyStore, hashApiKey } from './api-key-store';
export { RateLimiter, type RateDecision } from './rate-limiter';
