import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { ChildProcessOutput, TestRedisServer } from '@gapflow/testing';

/** Each baseline is measured once per `npm run bench` and shared by the benchmarks that divide by it. */
const measured = new Map<'empty' | 'graph', Promise<number>>();

/**
 * Empty jobs a second through raw BullMQ: one worker process (`raw-bullmq-worker.ts`) at
 * concurrency 32 (as our bench worker), its own redis-server, 10,000 jobs added in bulk and
 * timed until the last is completed. The baseline our job rates are divided by, measured in
 * the same run.
 */
export function rawBullMqJobsPerSecond(): Promise<number> {
  return baseline('empty', 10_000);
}

/**
 * The same, each job running the smallest checkpointed LangGraph graph (`one-node-graph.ts`):
 * the most a job that runs any graph can reach here, measured rather than estimated.
 */
export function graphJobsPerSecond(): Promise<number> {
  return baseline('graph', 5_000);
}

function baseline(processor: 'empty' | 'graph', jobs: number): Promise<number> {
  let rate = measured.get(processor);
  if (!rate) measured.set(processor, (rate = measureRawBullMq(jobs, 32, processor)));
  return rate;
}

async function measureRawBullMq(jobs: number, concurrency: number, processor: 'empty' | 'graph'): Promise<number> {
  const redis = await TestRedisServer.start({ appendOnly: false });
  const child = spawn(process.execPath, [join(__dirname, 'raw-bullmq-worker.js'), redis.url, 'empty', '{raw}', String(concurrency), processor], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = new ChildProcessOutput(child);
  const { hostname, port } = new URL(redis.url);
  const queue = new Queue('empty', { connection: { host: hostname, port: Number(port) }, prefix: '{raw}' });
  try {
    await output.waitFor((line) => line === 'ready', 20_000);
    // Warm-up, then the measured run.
    for (const count of [Math.min(500, jobs), jobs]) {
      await queue.obliterate({ force: true });
      const started = performance.now();
      for (let added = 0; added < count; added += 1000) {
        await queue.addBulk(Array.from({ length: Math.min(1000, count - added) }, (_, index) => ({ name: 'empty', data: { index: added + index }, opts: { removeOnComplete: false } })));
      }
      while ((await queue.getCompletedCount()) < count) await new Promise((resolve) => setTimeout(resolve, 5));
      if (count === jobs) return count / ((performance.now() - started) / 1000);
    }
    throw new Error('unreachable');
  } finally {
    await queue.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await redis.stop();
  }
}
