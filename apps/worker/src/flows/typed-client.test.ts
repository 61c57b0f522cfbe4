import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { GapflowApiError, GapflowClient, isGapflowApiError, type SessionEvent, type TypedSessionEvent } from '@gapflow/client';
import { isGapflowError, type Gap } from '@gapflow/core';
import { ANSWER_TABLE, loadSample, REPO_ROOT, SeverableProxy, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';
import { eventsUntil, useFlowStack } from './flow-stack.fixture';

const sample = loadSample('platform-engineer');
const corpus = join(REPO_ROOT, 'packages', 'documents', 'corpus');
const kubernetes = ANSWER_TABLE[0]!;
const gap = (skill: string): Gap => ({ id: `gap-${skill.toLowerCase()}`, skill, severity: 'critical', reason: 'r', evidence: [] });

/** The rejection of `promise`, which must be a typed API error. */
async function apiErrorOf(promise: Promise<unknown>): Promise<GapflowApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isGapflowApiError(error)) throw new Error(`expected a GapflowApiError, got ${String(error)}`);
  return error;
}

describe('the typed client, against a real gateway and worker', () => {
  const { stack, client } = useFlowStack();

  it('drives a whole session: questions, a thin answer, its deep dive, the follow-up, the streamed final answer, the report, erasure', async () => {
    const api = client();
    const created = await api.createSession({ cv: sample.cv, jd: sample.jd, gaps: [gap('Kubernetes')] });
    expect(created).toMatchObject({ status: 'ready', gaps: [{ id: 'gap-kubernetes' }] });
    const group = await api.submitQuestions(created.id, {}, { idempotencyKey: 'first-batch' });
    expect(group.jobs.map((job) => job.gapId)).toEqual(['gap-kubernetes']);
    // The same key and body again: the first group, nothing enqueued twice.
    expect(await api.submitQuestions(created.id, {}, { idempotencyKey: 'first-batch' })).toEqual(group);

    const received: TypedSessionEvent[] = [];
    let questionId = '';
    let finalAnswer = '';
    for await (const event of api.events(created.id)) {
      received.push(event);
      if (event.type === 'group.completed') {
        questionId = (await api.getSession(created.id)).questions[0]!.id;
        await api.submitAnswer(created.id, questionId, kubernetes.medium);
      }
      if (event.type === 'deepdive.ready') await api.submitAnswer(created.id, questionId, kubernetes.strong);
      if (event.type === 'answer.completed') {
        // Typed by its type: no cast.
        finalAnswer = event.data.answer.text;
        expect((await api.getJob(group.jobs[0]!.jobId)).state).toBe('completed');
        const report = await api.getReport(created.id);
        expect(report.gaps[0]).toMatchObject({ gapId: 'gap-kubernetes', status: 'completed', finalAnswer });
        await api.eraseSession(created.id);
      }
    }

    // The iteration ended by itself, on the erasure.
    const types = received.map((event) => event.type);
    expect(types[0]).toBe('session.created');
    expect(types.at(-1)).toBe('session.erased');
    expect(types).toEqual(expect.arrayContaining(['question.ready', 'group.completed', 'evaluation.ready', 'deepdive.ready', 'answer.completed']));
    const deltas = received.flatMap((event) => (event.type === 'answer.delta' ? [event.data.chunk] : []));
    expect(finalAnswer.length).toBeGreaterThan(0);
    expect(deltas.join('')).toBe(finalAnswer);
    expect(new Set(received.map((event) => event.id)).size).toBe(received.length);

    const gone = await apiErrorOf(api.getSession(created.id));
    expect([gone.code, gone.status]).toEqual(['NOT_FOUND', 404]);
  });

  it('creates a session from a file and pasted text in one form, as a page’s file input gives them', async () => {
    const api = client();
    const cvFile = new File([readFileSync(join(corpus, 'cv', '00-platform-engineer.txt'))], 'cv.txt', { type: 'text/plain' });
    const created = await api.createSessionFromDocuments({ cv: cvFile, jd: readFileSync(join(corpus, 'jd', '00-platform-engineer.md'), 'utf8') });
    expect(created.status).toBe('parsing');
    for await (const event of api.events(created.id)) {
      if (event.type === 'gaps.ready') break;
    }
    const session = await api.getSession(created.id, { include: 'documents' });
    expect(session.cv?.skills.length).toBeGreaterThan(3);
    expect(session.jd?.requirements.length).toBeGreaterThan(3);
    expect(session.documents?.cv?.report).toBeDefined();
  });

  it('refuses a second answer to an answered question as a typed CONFLICT', async () => {
    const api = client();
    const created = await api.createSession({ cv: sample.cv, jd: sample.jd, gaps: [gap('Kubernetes')] });
    await api.submitQuestions(created.id);
    let questionId = '';
    for await (const event of api.events(created.id)) {
      if (event.type === 'group.completed') {
        questionId = (await api.getSession(created.id)).questions[0]!.id;
        await api.submitAnswer(created.id, questionId, kubernetes.strong);
      }
      if (event.type === 'deepdive.ready') await api.submitAnswer(created.id, questionId, kubernetes.strong);
      if (event.type === 'answer.completed') break;
    }
    const conflict = await apiErrorOf(api.submitAnswer(created.id, questionId, 'one more thing'));
    expect([conflict.code, conflict.status]).toEqual(['CONFLICT', 409]);
    expect(conflict.message).toContain('answered');
  });

  describe('when the connection drops', () => {
    let first: TestGateway;
    let second: TestGateway;
    let proxy: SeverableProxy;

    beforeEach(async () => {
      first = await startTestGateway(stack.redis);
      second = await startTestGateway(stack.redis);
      proxy = await SeverableProxy.start(first.url);
    });

    afterEach(async () => {
      await proxy.close();
      await first.close();
      await second.close();
    });

    it('resumes with Last-Event-ID on another gateway after one dies, then after a cut, and loses and repeats no event', async () => {
      const api = new GapflowClient({ baseUrl: proxy.url, token: stack.key });
      // Calls go straight to a gateway that stays: a POST on a pooled socket the cut closed would fail, as it should.
      const control = new GapflowClient({ baseUrl: second.url, token: stack.key });
      const created = await control.createSession({ cv: sample.cv, jd: sample.jd, gaps: [gap('Kubernetes'), gap('PostgreSQL'), gap('Terraform')] });
      const followed: SessionEvent[] = [];
      for await (const event of api.events(created.id, { reconnectDelayMs: 50 })) {
        followed.push(event);
        if (event.type === 'session.created') {
          // The gateway serving the stream goes away mid-stream; its replacement is another replica.
          proxy.retarget(second.url);
          await first.close();
          await control.submitQuestions(created.id);
        }
        if (event.type === 'question.ready' && followed.filter((e) => e.type === 'question.ready').length === 1) proxy.sever();
        if (event.type === 'group.completed') break;
      }

      const sessionCreated = followed[0]!;
      expect(sessionCreated.type).toBe('session.created');
      expect(proxy.requestHeads.length).toBeGreaterThanOrEqual(2);
      expect(proxy.requestHeads[1]!.toLowerCase()).toContain(`last-event-id: ${sessionCreated.id}`);
      const straight = await eventsUntil(control, created.id, 'group.completed');
      expect(followed).toEqual(straight);
      expect(followed.filter((event) => event.type === 'question.ready')).toHaveLength(3);
    });

    it('skips the events a server sends again when it ignores Last-Event-ID', async () => {
      // A custom fetch that drops Last-Event-ID, as a careless proxy might: the gateway replays from the start.
      const forgetful: typeof fetch = (input, init) => {
        const headers = new Headers(init?.headers);
        headers.delete('last-event-id');
        return fetch(input, { ...init, headers });
      };
      const api = new GapflowClient({ baseUrl: proxy.url, token: stack.key, fetch: forgetful });
      const control = new GapflowClient({ baseUrl: first.url, token: stack.key });
      const created = await control.createSession({ cv: sample.cv, jd: sample.jd, gaps: [gap('Kubernetes'), gap('PostgreSQL')] });
      const followed: SessionEvent[] = [];
      for await (const event of api.events(created.id, { reconnectDelayMs: 50 })) {
        followed.push(event);
        if (event.type === 'session.created') {
          proxy.sever();
          await control.submitQuestions(created.id);
        }
        if (event.type === 'group.completed') break;
      }
      expect(proxy.requestHeads.length).toBeGreaterThanOrEqual(2);
      expect(proxy.requestHeads[1]!.toLowerCase()).not.toContain('last-event-id');
      expect(followed).toEqual(await eventsUntil(control, created.id, 'group.completed'));
    });
  });

  it('ends the iteration quietly when its AbortSignal aborts', async () => {
    const api = client();
    const created = await api.createSession({ cv: sample.cv, jd: sample.jd, gaps: [gap('Kubernetes')] });
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const event of api.events(created.id, { signal: controller.signal })) {
      seen.push(event.type);
      // Nothing else happens in this session: only the abort can end the loop.
      controller.abort();
    }
    expect(seen).toEqual(['session.created']);
  });
});

describe('the typed client, on errors', () => {
  let redis: TestRedisServer;
  // No worker: a session created without gaps stays in gap analysis.
  let gateway: TestGateway;
  let limited: TestGateway;
  let key: string;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis);
    limited = await startTestGateway(redis, { RATE_LIMIT_PER_MINUTE: '2' });
    key = await gateway.keyFor('acme');
  });

  afterAll(async () => {
    await limited.close();
    await gateway.close();
    await redis.stop();
  });

  it('throws NOT_FOUND (404) as a GapflowError with the request id', async () => {
    const error = await apiErrorOf(new GapflowClient({ baseUrl: gateway.url, token: key }).getSession('ses_nothing_here'));
    expect(error).toBeInstanceOf(GapflowApiError);
    expect(isGapflowError(error, 'NOT_FOUND')).toBe(true);
    expect(error.status).toBe(404);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('throws UNAUTHORIZED (401) for an unknown key, also when following events', async () => {
    const api = new GapflowClient({ baseUrl: gateway.url, token: 'not-a-key-of-anyone' });
    const error = await apiErrorOf(api.getJob('job_1'));
    expect([error.code, error.status]).toEqual(['UNAUTHORIZED', 401]);
    const streamed = await apiErrorOf(api.events('ses_1').next());
    expect([streamed.code, streamed.status]).toEqual(['UNAUTHORIZED', 401]);
  });

  it('throws VALIDATION_FAILED (400) naming each bad field', async () => {
    const api = new GapflowClient({ baseUrl: gateway.url, token: key });
    const error = await apiErrorOf(api.createSession({ cv: sample.cv, jd: { ...sample.jd, title: 42 } } as never));
    expect([error.code, error.status]).toEqual(['VALIDATION_FAILED', 400]);
    expect(error.details?.map((detail) => detail.path)).toContain('jd.title');
  });

  it('throws CONFLICT (409) for questions while the gaps are being computed', async () => {
    const api = new GapflowClient({ baseUrl: gateway.url, token: key });
    const created = await api.createSession({ cv: sample.cv, jd: sample.jd });
    expect(created.status).toBe('analyzing');
    const error = await apiErrorOf(api.submitQuestions(created.id));
    expect([error.code, error.status]).toEqual(['CONFLICT', 409]);
  });

  it('throws IDEMPOTENCY_KEY_REUSED (422) for a key sent again with another body', async () => {
    const api = new GapflowClient({ baseUrl: gateway.url, token: key });
    const created = await api.createSession({ cv: sample.cv, jd: sample.jd, gaps: [gap('Kubernetes'), gap('PostgreSQL')] });
    await api.submitQuestions(created.id, {}, { idempotencyKey: 'batch-1' });
    const error = await apiErrorOf(api.submitQuestions(created.id, { gapIds: ['gap-kubernetes'] }, { idempotencyKey: 'batch-1' }));
    expect([error.code, error.status]).toEqual(['IDEMPOTENCY_KEY_REUSED', 422]);
  });

  it('throws RATE_LIMITED (429) with Retry-After as retryAfterSeconds', async () => {
    const api = new GapflowClient({ baseUrl: limited.url, token: await limited.keyFor('acme') });
    let error: GapflowApiError | undefined;
    for (let attempt = 0; attempt < 10 && !error; attempt += 1) {
      error = await api.getJob('job_1').then(
        () => undefined,
        (reason: unknown) => (isGapflowApiError(reason, 'RATE_LIMITED') ? reason : undefined),
      );
    }
    expect(error?.status).toBe(429);
    expect(error?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('throws UPSTREAM_UNAVAILABLE when no gateway answers', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise((resolve) => server.close(resolve));
    const error = await new GapflowClient({ baseUrl: url, token: key }).getSession('ses_1').then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isGapflowError(error, 'UPSTREAM_UNAVAILABLE')).toBe(true);
    expect(isGapflowApiError(error)).toBe(false);
  });
});
