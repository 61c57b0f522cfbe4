import { encodeKeyPart } from '@gapflow/state';
import { ANSWER_TABLE, loadSample, readServerSentEvents, scanKeys, TestRedisServer, type ReceivedEvent } from '@gapflow/testing';
import { Session, SessionReport } from '@gapflow/core';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';
import type { WorkerProcess } from '../worker-process';
import { startTestWorker } from '../worker.fixture';

const sample = loadSample('platform-engineer');
const row = ANSWER_TABLE[0]!;

describe('the answer loop, gateway to worker', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let worker: WorkerProcess;
  let key: string;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis);
    worker = await startTestWorker(redis);
    key = await gateway.keyFor('acme');
  });

  afterAll(async () => {
    await worker.close();
    await gateway.close();
    await redis.stop();
  });

  const headers = () => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
  const api = (path: string, init: RequestInit = {}) => fetch(`${gateway.url}${path}`, { ...init, headers: headers() });
  const follow = (sessionId: string, until: (events: ReceivedEvent[]) => boolean, lastEventId?: string) =>
    readServerSentEvents(`${gateway.url}/v1/sessions/${sessionId}/events`, { headers: { ...headers(), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, until });
  const answer = (sessionId: string, questionId: string, text: string) =>
    api(`/v1/sessions/${sessionId}/questions/${questionId}/answers`, { method: 'POST', body: JSON.stringify({ text }) });

  /** A session with one asked question about Kubernetes. */
  async function sessionWithQuestion(): Promise<{ sessionId: string; questionId: string; lastEventId: string }> {
    const gaps = [{ id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical', reason: 'r', evidence: [] }];
    const created = (await (await api('/v1/sessions', { method: 'POST', body: JSON.stringify({ ...sample, gaps }) })).json()) as { id: string };
    await api(`/v1/sessions/${created.id}/questions`, { method: 'POST', body: '{}' });
    const { events } = await follow(created.id, (all) => all.some((e) => e.event === 'group.completed'));
    const session = Session.parse(await (await api(`/v1/sessions/${created.id}`)).json());
    return { sessionId: created.id, questionId: session.questions[0]?.id as string, lastEventId: events[events.length - 1]?.id as string };
  }

  it('asks deep dives for a thin answer, then composes and streams the final answer after the follow-up', async () => {
    const { sessionId, questionId, lastEventId } = await sessionWithQuestion();
    const first = await answer(sessionId, questionId, row.medium);
    expect(first.status).toBe(202);
    const round0 = await follow(sessionId, (all) => all.some((e) => e.event === 'deepdive.ready'), lastEventId);
    const evaluation = round0.events.find((e) => e.event === 'evaluation.ready')?.data as { data: { evaluation: { verdict: string; criteria: { criterion: string; quotes: string[] }[] } } };
    expect(evaluation.data.evaluation.verdict).toBe('needs_detail');
    expect(evaluation.data.evaluation.criteria).toHaveLength(5);
    const prompts = (round0.events.find((e) => e.event === 'deepdive.ready')?.data as { data: { prompts: { criterion: string; text: string }[] } }).data.prompts;
    expect(prompts.length).toBeGreaterThan(0);

    // The graph now waits without a worker; the follow-up resumes it.
    const waiting = Session.parse(await (await api(`/v1/sessions/${sessionId}`)).json());
    expect(waiting.answers[0]?.status).toBe('awaiting_follow_up');
    expect((await answer(sessionId, questionId, row.strong)).status).toBe(202);
    const round1 = await follow(sessionId, (all) => all.some((e) => e.event === 'answer.completed'), round0.events[round0.events.length - 1]?.id);
    const deltas = round1.events.filter((e) => e.event === 'answer.delta').map((e) => (e.data as { data: { index: number; chunk: string } }).data);
    expect(deltas.map((delta) => delta.index)).toEqual(deltas.map((_, index) => index));
    const completed = (round1.events.find((e) => e.event === 'answer.completed')?.data as { data: { answer: { text: string } } }).data.answer;
    expect(deltas.map((delta) => delta.chunk).join('')).toBe(completed.text);

    const session = Session.parse(await (await api(`/v1/sessions/${sessionId}`)).json());
    const progress = session.answers[0];
    expect(progress).toMatchObject({ questionId, status: 'completed', answers: [row.medium, row.strong] });
    expect(progress?.evaluations).toHaveLength(2);
    expect(progress?.deepDives).toHaveLength(1);
    expect(progress?.finalAnswer?.text).toBe(completed.text);

    const report = SessionReport.parse(await (await api(`/v1/sessions/${sessionId}/report`)).json());
    expect(report.gaps[0]).toMatchObject({ gapId: 'gap-kubernetes', status: 'completed', finalAnswer: completed.text });
    expect(report.gaps[0]?.scores).toHaveLength(5);

    const again = await answer(sessionId, questionId, 'one more thing');
    expect(again.status).toBe(409);
  });

  it('lets only one of two answers sent at the same instant proceed', async () => {
    const { sessionId, questionId } = await sessionWithQuestion();
    const statuses = (await Promise.all([answer(sessionId, questionId, row.medium), answer(sessionId, questionId, row.strong)])).map((r) => r.status).sort();
    expect(statuses).toEqual([202, 409]);
  });

  it('frees the question and tells the client when an evaluation fails outside its processor', async () => {
    const { sessionId, questionId } = await sessionWithQuestion();
    const jobId = 'sub_outside-eval';
    // The lock the gateway would have taken for this job.
    expect(await gateway.deps.state.answerLock.acquire(sessionId, questionId, jobId)).toBe(true);
    // A payload the worker refuses before its processor runs (so the processor's own
    // last-attempt bookkeeping never happens), as a job that stalled too often would.
    await gateway.deps.queues.queue('evaluations').add('evaluate', { sessionId, tenantId: 'not a valid tenant!', questionId, submissionId: 'sub_x' }, { jobId, attempts: 1 });
    const { events } = await follow(sessionId, (all) => all.some((e) => e.event === 'job.failed' && (e.data as { data: { jobId: string } }).data.jobId === jobId));
    expect(events.some((e) => e.event === 'job.failed')).toBe(true);
    const session = Session.parse(await (await api(`/v1/sessions/${sessionId}`)).json());
    expect(session.answers[0]?.status).toBe('failed');
    // The question is free again: the next answer is accepted.
    expect((await answer(sessionId, questionId, row.strong)).status).toBe(202);
  });

  it('answers 404 for a question that was not asked', async () => {
    const { sessionId } = await sessionWithQuestion();
    const response = await answer(sessionId, 'q-not-asked', row.strong);
    expect(response.status).toBe(404);
  });

  it('erases a session and everything of it: afterwards every endpoint for it is 404 and no key names it', async () => {
    const { sessionId, questionId } = await sessionWithQuestion();
    await answer(sessionId, questionId, row.strong);
    await follow(sessionId, (all) => all.some((e) => e.event === 'answer.completed'));
    const jobIds = await redis.client().smembers(gateway.deps.state.keys.sessionJobs(sessionId));
    expect(jobIds.length).toBeGreaterThan(3);

    expect((await api(`/v1/sessions/${sessionId}`, { method: 'DELETE' })).status).toBe(204);

    for (const path of [`/v1/sessions/${sessionId}`, `/v1/sessions/${sessionId}/report`, `/v1/sessions/${sessionId}/events`]) {
      expect((await api(path)).status).toBe(404);
    }
    expect((await api(`/v1/sessions/${sessionId}/questions`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await answer(sessionId, questionId, 'again')).status).toBe(404);
    expect((await api(`/v1/sessions/${sessionId}`, { method: 'DELETE' })).status).toBe(404);
    for (const jobId of jobIds) expect((await api(`/v1/jobs/${jobId}`)).status).toBe(404);
    expect(await scanKeys(redis.client(), `*${encodeKeyPart(sessionId)}*`)).toEqual([]);
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
    const key = await gateway.keyFor('acme');
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const gaps = [{ id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical', reason: 'r', evidence: [] }];
    const { id } = (await (await fetch(`${gateway.url}/v1/sessions`, { method: 'POST', headers, body: JSON.stringify({ ...sample, gaps }) })).json()) as { id: string };
    await fetch(`${gateway.url}/v1/sessions/${id}/questions`, { method: 'POST', headers, body: '{}' });
    await readServerSentEvents(`${gateway.url}/v1/sessions/${id}/events`, { headers, until: (all) => all.some((e) => e.event === 'group.completed') });
    const session = Session.parse(await (await fetch(`${gateway.url}/v1/sessions/${id}`, { headers })).json());
    const { jobId } = (await (await fetch(`${gateway.url}/v1/sessions/${id}/questions/${session.questions[0]?.id}/answers`, { method: 'POST', headers, body: JSON.stringify({ text: row.medium }) })).json()) as { jobId: string };
    const evaluations = gateway.deps.queues.queue('evaluations');
    for (let waited = 0; (await (await evaluations.getJob(jobId))?.getState()) !== 'active' && waited < 100; waited += 1) await new Promise((resolve) => setTimeout(resolve, 20));

    expect((await fetch(`${gateway.url}/v1/sessions/${id}`, { method: 'DELETE', headers })).status).toBe(204);
    // The job was running (a locked job cannot be removed) and writes on after the erasure.
    let state = await (await evaluations.getJob(jobId))?.getState();
    for (let waited = 0; state === 'active' && waited < 300; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await (await evaluations.getJob(jobId))?.getState();
    }
    expect(['completed', 'failed', undefined]).toContain(state);
    // When it has ended, nothing of the session is left.
    expect(await scanKeys(redis.client(), `*${encodeKeyPart(id)}*`)).toEqual([]);
  });
});

