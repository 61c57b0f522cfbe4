import { emptyCheckpoint, uuid6 } from '@langchain/langgraph-checkpoint';
import { TestRedisServer } from '@gapflow/testing';
import { createRedisConnection } from '../redis-connection';
import { RedisCheckpointSaver } from './redis-checkpoint-saver';

describe('RedisCheckpointSaver when Redis is killed mid-write', () => {
  let redis: TestRedisServer;

  beforeAll(async () => {
    // appendfsync always: an acknowledged write is on disk before the reply.
    redis = await TestRedisServer.start({ appendOnly: true, appendFsync: 'always' });
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('leaves either the previous or the new checkpoint, never half of one', async () => {
    const writer = createRedisConnection(redis.url, { maxRetriesPerRequest: 0 });
    writer.on('error', () => undefined);
    const saver = new RedisCheckpointSaver({ client: writer });
    const payload = 'p'.repeat(20_000);
    const acknowledged: number[] = [];
    let attempted = -1;

    const writing = (async () => {
      let parent: string | undefined;
      for (let step = 0; step < 100_000; step += 1) {
        attempted = step;
        const checkpoint = { ...emptyCheckpoint(), id: uuid6(step), channel_values: { step, payload: `${payload}${step}` }, channel_versions: { step: step + 1, payload: step + 1 } };
        try {
          await saver.put(
            { configurable: { thread_id: 'crash', ...(parent ? { checkpoint_id: parent } : {}) } },
            checkpoint,
            { source: 'loop', step, parents: {} },
            { step: step + 1, payload: step + 1 },
          );
        } catch {
          return;
        }
        acknowledged.push(step);
        parent = checkpoint.id;
      }
    })();

    while (acknowledged.length < 50) await new Promise((resolve) => setTimeout(resolve, 5));
    await redis.kill();
    await writing;
    writer.disconnect();
    await redis.restart();

    const reader = new RedisCheckpointSaver({ client: redis.client() });
    const latest = await reader.getTuple({ configurable: { thread_id: 'crash' } });
    const lastAcknowledged = acknowledged[acknowledged.length - 1] as number;
    // The newest stored checkpoint is the last acknowledged one or the one in flight.
    expect([lastAcknowledged, attempted]).toContain(latest?.checkpoint.channel_values.step);
    // And every indexed checkpoint is whole: its values and metadata load and agree.
    let seen = 0;
    for await (const tuple of reader.list({ configurable: { thread_id: 'crash' } })) {
      const step = tuple.checkpoint.channel_values.step as number;
      expect(tuple.checkpoint.channel_values.payload).toBe(`${payload}${step}`);
      expect(tuple.metadata?.step).toBe(step);
      seen += 1;
    }
    expect(seen).toBeGreaterThanOrEqual(acknowledged.length);
  });
});
