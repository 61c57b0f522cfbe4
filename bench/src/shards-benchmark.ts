import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import type { Gap, Session } from '@gapflow/core';
import { GapflowQueues } from '@gapflow/queue';
import { createStateStores } from '@gapflow/state';
import { AppProcess, infoCpuSeconds, TestRedisCluster } from '@gapflow/testing';
import { newSession, runGroup } from './bench-deployment';
import { formatMs } from './measure';

const SESSIONS = 12;
const GAPS_PER_SESSION = 40;
/** Jobs the worker process runs at once in total, whatever the number of shards. */
const TOTAL_CONCURRENCY = 24;

const gapsOf = (count: number): Gap[] =>
  Array.from({ length: count }, (_, index) => ({ id: `gap-${index}`, skill: `Skill ${index}`, severity: 'important', reason: 'Not shown in the CV.', evidence: [] }));

/** CPU seconds each primary's redis-server has used (INFO cpu), by address. */
async function redisCpuSeconds(primaries: readonly string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  for (const address of primaries) {
    const [host, port] = address.split(':');
    const node = new Redis({ host, port: Number(port), lazyConnect: true });
    await node.connect();
    const info = await node.info('cpu');
    node.disconnect();
    result.set(address, infoCpuSeconds(info));
  }
  return result;
}

interface ShardRun {
  jobsPerSecond: number;
  elapsedMs: number;
  workerCpu: number;
  benchCpu: number;
  redisCpu: Map<string, number>;
  primariesUsed: number;
}

async function measure(cluster: TestRedisCluster, shards: number): Promise<ShardRun> {
  const client = cluster.client();
  const state = createStateStores({ client, keyPrefix: '{gapflow}', ttlSeconds: 3_600 });
  const queues = new GapflowQueues({ connection: client, prefix: '{gapflow}', shards });
  const worker = await AppProcess.start(
    'worker',
    { ...cluster.environment, QUEUE_SHARDS: String(shards), WORKER_CONCURRENCY: String(TOTAL_CONCURRENCY / shards), EVALUATION_CONCURRENCY: '1' },
    'worker ready',
  );
  // One group of all the session's gaps.
  const runAllGaps = (session: Session) => runGroup(state, queues, session, session.gaps.map((gap) => gap.id));
  try {
    // Warm-up: connections, modules and the scripts on every shard.
    await Promise.all(Array.from({ length: shards * 2 }, async () => runAllGaps(await newSession(state, gapsOf(2)))));
    const sessions = await Promise.all(Array.from({ length: SESSIONS }, () => newSession(state, gapsOf(GAPS_PER_SESSION))));
    const primaries = await cluster.primaries();
    const owners = new Set<string>();
    for (const session of sessions) {
      const slot = (await client.cluster('KEYSLOT', `${queues.prefixOfSession(session.id)}:questions:meta`)) as number;
      const range = (await client.cluster('SLOTS')).find(([from, to]) => slot >= from && slot <= to);
      owners.add(`${range?.[2]?.[0]}:${range?.[2]?.[1]}`);
    }
    const redisBefore = await redisCpuSeconds(primaries);
    const workerBefore = worker.cpuSeconds();
    const benchBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(sessions.map(runAllGaps));
    const elapsedMs = performance.now() - started;
    const benchUsage = process.cpuUsage(benchBefore);
    const workerCpu = worker.cpuSeconds() - workerBefore;
    const redisAfter = await redisCpuSeconds(primaries);
    const redisCpu = new Map([...redisAfter].map(([address, seconds]) => [address, seconds - (redisBefore.get(address) ?? 0)]));
    return {
      jobsPerSecond: (SESSIONS * GAPS_PER_SESSION) / (elapsedMs / 1000),
      elapsedMs,
      workerCpu,
      benchCpu: (benchUsage.user + benchUsage.system) / 1e6,
      redisCpu,
      primariesUsed: owners.size,
    };
  } finally {
    await worker.stop();
    await queues.close();
    await cluster.flushAll();
  }
}

/**
 * Question jobs/s with one queue shard and with three, on a three-primary cluster, zero model
 * latency, one worker process with the same total concurrency: what spreading BullMQ over
 * several primaries buys, and where the CPU goes.
 */
export async function shardsBenchmark(): Promise<void> {
  console.log(`shards: ${SESSIONS} sessions x ${GAPS_PER_SESSION} gaps = ${SESSIONS * GAPS_PER_SESSION} question jobs, zero model latency, one worker process (total concurrency ${TOTAL_CONCURRENCY}), six-node cluster (3 primaries)`);
  const cluster = await TestRedisCluster.start();
  try {
    const runs = new Map<number, ShardRun>();
    for (const shards of [1, 3]) {
      const run = await measure(cluster, shards);
      runs.set(shards, run);
      const redis = [...run.redisCpu.values()];
      console.log(
        `  QUEUE_SHARDS=${shards}: ${formatMs(run.elapsedMs).padStart(9)}  ${Math.round(run.jobsPerSecond).toLocaleString('en-US').padStart(6)} question jobs/s  (queues on ${run.primariesUsed} of 3 primaries)`,
      );
      console.log(
        `    CPU seconds during the run: worker node ${run.workerCpu.toFixed(2)}, bench node ${run.benchCpu.toFixed(2)}, redis primaries ${redis.map((s) => s.toFixed(2)).join(' / ')} (busiest ${Math.max(...redis).toFixed(2)}; wall ${(run.elapsedMs / 1000).toFixed(2)} s)`,
      );
    }
    const one = runs.get(1);
    const three = runs.get(3);
    if (one && three) console.log(`  ratio 3 shards / 1 shard: ${(three.jobsPerSecond / one.jobsPerSecond).toFixed(2)}x`);
  } finally {
    await cluster.stop();
  }
}
