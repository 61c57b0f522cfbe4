import { validate } from '@langchain/langgraph-checkpoint-validation';
import { randomUUID } from 'node:crypto';
import { TestRedisServer } from '@gapflow/testing';
import { RedisCheckpointSaver } from './redis-checkpoint-saver';

let redis: TestRedisServer;

// LangGraph's official conformance suite: 718 cases at 1.1.1. Each saver gets its own key
// prefix, so savers never see each other's state (the suite requires isolation).
validate({
  checkpointerName: 'RedisCheckpointSaver',
  beforeAllTimeout: 30_000,
  async beforeAll() {
    redis = await TestRedisServer.start({ appendOnly: false });
  },
  async afterAll() {
    await redis?.stop();
  },
  createCheckpointer() {
    return new RedisCheckpointSaver({ client: redis.client(), keyPrefix: `test-${randomUUID()}` });
  },
});
