import { GapflowClient, type SessionEvent } from '@gapflow/client';
import { encodeKeyPart } from '@gapflow/state';
import { ANSWER_TABLE, loadSample, scanKeys, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';
import type { WorkerProcess } from '../worker-process';
import { startTestWorker } from '../worker.fixture';
import { eventsUntil, statusOf, useFlowStack } from './flow-stack.fixture';

const sample = loadSample('platform-engineer');
const row = ANSWER_TABLE[0]!;
const gaps = [{ id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical' as const, reason: 'r', evidence: [] }];
const lastId = (events: SessionEvent[]) => events[events.length - 1]?.id;

/** A session with one asked question about Kubernetes. */
async function sessionWithQuestion(api: GapflowClient): Promise<{ sessionId: string; questionId: string; lastEventId: string | undefined }> {
  const created = await api.createSession({ ...sample, gaps });
  await api.submitQuestions(created.id);
  const events = await eventsUntil(api, created.id, 'group.completed');
  const session = await api.getSession(created.id);
  return { sessionId: created.id, questionId: session.questions[0]?.id as string, lastEventId: lastId(events) };
}

describe('the answer loop, gateway to worker', () => {
  const { stack, client } = useFlowStack();

  it('asks deep dives for a thin answer, then composes and streams the final answer after the follow-up', async () => {
    const api = client();
    const { sessionId, questionId, lastEventId } = await sessionWithQuestion(api);
    await api.submitAnswer(sessionId, questionId, row.medium);
    const round0 = await eventsUntil(api, sessionId, 'deepdive.ready', lastEventId);
    const evaluation = round0.find((e) => e.type === 'evaluation.ready')?.data as { evaluation: { verdict: string; criteria: { criterion: string; quotes: string[] }[] } };
    expect(evaluation.evaluation.verdict).toBe('needs_detail');
    expect(evaluation.evaluation.criteria).toHaveLength(5);
    const prompts = (round0.find((e) => e.type === 'deepdive.ready')?.data as { prompts: { criterion: string; text: string }[] }).prompts;
    expect(prompts.length).toBeGreaterThan(0);

    // The graph now waits without a worker; the follow-up resumes it.
    const waiting = await api.getSession(sessionId);
    expect(waiting.answers[0]?.status).toBe('awaiting_follow_up');
    await api.submitAnswer(sessionId, questionId, row.strong);
    const round1 = await eventsUntil(api, sessionId, 'answer.completed', lastId(round0));
    const deltas = round1.filter((e) => e.type === 'answer.delta').map((e) => e.data as { attempt: number; index: number; chunk: string });
    expect(deltas.map((delta) => delta.index)).toEqual(deltas.map((_, index) => index));
    const completedData = round1.find((e) => e.type === 'answer.completed')?.data as { answer: { text: string }; attempt?: number };
    const completed = completedData.answer;
    expect(deltas.map((delta) => delta.chunk).join('')).toBe(completed.text);
    // It names the attempt whose deltas it completes.
    expect(completedData.attempt).toBe(deltas[0]?.attempt);

    const session = await api.getSession(sessionId);
    const progress = session.answers[0];
    expect(progress).toMatchObject({ questionId, status: 'completed', answers: [row.medium, row.strong] });
    expect(progress?.evaluations).toHaveLength(2);
    expect(progress?.deepDives).toHaveLength(1);
    expect(progress?.finalAnswer?.text).toBe(completed.text);

    const report = await api.getReport(sessionId);
    expect(report.gaps[0]).toMatchObject({ gapId: 'gap-kubernetes', status: 'completed', finalAnswer: completed.text });
    expect(report.gaps[0]?.scores).toHaveLength(5);

    expect(await statusOf(api.submitAnswer(sessionId, questionId, 'one more thing'))).toBe(409);
  });

  it('lets only one of two answers sent at the same instant proceed', async () => {
    const api = client();
    const { sessionId, questionId } = await sessionWithQuestion(api);
    const outcomes = await Promise.all([statusOf(api.submitAnswer(sessionId, questionId, row.medium)), statusOf(api.submitAnswer(sessionId, questionId, row.strong))]);
    expect(outcomes.map(String).sort()).toEqual(['409', 'ok']);
  });

  it('frees the question and tells the client when an evaluation fails outside its processor', async () => {
    const api = client();
    const { sessionId, questionId } = await sessionWithQuestion(api);
    const jobId = 'sub_outside-eval';
    // The lock the gateway would have taken for this job.
    expect(await stack.gateway.deps.state.answerLock.acquire(sessionId, questionId, jobId)).toBe(true);
    // A payload the worker refuses before its processor runs (so the processor's own
    // last-attempt bookkeeping never happens), as a job that stalled too often would.
    await stack.gateway.deps.queues.queue('evaluations').add('evaluate', { sessionId, tenantId: 'not a valid tenant!', questionId, submissionId: 'sub_x' }, { jobId, attempts: 1 });
    const failures: SessionEvent[] = [];
    for await (const event of api.events(sessionId)) {
      if (event.type !== 'job.failed') continue;
      failures.push(event);
      if ((event.data as { jobId: string }).jobId === jobId) break;
    }
    expect(failures.length).toBeGreaterThan(0);
    const session = await api.getSession(sessionId);
    expect(session.answers[0]?.status).toBe('failed');
    // The question is free again: the next answer is accepted.
    expect(await statusOf(api.submitAnswer(sessionId, questionId, row.strong))).toBe('ok');
  });

  it('answers 404 for a question that was not asked', async () => {
    const api = client();
    const { sessionId } = await sessionWithQuestion(api);
    expect(await statusOf(api.submitAnswer(sessionId, 'q-not-asked', row.strong))).toBe(404);
  });

  it('erases a session and everything of it: afterwards every endpoint for it is 404 and no key names it', async () => {
    const api = client();
    const { sessionId, questionId } = await sessionWithQuestion(api);
    await api.submitAnswer(sessionId, questionId, row.strong);
    await eventsUntil(api, sessionId, 'answer.completed');
    const jobIds = await stack.redis.client().smembers(stack.gateway.deps.state.keys.sessionJobs(sessionId));
    expect(jobIds.length).toBeGreaterThan(3);

    await api.eraseSession(sessionId);

    expect(await statusOf(api.getSession(sessionId))).toBe(404);
    expect(await statusOf(api.getReport(sessionId))).toBe(404);
    expect(await statusOf(api.events(sessionId).next())).toBe(404);
    expect(await statusOf(api.submitQuestions(sessionId))).toBe(404);
    expect(await statusOf(api.submitAnswer(sessionId, questionId, 'again'))).toBe(404);
    expect(await statusOf(api.eraseSession(sessionId))).toBe(404);
    for (const jobId of jobIds) expect(await statusOf(api.getJob(jobId))).toBe(404);
    expect(await scanKeys(stack.redis.client(), `*${encodeKeyPart(sessionId)}*`)).toEqual([]);
  });
});

describe('erasing a session while its answer is being evaluated', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let worker: WorkerProcess;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis);
    // Slow model calls keep the evaluation running across the erasure.
    worker = await startTestWorker(redis, {}, { SIMULATED_LLM_LATENCY_MS: '300' });
  });

  afterAll(async () => {
    await worker.close();
    await gateway.close();
    await redis.stop();
  });

  it('leaves no key of the session once the running job has ended', async () => {
    const api = new GapflowClient({ baseUrl: gateway.url, token: await gateway.keyFor('acme') });
    const { sessionId: id, questionId } = await sessionWithQuestion(api);
    const { jobId } = await api.submitAnswer(id, questionId, row.medium);
    const evaluations = gateway.deps.queues.queue('evaluations');
    for (let waited = 0; (await (await evaluations.getJob(jobId))?.getState()) !== 'active' && waited < 100; waited += 1) await new Promise((resolve) => setTimeout(resolve, 20));

    await api.eraseSession(id);
    // The job was running (a locked job cannot be removed) and writes on after the erasure;
    // its next checkpoint finds the thread gone and it is tried again later (delayed), when it
    // finds the session gone.
    let state = await (await evaluations.getJob(jobId))?.getState();
    for (let waited = 0; (state === 'active' || state === 'delayed') && waited < 300; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await (await evaluations.getJob(jobId))?.getState();
    }
    expect(['completed', 'failed', undefined]).toContain(state);
    // When it has ended, nothing of the session is left.
    expect(await scanKeys(redis.client(), `*${encodeKeyPart(id)}*`)).toEqual([]);
  });
});
