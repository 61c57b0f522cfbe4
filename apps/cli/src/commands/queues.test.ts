import { Queue, QueueEvents, Worker } from 'bullmq';
import { runGapflowCli, TestRedisServer } from '@gapflow/testing';

/** `npx gapflow queues …` against the test's own Redis, as an operator runs it. */
function gapflow(redisUrl: string, ...args: string[]) {
  return runGapflowCli(args, { REDIS_URL: redisUrl, QUEUE_SHARDS: '2' });
}

type Overview = { queue: string; counts: Record<string, number>; paused: boolean; pausedShards: number; oldestWaitingSeconds: number }[];

/**
 * The queue controls on real BullMQ queues: jobs on both shards of QUEUE_SHARDS=2 of the
 * maintenance queue, a real Worker per shard whose jobs fail until told otherwise.
 */
describe('gapflow queues', () => {
  let redis: TestRedisServer;
  const prefixes = ['{gapflow-0}', '{gapflow-1}'];
  let queues: Queue[];
  let workers: Worker[];
  let events: QueueEvents[];
  let failing = true;
  const runs: string[] = [];

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    const connection = { url: redis.url, maxRetriesPerRequest: null };
    queues = prefixes.map((prefix) => new Queue('maintenance', { connection, prefix }));
    events = prefixes.map((prefix) => new QueueEvents('maintenance', { connection, prefix }));
    await Promise.all(events.map((queueEvents) => queueEvents.waitUntilReady()));
    workers = prefixes.map(
      (prefix) =>
        new Worker(
          'maintenance',
          async (job) => {
            runs.push(job.id!);
            if (failing) throw new Error(`Gemini was over quota for session ${job.data.sessionId}; it is safe to run again.`);
            return 'done';
          },
          { connection, prefix },
        ),
    );
  });

  afterAll(async () => {
    await Promise.all([...workers.map((worker) => worker.close()), ...events.map((queueEvents) => queueEvents.close()), ...queues.map((queue) => queue.close())]);
    await redis.stop();
  });

  const overviewOf = async (name: string) => ((JSON.parse((await gapflow(redis.url, 'queues')).stdout) as Overview).find((queue) => queue.queue === name))!;

  it('shows every queue summed over its shards, pauses and resumes one, and replays its failed jobs as on their first run', async () => {
    // Two jobs, one per shard, that fail for good.
    const failed = await Promise.all(queues.map((queue, index) => queue.add('cleanup', { sessionId: `ses_${index}` }, { jobId: `job-${index}`, attempts: 1 })));
    await Promise.all(failed.map((job, index) => job.waitUntilFinished(events[index]!).catch(() => undefined)));
    const withFailures = await overviewOf('maintenance');
    expect(withFailures.counts.failed).toBe(2);
    expect((JSON.parse((await gapflow(redis.url, 'queues')).stdout) as Overview).map((queue) => queue.queue)).toEqual(expect.arrayContaining(['questions', 'evaluations', 'question-groups']));

    // Paused: a new job waits, and its age shows.
    expect(JSON.parse((await gapflow(redis.url, 'queues', 'pause', 'maintenance')).stdout)).toEqual({ queue: 'maintenance', paused: true });
    await queues[0]!.add('cleanup', { sessionId: 'ses_waiting' }, { jobId: 'job-waiting' });
    const paused = await overviewOf('maintenance');
    // Two shards and the unsharded prefix, which workers still consume: three places, all paused.
    expect([paused.paused, paused.pausedShards, paused.counts.waiting]).toEqual([true, 3, 1]);
    expect(runs).not.toContain('job-waiting');

    // A dry run lists the failures with their reasons and changes nothing.
    const dry = JSON.parse((await gapflow(redis.url, 'queues', 'retry-failed', 'maintenance', '--dry-run')).stdout) as { jobs: { jobId: string; reason: string }[] };
    expect(dry.jobs.map((job) => job.jobId).sort()).toEqual(['job-0', 'job-1']);
    expect(dry.jobs[0]!.reason).toContain('it is safe to run again');
    expect((await overviewOf('maintenance')).counts.failed).toBe(2);

    // The cause is fixed; resumed and replayed, every job runs once more and completes.
    failing = false;
    expect(JSON.parse((await gapflow(redis.url, 'queues', 'resume', 'maintenance')).stdout)).toEqual({ queue: 'maintenance', paused: false });
    const replayed = JSON.parse((await gapflow(redis.url, 'queues', 'retry-failed', 'maintenance', '--since', '1h')).stdout) as { jobs: unknown[] };
    expect(replayed.jobs).toHaveLength(2);
    await Promise.all(['job-0', 'job-1', 'job-waiting'].map(async (jobId) => {
      const queue = jobId === 'job-1' ? queues[1]! : queues[0]!;
      const job = await queue.getJob(jobId);
      await job!.waitUntilFinished(events[jobId === 'job-1' ? 1 : 0]!);
    }));
    const after = await overviewOf('maintenance');
    expect([after.counts.failed, after.counts.completed, after.counts.waiting]).toEqual([0, 3, 0]);
    expect(runs.filter((id) => id === 'job-0')).toHaveLength(2);

    // Completed jobs older than a second are cleaned away.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(JSON.parse((await gapflow(redis.url, 'queues', 'clean', 'maintenance', 'completed', '--older-than', '1s')).stdout)).toEqual({ queue: 'maintenance', state: 'completed', removed: 3 });
    expect((await overviewOf('maintenance')).counts.completed).toBe(0);
  });

  it('names the queues and states it knows when given another', async () => {
    expect(await gapflow(redis.url, 'queues', 'pause', 'emails')).toMatchObject({ code: 1, stderr: expect.stringContaining('There is no queue "emails"; the queues are document-parsing') });
    expect(await gapflow(redis.url, 'queues', 'clean', 'questions', 'active', '--older-than', '1d')).toMatchObject({ code: 1, stderr: expect.stringContaining('not "active"') });
    expect(await gapflow(redis.url, 'queues', 'clean', 'questions', 'failed')).toMatchObject({ code: 1, stderr: expect.stringContaining('--older-than 7d') });
  });
});
