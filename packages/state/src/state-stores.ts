import type { RedisClient } from './redis-connection';
import { readClusterState, type ClusterState } from './cluster-state';
import { AnswerAttemptCounter } from './answer-attempt-counter';
import { AnswerLock } from './answer-lock';
import { RedisCheckpointSaver } from './checkpoint/redis-checkpoint-saver';
import { EventStream } from './event-stream';
import { IdempotencyRecords } from './idempotency-records';
import { GapflowKeys } from './keys';
import { isRedisResponsive } from './redis-health';
import { SessionJobs } from './session-jobs';
import { commitTogether, type QueuedWrite } from './session-transaction';
import { ResultStore } from './result-store';
import { SessionEraser } from './session-eraser';
import { SessionLifetime } from './session-lifetime';
import { SessionStore } from './session-store';
import { sessionTagOf } from './session-thread';

export interface StateStoresOptions {
  client: RedisClient;
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
  checkpoints: RedisCheckpointSaver;
  eraser: SessionEraser;
  answerLock: AnswerLock;
  /** The attempt numbers of each question's final answer, across the jobs that write it. */
  answerAttempts: AnswerAttemptCounter;
  /** The BullMQ job ids of each session, for erasure. */
  sessionJobs: SessionJobs;
  /** What requests with an Idempotency-Key answered. */
  idempotency: IdempotencyRecords;
  /** Writes of several stores to one session's keys, as one transaction (see `commitTogether`). */
  commitTogether(writes: readonly QueuedWrite[]): Promise<unknown[]>;
  /** Whether Redis answers now (readiness). */
  isResponsive(): Promise<boolean>;
  /** `CLUSTER INFO`'s state on a Redis Cluster; undefined on one node. */
  clusterState(): Promise<ClusterState | undefined>;
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
    // A margin longer than the session: touches refresh thread keys only once per margin.
    ttlSeconds: new SessionLifetime(common).threadTtlSeconds,
    hashTagOf: sessionTagOf,
    // Two runs of one job at once (a lock lapsed in a failover) must not fork a thread.
    fenceRuns: true,
  });
  const events = new EventStream(common);
  const sessionJobs = new SessionJobs(common);
  return {
    keys,
    sessions,
    results,
    events,
    sessionJobs,
    idempotency: new IdempotencyRecords(common),
    commitTogether: (writes) => commitTogether(options.client, writes),
    isResponsive: () => isRedisResponsive(options.client),
    clusterState: () => readClusterState(options.client),
    checkpoints,
    eraser: new SessionEraser(options.client, keys, sessions, results, checkpoints, events, sessionJobs, options.ttlSeconds),
    answerLock: new AnswerLock(options.client, keys),
    answerAttempts: new AnswerAttemptCounter(common),
  };
}
