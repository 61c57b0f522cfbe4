import { TestRedisCluster } from './test-redis-cluster';
import { TestRedisServer } from './test-redis-server';

/** A Redis a test started: one node, or a six-node cluster. */
export type TestRedis = TestRedisServer | TestRedisCluster;

export interface TestRedisBackend {
  /** Reads in a test name: `SessionStore on one Redis node`. */
  name: string;
  start(): Promise<TestRedis>;
}

/**
 * Both shapes gapflow runs on, for suites that must pass on each: `describe.each(TEST_REDIS_BACKENDS)`.
 * The cluster refuses what one node allows (`CROSSSLOT`, `MOVED`), so a suite that passes on
 * both keeps every script and transaction in one slot. AOF is off: these suites never restart Redis.
 *
 * @example
 * describe.each(TEST_REDIS_BACKENDS)('SessionStore on $name', ({ start }) => {
 *   let redis: TestRedis;
 *   beforeAll(async () => { redis = await start(); });
 *   afterAll(() => redis.stop());
 * });
 */
export const TEST_REDIS_BACKENDS: readonly TestRedisBackend[] = [
  { name: 'one Redis node', start: () => TestRedisServer.start({ appendOnly: false }) },
  { name: 'a Redis Cluster', start: () => TestRedisCluster.start() },
];
