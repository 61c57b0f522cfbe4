import { randomUUID } from 'node:crypto';
import { Annotation, Command, END, INTERRUPT, interrupt, MemorySaver, START, StateGraph } from '@langchain/langgraph';
import { emptyCheckpoint, ERROR, uuid6 } from '@langchain/langgraph-checkpoint';
import { commandCalls, scanKeys, TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { createRedisConnection } from '../redis-connection';
import { checkpointAt } from './checkpoint-at.fixture';
import { RedisCheckpointSaver } from './redis-checkpoint-saver';
import type { RedisClient } from '../redis-connection';

/** A small interview-shaped graph: draft, wait for the candidate, then finish. */
function interviewGraph() {
  const State = Annotation.Root({
    notes: Annotation<string[]>({ reducer: (left, right) => left.concat(right), default: () => [] }),
  });
  return new StateGraph(State)
    .addNode('ask', async () => ({ notes: ['asked'] }))
    .addNode('wait', async () => {
      const reply = interrupt({ prompt: 'What was the measured result?' }) as string;
      return { notes: [`heard:${reply}`] };
    })
    .addNode('finish', async (state) => ({ notes: [`finished after ${state.notes.length} notes`] }))
    .addEdge(START, 'ask')
    .addEdge('ask', 'wait')
    .addEdge('wait', 'finish')
    .addEdge('finish', END);
}

describe.each(TEST_REDIS_BACKENDS)('RedisCheckpointSaver on $name', ({ start }) => {
  let redis: TestRedis;

  beforeAll(async () => {
    redis = await start();
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('resumes a paused graph from another replica with a fresh connection, ending as an uninterrupted run', async () => {
    const threadId = `ses-${randomUUID()}:q-1`;
    const replicaA = builderFor(createRedisConnection(redis.target));
    const first = await replicaA.graph.invoke({ notes: [] }, { configurable: { thread_id: threadId } });
    expect((first as unknown as Record<string, { value: unknown }[] | undefined>)[INTERRUPT]?.[0]?.value).toEqual({ prompt: 'What was the measured result?' });
    replicaA.client.disconnect();

    const replicaB = builderFor(createRedisConnection(redis.target));
    const resumed = await replicaB.graph.invoke(new Command({ resume: 'cut p95 by 80%' }), { configurable: { thread_id: threadId } });
    replicaB.client.disconnect();

    const reference = interviewGraph().compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: 'reference' } };
    await reference.invoke({ notes: [] }, config);
    const uninterrupted = await reference.invoke(new Command({ resume: 'cut p95 by 80%' }), config);

    expect(resumed.notes).toEqual(uninterrupted.notes);
    expect(resumed.notes).toEqual(['asked', 'heard:cut p95 by 80%', 'finished after 2 notes']);

    function builderFor(client: RedisClient) {
      return { client, graph: interviewGraph().compile({ checkpointer: new RedisCheckpointSaver({ client }) }) };
    }
  });

  it('keeps a checkpoint’s values when the thread is forked from an earlier checkpoint, as the in-memory saver does', async () => {
    // A fork (updateState from an older checkpoint) gives a channel a new version from the same
    // parent as the original branch did; values are stored once per (channel, version).
    const State = Annotation.Root({ answer: Annotation<string>() });
    const graph = new StateGraph(State)
      .addNode('draft', async () => ({ answer: 'drafted' }))
      .addEdge(START, 'draft')
      .addEdge('draft', END);
    const valuesAfterFork = async (checkpointer: MemorySaver | RedisCheckpointSaver): Promise<string[]> => {
      const compiled = graph.compile({ checkpointer });
      const thread = { configurable: { thread_id: `fork-${randomUUID()}` } };
      await compiled.invoke({ answer: 'typed' }, thread);
      const history = [];
      for await (const snapshot of compiled.getStateHistory(thread)) history.push(snapshot);
      const [finished, input] = history as [(typeof history)[0], (typeof history)[0]];
      await compiled.updateState(input.config, { answer: 'forked' });
      return [(await compiled.getState(finished.config)).values.answer as string, (await compiled.getState(thread)).values.answer as string];
    };
    const inMemory = await valuesAfterFork(new MemorySaver());
    expect(inMemory).toEqual(['drafted', 'forked']);
    expect(await valuesAfterFork(new RedisCheckpointSaver({ client: redis.client(), keyPrefix: `fork-${randomUUID()}` }))).toEqual(inMemory);
  });

  it('keeps a task’s regular writes from its first attempt and replaces its special ones (errors, interrupts)', async () => {
    const saver = new RedisCheckpointSaver({ client: redis.client(), keyPrefix: `writes-${randomUUID()}` });
    const config = await saver.put({ configurable: { thread_id: 't', checkpoint_ns: '' } }, checkpointAt(0), { source: 'loop', step: 0, parents: {} }, { step: 1 });
    await saver.putWrites(config, [['answer', 'first attempt'], [ERROR, 'first error']], 'task-1');
    await saver.putWrites(config, [['answer', 'retried attempt'], [ERROR, 'second error']], 'task-1');
    const writes = (await saver.getTuple(config))?.pendingWrites ?? [];
    expect(writes).toEqual(expect.arrayContaining([['task-1', 'answer', 'first attempt'], ['task-1', ERROR, 'second error']]));
    expect(writes).toHaveLength(2);
  });

  it('lists the newest 10 of 1,000 checkpoints without reading the other 990', async () => {
    const client = redis.client();
    const saver = new RedisCheckpointSaver({ client, keyPrefix: `t-${randomUUID()}` });
    const threadId = 'long-thread';
    let parent: string | undefined;
    for (let step = 0; step < 1_000; step += 1) {
      const checkpoint = checkpointAt(step);
      await saver.put({ configurable: { thread_id: threadId, checkpoint_ns: '', ...(parent ? { checkpoint_id: parent } : {}) } }, checkpoint, { source: 'loop', step, parents: {} }, { step: step + 1 });
      parent = checkpoint.id;
    }
    const reads = () => commandCalls(client, 'hgetall');
    const before = await reads();
    const newest: number[] = [];
    for await (const tuple of saver.list({ configurable: { thread_id: threadId } }, { limit: 10 })) newest.push(tuple.checkpoint.channel_values.step as number);
    const after = await reads();
    expect(newest).toEqual([999, 998, 997, 996, 995, 994, 993, 992, 991, 990]);
    // One HGETALL of the checkpoint and one of its writes per listed checkpoint (the INFO
    // command itself is not an HGETALL).
    expect(after - before).toBe(20);
  });

  it('stores each channel value once per version, not once per checkpoint', async () => {
    const client = redis.client();
    const saver = new RedisCheckpointSaver({ client, keyPrefix: `t-${randomUUID()}` });
    const cv = 'x'.repeat(50_000);
    let parent: string | undefined;
    for (let step = 0; step < 20; step += 1) {
      const checkpoint = { ...emptyCheckpoint(), id: uuid6(step), channel_values: { cv, step }, channel_versions: { cv: 1, step: step + 1 } };
      const newVersions: Record<string, number> = step === 0 ? { cv: 1, step: 1 } : { step: step + 1 };
      await saver.put({ configurable: { thread_id: 'big', ...(parent ? { checkpoint_id: parent } : {}) } }, checkpoint, { source: 'loop', step, parents: {} }, newVersions);
      parent = checkpoint.id;
    }
    const latest = await saver.getTuple({ configurable: { thread_id: 'big' } });
    expect(latest?.checkpoint.channel_values).toEqual({ cv, step: 19 });
    // One value of the CV (version 1) and twenty of the step: 21, not 20 copies of the CV.
    const fields = await client.hkeys(saver.keyLayout.blobs('big', ''));
    expect(fields).toHaveLength(21);
    expect(fields.filter((field) => field.startsWith('["cv"'))).toEqual(['["cv","1"]']);
  });

  it('reads a checkpoint saved by an earlier version (no blob_fields, values as JSON with base64), as it reads a new one', async () => {
    const client = redis.client();
    const saver = new RedisCheckpointSaver({ client, keyPrefix: `t-${randomUUID()}` });
    const checkpoint = { ...emptyCheckpoint(), id: uuid6(1), channel_values: { cv: 'the CV', step: 1 }, channel_versions: { cv: 1, step: 1 } };
    const config = await saver.put({ configurable: { thread_id: 'older' } }, checkpoint, { source: 'loop', step: 1, parents: {} }, { cv: 1, step: 1 });
    await saver.putWrites(config, [['step', 2]], 'task-1');
    const read = await saver.getTuple({ configurable: { thread_id: 'older' } });
    expect(read?.checkpoint.channel_values).toEqual({ cv: 'the CV', step: 1 });

    await client.hdel(saver.keyLayout.checkpoint('older', '', checkpoint.id), 'blob_fields');
    const earlierFormat = (value: unknown) => JSON.stringify({ type: 'json', value: Buffer.from(JSON.stringify(value)).toString('base64') });
    await client.hset(saver.keyLayout.blobs('older', ''), '["cv","1"]', earlierFormat('the CV'), '["step","1"]', earlierFormat(1));
    const older = await saver.getTuple({ configurable: { thread_id: 'older' } });
    expect(older?.checkpoint).toEqual(read?.checkpoint);
    expect(older?.pendingWrites).toEqual([['task-1', 'step', 2]]);
  });

  it('finds the newest checkpoint by an id that is not safe in a key, as it was stored', async () => {
    const saver = new RedisCheckpointSaver({ client: redis.client(), keyPrefix: `t-${randomUUID()}` });
    const hostile = { ...checkpointAt(3), id: 'z:{tag}*?é' };
    await saver.put({ configurable: { thread_id: 'ids' } }, hostile, { source: 'loop', step: 3, parents: {} }, { step: 4 });
    const newest = await saver.getTuple({ configurable: { thread_id: 'ids' } });
    expect(newest?.checkpoint.id).toBe(hostile.id);
    expect(newest?.checkpoint.channel_values).toEqual({ step: 3 });
  });

  it('refuses a put without a thread id, with a message that says so', async () => {
    const saver = new RedisCheckpointSaver({ client: redis.client() });
    await expect(saver.put({ configurable: {} }, checkpointAt(0), { source: 'input', step: -1, parents: {} }, {})).rejects.toThrow('no "thread_id"');
  });

  it('keeps hostile thread ids inside their own keys', async () => {
    const client = redis.client();
    const prefix = `t-${randomUUID()}`;
    const saver = new RedisCheckpointSaver({ client, keyPrefix: prefix });
    await saver.put({ configurable: { thread_id: '*' } }, checkpointAt(1), { source: 'loop', step: 1, parents: {} }, { step: 2 });
    await saver.put({ configurable: { thread_id: 'a}:b{' } }, checkpointAt(2), { source: 'loop', step: 2, parents: {} }, { step: 3 });
    const keys = await scanKeys(client, `${prefix}:*`);
    for (const key of keys) expect(key).not.toMatch(/\{[^}]*[*{][^}]*\}/);
    await saver.deleteThread('*');
    expect((await saver.getTuple({ configurable: { thread_id: 'a}:b{' } }))?.checkpoint.channel_values).toEqual({ step: 2 });
    expect(await saver.getTuple({ configurable: { thread_id: '*' } })).toBeUndefined();
  });

  it('gives every key it writes a TTL', async () => {
    const client = redis.client();
    const prefix = `t-${randomUUID()}`;
    const saver = new RedisCheckpointSaver({ client, keyPrefix: prefix, ttlSeconds: 600 });
    await saver.put({ configurable: { thread_id: 'ttl' } }, checkpointAt(1), { source: 'loop', step: 1, parents: {} }, { step: 2 });
    await saver.putWrites({ configurable: { thread_id: 'ttl', checkpoint_ns: '', checkpoint_id: checkpointAt(1).id } }, [['step', 5]], 'task-1');
    const keys = await scanKeys(client, `${prefix}:*`);
    expect(keys.length).toBeGreaterThanOrEqual(6);
    for (const key of keys) {
      const ttl = await client.ttl(key);
      expect([key, ttl > 0 && ttl <= 600]).toEqual([key, true]);
    }
  });
});
