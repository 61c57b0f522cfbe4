import { GapflowClient, isGapflowApiError, type SessionEvent } from '@gapflow/client';
import { Gap, GapflowError, Question } from '@gapflow/core';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { loadSample, TestRedisServer } from '@gapflow/testing';
import { createBrain, type Brain } from '@gapflow/workflow';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';
import type { WorkerProcess } from '../worker-process';
import { startTestWorker } from '../worker.fixture';
import { eventsUntil, statusOf, useFlowStack } from './flow-stack.fixture';

const sample = loadSample('platform-engineer');
const gapFor = (skill: string, severity: Gap['severity'] = 'critical'): Gap => ({ id: `gap-${skill.toLowerCase()}`, skill, severity, reason: 'r', evidence: [] });

describe('the question flow, gateway to worker', () => {
  const { stack, client } = useFlowStack();

  it('computes the gaps of a session created without them, and announces them', async () => {
    const api = client();
    const created = await api.createSession({ cv: sample.cv, jd: sample.jd });
    expect(created.status).toBe('analyzing');
    const received = await eventsUntil(api, created.id, 'gaps.ready');
    const ready = received.find((e) => e.type === 'gaps.ready')?.data as { gaps: Gap[] };
    expect(ready.gaps.map((g) => g.skill)).toContain('Terraform');
    const session = await api.getSession(created.id);
    expect(session.status).toBe('ready');
    expect(session.gaps).toEqual(ready.gaps);
  });

  it('answers a batch with one question per gap, streamed as each is ready, then group.completed', async () => {
    const api = client();
    const created = await api.createSession({ cv: sample.cv, jd: sample.jd });
    await eventsUntil(api, created.id, 'gaps.ready');
    const group = await api.submitQuestions(created.id);
    const session = await api.getSession(created.id);
    const expectedGaps = session.gaps.filter((gap) => gap.severity !== 'minor').map((gap) => gap.id);
    expect(group.jobs.map((job) => job.gapId)).toEqual(expectedGaps);

    const received = await eventsUntil(api, created.id, 'group.completed');
    const questions = received.filter((e) => e.type === 'question.ready').map((e) => e.data as { gapId: string; question: unknown });
    expect(questions.map((q) => q.gapId).sort()).toEqual([...expectedGaps].sort());
    for (const question of questions) expect(Question.safeParse(question.question).success).toBe(true);
    const completed = received.find((e) => e.type === 'group.completed')?.data as { completed: string[]; failed: unknown[] };
    expect(completed.failed).toEqual([]);
    expect(completed.completed.sort()).toEqual([...expectedGaps].sort());

    const after = await api.getSession(created.id);
    expect(after.questions.map((q) => q.gapId).sort()).toEqual([...expectedGaps].sort());
    expect(after.status).toBe('interviewing');

    const job = await api.getJob(group.jobs[0]?.jobId as string);
    expect(job).toMatchObject({ state: 'completed', kind: 'question', sessionId: created.id });
  });

  it('returns the first group for a repeated Idempotency-Key, and enqueues nothing new', async () => {
    const api = client();
    const created = await api.createSession({ cv: sample.cv, jd: sample.jd, gaps: [{ ...gapFor('Go', 'important'), reason: 'No Go in the CV.' }] });
    const submit = () => api.submitQuestions(created.id, {}, { idempotencyKey: 'submit-1' });
    const [first, second] = [await submit(), await submit()];
    expect(second).toEqual(first);
    const received = await eventsUntil(api, created.id, 'group.completed');
    expect(received.filter((e) => e.type === 'question.ready')).toHaveLength(1);
  });

  it('hides a session from another tenant', async () => {
    const created = await client().createSession({ cv: sample.cv, jd: sample.jd });
    const other = new GapflowClient({ baseUrl: stack.gateway.url, token: await stack.gateway.keyFor('globex') });
    const hidden = await other.getSession(created.id).catch((error: unknown) => error);
    expect(isGapflowApiError(hidden, 'NOT_FOUND') && hidden.status).toBe(404);
    expect(await statusOf(other.events(created.id).next())).toBe(404);
    expect(await statusOf(other.submitQuestions(created.id))).toBe(404);
  });

  it('resumes the event stream after Last-Event-ID, with nothing missed and nothing repeated', async () => {
    const api = client();
    const created = await api.createSession({ cv: sample.cv, jd: sample.jd, gaps: ['Terraform', 'Go', 'Helm'].map((skill) => gapFor(skill)) });
    await api.submitQuestions(created.id);
    const all = await eventsUntil(api, created.id, 'group.completed');
    const cut = 2;
    const resumed = await eventsUntil(api, created.id, 'group.completed', all[cut - 1]?.id);
    expect([...all.slice(0, cut), ...resumed].map((e) => e.id)).toEqual(all.map((e) => e.id));
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
    const api = new GapflowClient({ baseUrl: gateway.url, token: await gateway.keyFor('acme') });
    const created = await api.createSession({ ...sample, gaps: [gapFor('Terraform'), gapFor('Go', 'important'), gapFor('Helm', 'important')] });
    const group = await api.submitQuestions(created.id);

    const received: SessionEvent[] = await eventsUntil(api, created.id, 'group.completed');
    expect(received.filter((e) => e.type === 'question.ready').map((e) => (e.data as { gapId: string }).gapId).sort()).toEqual(['gap-go', 'gap-helm']);
    const failed = received.filter((e) => e.type === 'job.failed').map((e) => e.data as { gapId: string; code: string });
    expect(failed).toEqual([expect.objectContaining({ gapId: 'gap-terraform', code: 'UPSTREAM_UNAVAILABLE' })]);
    const completed = received.find((e) => e.type === 'group.completed')?.data as { completed: string[]; failed: { gapId: string; message: string }[] };
    expect(completed.completed.sort()).toEqual(['gap-go', 'gap-helm']);
    expect(completed.failed).toEqual([
      { gapId: 'gap-terraform', code: 'UPSTREAM_UNAVAILABLE', message: 'No question could be written for Terraform: The language model did not answer. Submit this gap again to retry.' },
    ]);

    const session = await api.getSession(created.id);
    expect(session.failedGaps).toEqual(completed.failed);
    const terraformJob = group.jobs.find((job) => job.gapId === 'gap-terraform');
    const status = await api.getJob(terraformJob?.jobId as string);
    expect(status).toMatchObject({ state: 'failed', attempts: 3 });
  });
});

describe('a batch of twenty gaps across three workers', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let workers: WorkerProcess[];
  let api: GapflowClient;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis);
    // Three workers taking one question at a time each: the batch is spread over all of them.
    workers = await Promise.all([1, 2, 3].map(() => startTestWorker(redis, {}, { WORKER_CONCURRENCY: '1' })));
    api = new GapflowClient({ baseUrl: gateway.url, token: await gateway.keyFor('acme') });
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.close()));
    await gateway.close();
    await redis.stop();
  });

  it('writes twenty different questions, no two on one exemplar, and a later batch repeats none of them', async () => {
    // Prometheus and Grafana are one knowledge entry (observability), Postgres and PostgreSQL
    // another: the same exemplars offer themselves twice — within the first batch (Prometheus,
    // Postgres) and again in the second (Grafana, PostgreSQL), which must skip those asked.
    const skills = ['Kubernetes', 'Terraform', 'Prometheus', 'Postgres', 'A/B testing', 'Negotiation', 'Prospecting', 'Hiring', 'Mentoring', 'Roadmapping', 'User research', 'Figma', 'Kafka', 'Airflow', 'Grafana', 'PostgreSQL', 'Budgeting', 'Procurement', 'Logistics', 'Threat modeling'];
    const gaps = skills.map((skill) => ({ ...gapFor(skill.replace(/[^A-Za-z]+/g, '-')), skill }));
    const created = await api.createSession({ cv: sample.cv, jd: sample.jd, gaps });
    const firstIds = gaps.slice(0, 14).map((gap) => gap.id);
    await api.submitQuestions(created.id, { gapIds: firstIds });
    const first = await eventsUntil(api, created.id, 'group.completed', undefined, 60_000);
    await api.submitQuestions(created.id, { gapIds: gaps.slice(14).map((gap) => gap.id) });
    const lastFirst = first.at(-1)?.id;
    await eventsUntil(api, created.id, 'group.completed', lastFirst, 60_000);

    const questions = (await api.getSession(created.id)).questions;
    expect(questions).toHaveLength(20);
    expect(new Set(questions.map((question) => question.text)).size).toBe(20);
    // Each question is built on one exemplar of its knowledge entry; none is used twice.
    const knowledge = loadKnowledgeBase();
    const exemplars = questions.map((question) => {
      const entry = question.knowledgeId ? knowledge.get(question.knowledgeId) : undefined;
      return entry?.questions.find((exemplar) => question.text.includes(exemplar)) ?? question.text;
    });
    expect(new Set(exemplars).size).toBe(20);
  });
});
