import { Queue, QueueEvents, Worker } from 'bullmq';
import type { TypedSessionEvent } from '@gapflow/client';
import { GapflowKeys, type RedisClient } from '@gapflow/state';
import { TestRedisServer } from '@gapflow/testing';
import { sessionPostMortem } from './session-post-mortem';

describe('the post-mortem of a session that did not complete', () => {
  let redis: TestRedisServer;
  let client: RedisClient;
  const keys = GapflowKeys.fromPrefix('{gapflow}');

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    client = redis.client();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('names the events the candidate never received and the evaluation job that is not done, with its lock', async () => {
    const sessionId = 'ses_postmortem';
    const append = (type: string) => client.xadd(keys.events(sessionId), '*', 'type', type, 'data', '{}', 'at', new Date().toISOString());
    const receivedId = (await append('question.ready')) as string;
    await append('answer.completed');

    const queue = new Queue('evaluations', { connection: redis.client(), prefix: '{gapflow}' });
    try {
      // A job that ended, reporting that its question waits for a follow-up that never came.
      const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
      const events = new QueueEvents('evaluations', { connection, prefix: '{gapflow}' });
      const worker = new Worker('evaluations', async () => ({ status: 'awaiting_follow_up' }), { connection, prefix: '{gapflow}' });
      await events.waitUntilReady();
      await (await queue.add('evaluate', { sessionId, questionId: 'q-3' }, { jobId: 'sub-3-eval' })).waitUntilFinished(events, 10_000);
      await worker.close();
      await events.close();
      await client.hset(keys.results(sessionId), 'answer:q-3', JSON.stringify({ value: { status: 'awaiting_follow_up', answers: ['private'], deepDives: [[]] } }));

      await queue.add('evaluate', { sessionId, questionId: 'q-1' }, { jobId: 'sub-1-eval' });
      await queue.add('evaluate', { sessionId, questionId: 'q-2' }, { jobId: 'sub-2-eval' });
      await client.sadd(keys.sessionJobs(sessionId), 'sub-1-eval', 'sub-2-eval', 'sub-3-eval', 'grp-1-batch');
      await client.set(keys.answerLock(sessionId, 'q-1'), 'sub-1-eval');

      const received = [{ id: receivedId, type: 'question.ready', at: '', data: {} }] as unknown as TypedSessionEvent[];
      const said = await sessionPostMortem(client, sessionId, received);
      expect(said).toContain('the stream holds 2 events, the candidate received 1; never received: answer.completed@');
      expect(said).toContain('3 evaluation jobs, not completed: sub-1-eval (question q-1): wait, attempts 0, stalls 0, question locked by this job; sub-2-eval (question q-2): wait');
      expect(said).toContain('sub-3-eval (question q-3): completed, returned {"status":"awaiting_follow_up"}');
      expect(said).toContain('question q-3 progress: awaiting_follow_up, 1 answers, 1 deep-dive rounds, final answer none');
      // Ids, states and counts only: never the candidate's words.
      expect(said).not.toContain('private');
    } finally {
      await queue.close();
    }
  });
});
