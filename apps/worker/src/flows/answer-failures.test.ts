import { GapflowClient, type SessionEvent } from '@gapflow/client';
import { loadConfig, type JobStatus } from '@gapflow/core';
import { createLogger } from '@gapflow/observability';
import { FallbackLanguageModel, type LanguageModel } from '@gapflow/llm';
import { ANSWER_TABLE, GeminiTestServer, loadSample, TestRedisServer } from '@gapflow/testing';
import { createBrain } from '@gapflow/workflow';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';
import { WorkerProcess } from '../worker-process';
import { startTestWorker } from '../worker.fixture';
import { eventsUntil } from './flow-stack.fixture';

const sample = loadSample('platform-engineer');
const row = ANSWER_TABLE[0]!;

interface Delta {
  attempt: number;
  index: number;
  chunk: string;
}

/**
 * Answers whose final answer goes wrong half-way, through gateway and worker on a real Redis:
 * the Gemini test server breaks or stalls the stream after some chunks, or a node meets a
 * defect. The client must never see two attempts spliced into one answer, and a defect must
 * fail the job instead of hiding behind the offline model.
 */

/** The model, except that its first composed answer breaks after two chunks with an error that is no outage. */
function firstAnswerBreaksAfterTwoChunks(model: LanguageModel): LanguageModel {
  let composed = 0;
  return {
    provider: 'offline',
    generate: (call, options) => model.generate(call, options),
    composeAnswer: (call, options) => {
      composed += 1;
      const stream = model.composeAnswer(call, options);
      if (composed > 1) return stream;
      async function* twoChunksThenFail(): AsyncGenerator<string> {
        let sent = 0;
        for await (const chunk of stream.chunks) {
          yield chunk;
          sent += 1;
          if (sent === 2) throw new Error('Connection is closed.');
        }
      }
      return { chunks: twoChunksThenFail(), result: stream.result };
    },
  };
}

describe('an answer whose final answer goes wrong half-way', () => {
  let redis: TestRedisServer;
  let gemini: GeminiTestServer;
  let gateway: TestGateway;
  let key: string;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gemini = await GeminiTestServer.start();
    gateway = await startTestGateway(redis);
    key = await gateway.keyFor('acme');
  });

  afterAll(async () => {
    await gateway.close();
    await gemini.close();
    await redis.stop();
  });

  const client = (through = gateway) => new GapflowClient({ baseUrl: through.url, token: key });

  /** A job's status once it has left `active` (or after 5 s, so the assertion says what it was). */
  async function settledJob(jobId: string): Promise<JobStatus> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const job = await client().getJob(jobId);
      if (job.state !== 'active' || Date.now() > deadline) return job;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const dataOf = <T>(event: SessionEvent | undefined): T => event?.data as T;

  /** A session with one asked question; its answer is sent, and its events read to the end. */
  async function answerOneQuestion(until: SessionEvent['type'], through = gateway): Promise<{ events: SessionEvent[]; jobId: string; sessionId: string; questionId: string }> {
    const api = client();
    const created = await api.createSession({ ...sample, gaps: [{ id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical', reason: 'r', evidence: [] }] });
    await api.submitQuestions(created.id);
    const asked = await eventsUntil(api, created.id, 'group.completed');
    const questionId = (await api.getSession(created.id)).questions[0]?.id as string;
    const { jobId } = await client(through).submitAnswer(created.id, questionId, row.strong);
    const events = await eventsUntil(api, created.id, until, asked[asked.length - 1]?.id);
    return { events, jobId, sessionId: created.id, questionId };
  }

  describe('on Gemini, when the stream fails or stalls after its first chunks', () => {
    let worker: WorkerProcess;
    beforeAll(async () => {
      worker = await startTestWorker(redis, {}, {
        GEMINI_API_KEY: 'test-key',
        GEMINI_BASE_URL: gemini.url,
        GEMINI_MAX_RETRIES: '1',
        GEMINI_STREAM_IDLE_MS: '300',
        // Compose right after the first evaluation: the final answer is what these tests watch.
        MAX_DEEP_DIVE_ROUNDS: '0',
      });
    });
    afterAll(async () => {
      await worker.close();
    });
    beforeEach(() => gemini.reset());

    it('announces a restart and completes with exactly the last attempt, when the stream fails mid-way', async () => {
      // Six words a chunk, let through a checked sentence at a time: chunk 3 completes the
      // answer's first sentence and chunk 7 its second, so two deltas go out before the failure.
      gemini.script('stream', { failAfterChunks: 7, as: 'errorEvent' });
      const { events } = await answerOneQuestion('answer.completed');
      const deltas = events.filter((e) => e.type === 'answer.delta').map((e) => dataOf<Delta>(e));
      const restarts = events.filter((e) => e.type === 'answer.restarted').map((e) => dataOf<{ attempt: number; reason: string }>(e));
      expect(restarts).toEqual([expect.objectContaining({ attempt: 2, reason: 'UPSTREAM_UNAVAILABLE' })]);
      // The restart comes after the first attempt's deltas and before any of the second's.
      const types = events.filter((e) => e.type === 'answer.delta' || e.type === 'answer.restarted').map((e) => (e.type === 'answer.restarted' ? 'restart' : `delta:${dataOf<Delta>(e).attempt}`));
      expect(types.slice(0, 3)).toEqual(['delta:1', 'delta:1', 'restart']);
      expect(types.slice(3).every((type) => type === 'delta:2')).toBe(true);

      const lastAttempt = deltas.filter((delta) => delta.attempt === 2);
      expect(lastAttempt.map((delta) => delta.index)).toEqual(lastAttempt.map((_, index) => index));
      const completed = dataOf<{ answer: { text: string; source: { provider: string } } }>(events.find((e) => e.type === 'answer.completed')).answer;
      expect(completed.source.provider).toBe('gemini');
      expect(lastAttempt.map((delta) => delta.chunk).join('')).toBe(completed.text);
      // Spliced, the two attempts would not make the answer.
      expect(deltas.map((delta) => delta.chunk).join('')).not.toBe(completed.text);
    });

    it('gives up on a stream that keeps stalling and completes the session on the offline model, announced as a restart', async () => {
      // Each attempt sends the first sentence (complete at chunk 3), then goes quiet.
      gemini.script('stream', { stallAfterChunks: 3 }, { stallAfterChunks: 3 });
      const { events } = await answerOneQuestion('answer.completed');
      const restarts = events.filter((e) => e.type === 'answer.restarted').map((e) => dataOf<{ attempt: number; reason: string }>(e));
      expect(restarts).toEqual([expect.objectContaining({ attempt: 2, reason: 'UPSTREAM_TIMEOUT' }), expect.objectContaining({ attempt: 3, reason: 'UPSTREAM_TIMEOUT' })]);
      const completed = dataOf<{ answer: { text: string; source: { provider: string; fallback?: boolean; fallbackReason?: string } } }>(events.find((e) => e.type === 'answer.completed')).answer;
      expect(completed.source).toMatchObject({ provider: 'offline', fallback: true, fallbackReason: 'UPSTREAM_TIMEOUT' });
      const lastAttempt = events.filter((e) => e.type === 'answer.delta').map((e) => dataOf<Delta>(e)).filter((delta) => delta.attempt === 3);
      expect(lastAttempt.map((delta) => delta.chunk).join('')).toBe(completed.text);
    });
  });

  describe('when the job itself is retried after some deltas went out', () => {
    let worker: WorkerProcess;
    let retryingGateway: TestGateway;
    beforeAll(async () => {
      const embedded = await createBrain();
      // The first run's stream breaks after two chunks with an error that is no outage (so
      // nothing falls back, and the job fails); BullMQ runs the job again.
      const interrupted = firstAnswerBreaksAfterTwoChunks(embedded.model);
      worker = await startTestWorker(redis, { brain: { ...embedded, model: interrupted } }, { MAX_DEEP_DIVE_ROUNDS: '0' });
      retryingGateway = await startTestGateway(redis, { JOB_ATTEMPTS: '2', JOB_BACKOFF_MS: '10' });
    });
    afterAll(async () => {
      await retryingGateway.close();
      await worker.close();
    });

    it('continues the attempt numbers, announces the restart, and completes with the retried run’s deltas alone', async () => {
      const { events } = await answerOneQuestion('answer.completed', retryingGateway);
      const restarts = events.filter((e) => e.type === 'answer.restarted').map((e) => dataOf<{ attempt: number; reason: string }>(e));
      expect(restarts).toEqual([{ questionId: expect.any(String), attempt: 2, reason: 'JOB_RETRIED' }]);
      const deltas = events.filter((e) => e.type === 'answer.delta').map((e) => dataOf<Delta>(e));
      expect(deltas.filter((delta) => delta.attempt === 1)).toHaveLength(2);
      const completed = dataOf<{ answer: { text: string } }>(events.find((e) => e.type === 'answer.completed')).answer;
      expect(deltas.filter((delta) => delta.attempt === 2).map((delta) => delta.chunk).join('')).toBe(completed.text);
      expect(deltas.map((delta) => delta.chunk).join('')).not.toBe(completed.text);
    });
  });

  describe('when the answer is sent again after its evaluation failed for good mid-stream', () => {
    let worker: WorkerProcess;
    beforeAll(async () => {
      const embedded = await createBrain();
      // The first job's stream breaks after two chunks with an error that is no outage: it
      // falls back to nothing, and with one attempt per job the job fails for good.
      const interrupted = firstAnswerBreaksAfterTwoChunks(embedded.model);
      worker = await startTestWorker(redis, { brain: { ...embedded, model: interrupted } }, { MAX_DEEP_DIVE_ROUNDS: '0' });
    });
    afterAll(async () => {
      await worker.close();
    });

    it('delivers the resent answer’s deltas under a new attempt, and completes with exactly them', async () => {
      const first = await answerOneQuestion('job.failed');
      const sessionId = first.sessionId;
      expect(first.events.filter((e) => e.type === 'answer.delta').map((e) => dataOf<Delta>(e).attempt)).toEqual([1, 1]);

      // As job.failed tells the client: send the answer again (a new job).
      await client().submitAnswer(sessionId, first.questionId, row.strong);
      const events = await eventsUntil(client(), sessionId, 'answer.completed', first.events[first.events.length - 1]?.id);

      const restarts = events.filter((e) => e.type === 'answer.restarted').map((e) => dataOf<{ attempt: number; reason: string }>(e));
      expect(restarts).toEqual([{ questionId: first.questionId, attempt: 2, reason: 'ANSWER_RESENT' }]);
      const deltas = events.filter((e) => e.type === 'answer.delta').map((e) => dataOf<Delta>(e));
      expect(deltas.length).toBeGreaterThan(0);
      expect(deltas.every((delta) => delta.attempt === 2)).toBe(true);
      expect(deltas.map((delta) => delta.index)).toEqual(deltas.map((_, index) => index));
      const completed = dataOf<{ answer: { text: string } }>(events.find((e) => e.type === 'answer.completed')).answer;
      expect(deltas.map((delta) => delta.chunk).join('')).toBe(completed.text);
    });
  });

  describe('when a node meets a defect (a TypeError)', () => {
    let worker: WorkerProcess;
    const fallbacks: string[] = [];
    beforeAll(async () => {
      const embedded = await createBrain();
      const defective: LanguageModel = {
        provider: 'gemini',
        composeAnswer: (call, options) => embedded.model.composeAnswer(call, options),
        generate: async (call, options) => {
          if (call.kind === 'criterion') throw new TypeError("Cannot read properties of undefined (reading 'score')");
          return embedded.model.generate(call, options);
        },
      };
      const model = new FallbackLanguageModel(defective, embedded.model, (reason) => fallbacks.push(reason));
      worker = await startTestWorker(redis, { brain: { ...embedded, model } });
    });
    afterAll(async () => {
      await worker.close();
    });

    it('fails the job with that TypeError as its reason, and nothing falls back', async () => {
      const { events, jobId } = await answerOneQuestion('job.failed');
      expect(events.some((e) => e.type === 'evaluation.ready')).toBe(false);
      expect(dataOf<{ code: string }>(events.find((e) => e.type === 'job.failed')).code).toBe('INTERNAL');
      // job.failed is announced by the processor before it throws: BullMQ marks the job failed just after.
      const job = await settledJob(jobId);
      expect(job.state).toBe('failed');
      expect(job.error?.message).toBe('TypeError: an internal error; see the worker log with this job id');
      expect(fallbacks).toEqual([]);
    });
  });

  describe('when a node meets a defect whose message quotes the answer (a SyntaxError from JSON.parse)', () => {
    let worker: WorkerProcess;
    const logLines: string[] = [];
    beforeAll(async () => {
      const embedded = await createBrain();
      const defective: LanguageModel = {
        provider: 'gemini',
        composeAnswer: (call, options) => embedded.model.composeAnswer(call, options),
        generate: async (call, options) => {
          // JSON.parse quotes what it was given: here, the candidate's answer.
          if (call.kind === 'criterion') JSON.parse(row.strong);
          return embedded.model.generate(call, options);
        },
      };
      const config = loadConfig({ REDIS_URL: redis.url, JOB_BACKOFF_MS: '10', METRICS_PORT: '0' });
      const logger = createLogger({ name: 'test-worker', level: 'info', pretty: false, destination: { write: (line: string) => void logLines.push(line) } });
      worker = await WorkerProcess.start(config, logger, redis.url, { brain: { ...embedded, model: defective } });
    });
    afterAll(async () => {
      await worker.close();
    });

    it('tells the client the error’s class only, and logs its class and stack frames without the quoted text', async () => {
      // V8 quotes the input's first characters.
      const quoted = row.strong.slice(0, 8);
      expect(() => JSON.parse(row.strong)).toThrow(quoted);

      const { events, jobId } = await answerOneQuestion('job.failed');
      const job = await client().getJob(jobId);
      expect(job.error?.message).toBe('SyntaxError: an internal error; see the worker log with this job id');
      const failed = dataOf<{ code: string; message: string }>(events.find((e) => e.type === 'job.failed'));
      expect(failed.code).toBe('INTERNAL');
      expect(failed.message).toContain('SyntaxError');
      expect(failed.message).not.toContain(quoted);

      const defects = logLines.map((line) => JSON.parse(line) as { msg: string; jobId?: string; err?: { name: string; message?: string; stack?: string } }).filter((line) => line.msg === 'job attempt failed on a defect');
      expect(defects.length).toBeGreaterThan(0);
      expect(defects[0]?.err).toMatchObject({ name: 'SyntaxError', stack: expect.stringMatching(/^\s+at /) });
      expect(defects[0]?.err?.message).toBeUndefined();
      expect(logLines.join('\n')).not.toContain(quoted);
    });
  });
});

