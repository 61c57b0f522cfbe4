import { MemorySaver, emptyCheckpoint, uuid6, type BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { FastJsonPlusSerializer, RedisCheckpointSaver } from '@gapflow/state';
import { loadSample, TestRedisServer } from '@gapflow/testing';
import { formatMs } from './measure';

/**
 * put + getTuple per checkpoint, as a graph step does: the session's documents written once
 * (version 1), a small channel changed every step. Same work against LangGraph's MemorySaver
 * (in-process, no I/O) and our Redis saver over loopback.
 */
async function stepsPerCheckpoint(saver: BaseCheckpointSaver, steps: number): Promise<number> {
  const { cv, jd } = loadSample('platform-engineer');
  const threadId = `bench-${uuid6(0)}`;
  let parent: string | undefined;
  const started = performance.now();
  for (let step = 0; step < steps; step += 1) {
    const checkpoint = { ...emptyCheckpoint(), id: uuid6(step), channel_values: { cv, jd, step }, channel_versions: { cv: 1, jd: 1, step: step + 1 } };
    const newVersions: Record<string, number> = step === 0 ? { cv: 1, jd: 1, step: 1 } : { step: step + 1 };
    const config = await saver.put({ configurable: { thread_id: threadId, checkpoint_ns: '', ...(parent ? { checkpoint_id: parent } : {}) } }, checkpoint, { source: 'loop', step, parents: {} }, newVersions);
    const tuple = await saver.getTuple(config);
    if (tuple?.checkpoint.channel_values.step !== step) throw new Error('the saver returned another checkpoint');
    parent = checkpoint.id;
  }
  return (performance.now() - started) / steps;
}

/** One PING answered, on the saver's kind of connection: the least any command costs. */
async function roundTrip(client: ReturnType<TestRedisServer['client']>, count: number): Promise<number> {
  await client.ping();
  const started = performance.now();
  for (let sent = 0; sent < count; sent += 1) await client.ping();
  return (performance.now() - started) / count;
}

export async function checkpointBenchmark(): Promise<void> {
  const steps = 2_000;
  const redis = await TestRedisServer.start({ appendOnly: false });
  try {
    console.log(`checkpoint: put + getTuple per checkpoint, ${steps} steps of one thread (CV and JD stored once, one channel changing)`);
    // Warm each up, then measure.
    const savers = {
      memory: () => new MemorySaver(),
      memoryWithOurSerializer: () => new MemorySaver(new FastJsonPlusSerializer()),
      redis: () => new RedisCheckpointSaver({ client: redis.client() }),
    };
    for (const make of Object.values(savers)) await stepsPerCheckpoint(make(), 200);
    const memory = await stepsPerCheckpoint(savers.memory(), steps);
    const memoryFast = await stepsPerCheckpoint(savers.memoryWithOurSerializer(), steps);
    const onRedis = await stepsPerCheckpoint(savers.redis(), steps);
    const ping = await roundTrip(redis.client(), steps);
    console.log(`  ${'MemorySaver (in process, baseline)'.padEnd(50)} ${formatMs(memory).padStart(10)} per checkpoint`);
    console.log(`  ${'MemorySaver with our FastJsonPlusSerializer'.padEnd(50)} ${formatMs(memoryFast).padStart(10)} per checkpoint`);
    console.log(`  ${'RedisCheckpointSaver (redis-server on loopback)'.padEnd(50)} ${formatMs(onRedis).padStart(10)} per checkpoint`);
    console.log(`  ${'one round trip (PING, same connection kind)'.padEnd(50)} ${formatMs(ping).padStart(10)}`);
    console.log(`  ratio: ${(onRedis / memory).toFixed(1)}x the in-process saver (goal <= 3x), ${(onRedis / memoryFast).toFixed(1)}x MemorySaver given our serializer; ${Math.round(1000 / onRedis).toLocaleString('en-US')} checkpoints/s on one connection`);
    // put and getTuple are two awaited calls, so two round trips at least: the floor for any
    // saver over the network, whatever it does inside them, with serialization as cheap as ours.
    console.log(`  floor for any saver over the network: two round trips plus MemorySaver's work with our serializer = ${((memoryFast + 2 * ping) / memory).toFixed(1)}x MemorySaver; we spend ${formatMs(onRedis - memoryFast - 2 * ping)} above it`);
  } finally {
    await redis.stop();
  }
}
