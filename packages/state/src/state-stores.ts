import type { Redis } from 'ioredis';
import { AnswerLock } from './answer-lock';
import { RedisCheckpointSaver } from './checkpoint/redis-checkpoint-saver';
import { ContentCache } from './content-cache';
import { EventStream } from './event-stream';
import { IdempotencyStore } from './idempotency-store';
import { GapflowKeys } from './keys';
import { ResultStore } from './result-store';
import { SessionEraser } from './session-eraser';
import { SessionStore } from './session-store';
import { sessionTagOf } from './session-thread';

export interface StateStoresOptions {
  client: Redis;
  /** REDIS_KEY_PREFIX, e.g. `{gapflow}`. */
  keyPrefix: string;
  /** SESSION_TTL_SECONDS. */
  ttlSeconds: number;
}

/** Everything gapflow keeps in Redis, over one client and one key layout. */
export interface StateStores {
  keys: GapflowKeys;
  sessions: SessionStore;
  results: ResultStore;
  events: EventStream;
  cache: ContentCache;
  checkpoints: RedisCheckpointSaver;
  eraser: SessionEraser;
  answerLock: AnswerLock;
  idempotency: IdempotencyStore;
}

/**
 * @example
 * const state = createStateStores({ client, keyPrefix: config.redis.keyPrefix, ttlSeconds: config.session.ttlSeconds });
 */
export function createStateStores(options: StateStoresOptions): StateStores {
  const keys = GapflowKeys.fromPrefix(options.keyPrefix);
  const common = { client: options.client, keys, ttlSeconds: options.ttlSeconds };
  const sessions = new SessionStore(common);
  const results = new ResultStore(common);
  const checkpoints = new RedisCheckpointSaver({
    client: options.client,
    keyPrefix: keys.checkpointPrefix(),
    ttlSeconds: options.ttlSeconds,
    hashTagOf: sessionTagOf,
  });
  return {
    keys,
    sessions,
    results,
    events: new EventStream(common),
    cache: new ContentCache(common),
    checkpoints,
    eraser: new SessionEraser(options.client, keys, sessions, results, checkpoints, options.ttlSeconds),
    answerLock: new AnswerLock(options.client, keys),
    idempotency: new IdempotencyStore(options.client, keys),
  };
}
