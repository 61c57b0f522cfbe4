import { validate } from '@langchain/langgraph-checkpoint-validation';
import { randomUUID } from 'node:crypto';
import { TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { RedisCheckpointSaver } from './redis-checkpoint-saver';

// LangGraph's official conformance suite: 718 cases at 1.1.1, once on one Redis node and once
// on a Redis Cluster (which refuses a transaction or a pipeline that spans slots). Each saver
// gets its own key prefix, so savers never see each other's state (the suite requires isolation).
for (const backend of TEST_REDIS_BACKENDS) {
  let redis: TestRedis;
  validate({
    checkpointerName: `RedisCheckpointSaver on ${backend.name}`,
    beforeAllTimeout: 60_000,
    async beforeAll() {
      redis = await backend.start();
    },
    async afterAll() {
      await redis?.stop();
    },
    createCheckpointer() {
      return new RedisCheckpointSaver({ client: redis.client(), keyPrefix: `test-${randomUUID()}` });
    },
  });
}
