import { Gap, GapflowError, JobStatus, Question, Session } from '@gapflow/core';
import { loadSample, readServerSentEvents, TestRedisServer, type ReceivedEvent } from '@gapflow/testing';
import { createBrain, type Brain } from '@gapflow/workflow';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';
import type { WorkerProcess } from '../worker-process';
import { startTestWorker } from '../worker.fixture';

const sample = loadSample('platform-engineer');

describe('the question flow, gateway to worker', () => {
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

  function api(path: string, init: RequestInit & { apiKey?: string } = {}): Promise<Response> {
    return fetch(`${gateway.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${init.apiKey ?? key}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) },
    });
  }

  async function createSession(body: unknown, apiKey = key): Promise<{ id: string; status: string; gaps?: Gap[] }> {
    const response = await api('/v1/sessions', { method: 'POST', body: JSON.stringify(body), apiKey });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; status: string; gaps?: Gap[] };
  }

  function events(sessionId: string, until: (events: ReceivedEvent[]) => boolean, lastEventId?: string) {
    return readServerSentEvents(`${gateway.url}/v1/sessions/${sessionId}/events`, {
      headers: { authorization: `Bearer ${key}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      until,
    });
  }

  it('computes the gaps of a session created without them, and announces them', async () => {
    const created = await createSession({ cv: sample.cv, jd: sample.jd });
    expect(created.status).toBe('analyzing');
    const { events: received } = await events(created.id, (all) => all.some((e) => e.event === 'gaps.ready'));
    const ready = received.find((e) => e.event === 'gaps.ready')?.data as { data: { gaps: Gap[] } };
    expect(ready.data.gaps.map((g) => g.skill)).toContain('Terraform');
    const session = Session.parse(await (await api(`/v1/sessions/${created.id}`)).json());
    expect(session.status).toBe('ready');
    expect(session.gaps).toEqual(ready.data.gaps);
  });

  it('answers a batch with one question per gap, streamed as each is ready, then group.completed', async () => {
    const created = await createSession({ cv: sample.cv, jd: sample.jd });
    await events(created.id, (all) => all.some((e) => e.event === 'gaps.ready'));
    const submitted = await api(`/v1/sessions/${created.id}/questions`, { method: 'POST', body: '{}' });
    expect(submitted.status).toBe(202);
    const group = (await submitted.json()) as { groupId: string; jobs: { jobId: string; gapId: string }[] };
    const session = Session.parse(await (await api(`/v1/sessions/${created.id}`)).json());
    const expectedGaps = session.gaps.filter((gap) => gap.severity !== 'minor').map((gap) => gap.id);
    expect(group.jobs.map((job) => job.gapId)).toEqual(expectedGaps);

    const { events: received } = await events(created.id, (all) => all.some((e) => e.event === 'group.completed'));
    const questions = received.filter((e) => e.event === 'question.ready').map((e) => (e.data as { data: { gapId: string; question: unknown } }).data);
    expect(questions.map((q) => q.gapId).sort()).toEqual([...expectedGaps].sort());
    for (const question of questions) expect(Question.safeParse(question.question).success).toBe(true);
    const completed = received.find((e) => e.event === 'group.completed')?.data as { data: { completed: string[]; failed: unknown[] } };
    expect(completed.data.failed).toEqual([]);
    expect(completed.data.completed.sort()).toEqual([...expectedGaps].sort());

    const after = Session.parse(await (await api(`/v1/sessions/${created.id}`)).json());
    expect(after.questions.map((q) => q.gapId).sort()).toEqual([...expectedGaps].sort());
    expect(after.status).toBe('interviewing');

    const job = JobStatus.parse(await (await api(`/v1/jobs/${group.jobs[0]?.jobId}`)).json());
    expect(job).toMatchObject({ state: 'completed', kind: 'question', sessionId: created.id });
  });

  it('returns the first group for a repeated Idempotency-Key, and enqueues nothing new', async () => {
    const created = await createSession({ cv: sample.cv, jd: sample.jd, gaps: [{ id: 'gap-go', skill: 'Go', severity: 'important', reason: 'No Go in the CV.', evidence: [] }] });
    const submit = () => api(`/v1/sessions/${created.id}/questions`, { method: 'POST', body: '{}', headers: { 'idempotency-key': 'submit-1' } }).then((r) => r.json());
    const [first, second] = [await submit(), await submit()];
    expect(second).toEqual(first);
    const { events: received } = await events(created.id, (all) => all.some((e) => e.event === 'group.completed'));
    expect(received.filter((e) => e.event === 'question.ready')).toHaveLength(1);
  });

  it('hides a session from another tenant', async () => {
    const created = await createSession({ cv: sample.cv, jd: sample.jd });
    const other = await gateway.keyFor('globex');
    for (const path of [`/v1/sessions/${created.id}`, `/v1/sessions/${created.id}/events`]) {
      const response = await api(path, { apiKey: other });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }
    expect((await api(`/v1/sessions/${created.id}/questions`, { method: 'POST', body: '{}', apiKey: other })).status).toBe(404);
  });

  it('resumes the event stream after Last-Event-ID, with nothing missed and nothing repeated', async () => {
    const gaps = ['Terraform', 'Go', 'Helm'].map((skill) => ({ id: `gap-${skill.toLowerCase()}`, skill, severity: 'critical', reason: 'r', evidence: [] }));
    const created = await createSession({ cv: sample.cv, jd: sample.jd, gaps });
    expect((await api(`/v1/sessions/${created.id}/questions`, { method: 'POST', body: '{}' })).status).toBe(202);
    const all = await events(created.id, (list) => list.some((e) => e.event === 'group.completed'));
    const cut = 2;
    const resumed = await events(created.id, (list) => list.some((e) => e.event === 'group.completed'), all.events[cut - 1]?.id);
    expect([...all.events.slice(0, cut), ...resumed.events].map((e) => e.id)).toEqual(all.events.map((e) => e.id));
  });
});

describe('a gap whose question fails on every attempt', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let worker: WorkerProcess;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis);
    const embedded = await createBrain();
    // The language model is down for one skill only: every attempt at its question fails.
    const brain: Brain = {
      ...embedded,
      model: {
        provider: 'offline',
        composeAnswer: (call, options) => embedded.model.composeAnswer(call, options),
        generate: async (call, options) => {
          if (call.kind === 'question' && (call.input as { gap: Gap }).gap.skill === 'Terraform') {
            throw new GapflowError('UPSTREAM_UNAVAILABLE', 'The language model did not answer.');
          }
          return embedded.model.generate(call, options);
        },
      },
    };
    worker = await startTestWorker(redis, { brain }, { JOB_ATTEMPTS: '3' });
  });

  afterAll(async () => {
    await worker.close();
    await gateway.close();
    await redis.stop();
  });

  it('still delivers the other questions and completes the group, naming the failed gap and why', async () => {
    const key = await gateway.keyFor('acme');
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const gaps = [
      { id: 'gap-terraform', skill: 'Terraform', severity: 'critical', reason: 'r', evidence: [] },
      { id: 'gap-go', skill: 'Go', severity: 'important', reason: 'r', evidence: [] },
      { id: 'gap-helm', skill: 'Helm', severity: 'important', reason: 'r', evidence: [] },
    ];
    const created = (await (await fetch(`${gateway.url}/v1/sessions`, { method: 'POST', headers, body: JSON.stringify({ ...sample, gaps }) })).json()) as { id: string };
    const group = (await (await fetch(`${gateway.url}/v1/sessions/${created.id}/questions`, { method: 'POST', headers, body: '{}' })).json()) as { jobs: { jobId: string; gapId: string }[] };

    const { events: received } = await readServerSentEvents(`${gateway.url}/v1/sessions/${created.id}/events`, {
      headers,
      until: (all) => all.some((e) => e.event === 'group.completed'),
    });
    expect(received.filter((e) => e.event === 'question.ready').map((e) => (e.data as { data: { gapId: string } }).data.gapId).sort()).toEqual(['gap-go', 'gap-helm']);
    const failed = received.filter((e) => e.event === 'job.failed').map((e) => (e.data as { data: { gapId: string; code: string } }).data);
    expect(failed).toEqual([expect.objectContaining({ gapId: 'gap-terraform', code: 'UPSTREAM_UNAVAILABLE' })]);
    const completed = received.find((e) => e.event === 'group.completed')?.data as { data: { completed: string[]; failed: { gapId: string; message: string }[] } };
    expect(completed.data.completed.sort()).toEqual(['gap-go', 'gap-helm']);
    expect(completed.data.failed).toEqual([
      { gapId: 'gap-terraform', code: 'UPSTREAM_UNAVAILABLE', message: 'No question could be written for Terraform: The language model did not answer. Submit this gap again to retry.' },
    ]);

    const session = Session.parse(await (await fetch(`${gateway.url}/v1/sessions/${created.id}`, { headers })).json());
    expect(session.failedGaps).toEqual(completed.data.failed);
    const terraformJob = group.jobs.find((job) => job.gapId === 'gap-terraform');
    const status = JobStatus.parse(await (await fetch(`${gateway.url}/v1/jobs/${terraformJob?.jobId}`, { headers })).json());
    expect(status).toMatchObject({ state: 'failed', attempts: 3 });
  });
});
