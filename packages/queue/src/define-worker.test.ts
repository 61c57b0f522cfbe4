import { Queue, QueueEvents, type Job } from 'bullmq';
import { GapflowError, ThreadRaceError } from '@gapflow/core';
import { TestRedisServer } from '@gapflow/testing';
import { defineWorker, isRetriedThreadRace } from './define-worker';

describe('a worker defined by defineWorker', () => {
  let redis: TestRedisServer;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
  });
  afterAll(async () => {
    await redis.stop();
  });

  /** Runs one gap-analysis job, with one attempt, through a worker whose handler is `handle`. */
  async function runOneJob(
    handle: (job: Job) => Promise<unknown>,
    threadRaceRetry?: { delayMs: number; maxRetries: number },
  ): Promise<{ state: string; attemptsMade: number; failedReason: string | undefined }> {
    const prefix = `{test-${Math.random().toString(36).slice(2)}}`;
    // BullMQ makes and closes connections of its own from these options.
    const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
    const queue = new Queue('gap-analysis', { connection, prefix });
    const events = new QueueEvents('gap-analysis', { connection, prefix });
    const worker = defineWorker('gap-analysis', (_payload, job) => handle(job), { connection, prefix, ...(threadRaceRetry ? { threadRaceRetry } : {}) });
    try {
      await events.waitUntilReady();
      const job = await queue.add('analyze', { sessionId: 'ses_1', tenantId: 'tenant' }, { attempts: 1 });
      await job.waitUntilFinished(events, 20_000).catch(() => undefined);
      const finished = (await queue.getJob(job.id as string)) as Job;
      return { state: await finished.getState(), attemptsMade: finished.attemptsMade, failedReason: finished.failedReason };
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
    }
  }

  it('tries a job that lost the race for its thread again, without spending its one attempt', async () => {
    let runs = 0;
    const outcome = await runOneJob(async () => {
      runs += 1;
      if (runs === 1) throw new ThreadRaceError('ses_1:gap-analysis', 'checkpoint-1', 'checkpoint-2');
      return 'done';
    });
    expect(runs).toBe(2);
    expect(outcome).toEqual({ state: 'completed', attemptsMade: 1, failedReason: undefined });
  });

  it('stops trying a job again for races it keeps losing: past the limit the race fails the attempt', async () => {
    let runs = 0;
    const seen: boolean[] = [];
    const outcome = await runOneJob(
      async (job) => {
        runs += 1;
        const race = new ThreadRaceError('ses_1:gap-analysis', 'checkpoint-1', 'checkpoint-2');
        seen.push(isRetriedThreadRace(race, job, 3));
        throw race;
      },
      { delayMs: 10, maxRetries: 3 },
    );
    expect(runs).toBe(4);
    // The last run is told its race is not retried: a processor records that failure.
    expect(seen).toEqual([true, true, true, false]);
    expect(outcome).toEqual({ state: 'failed', attemptsMade: 1, failedReason: expect.stringMatching(/^ThreadRaceError/) });
  });

  it('fails a job whose one attempt failed otherwise', async () => {
    const outcome = await runOneJob(async () => {
      throw new GapflowError('UPSTREAM_UNAVAILABLE', 'The model is down.');
    });
    expect(outcome).toEqual({ state: 'failed', attemptsMade: 1, failedReason: 'The model is down.' });
  });
});
