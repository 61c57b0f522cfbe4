import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GapflowClient } from '@gapflow/client';
import { entryTexts, loadKnowledgeBase } from '@gapflow/retrieval';
import { ApiKeyStore, findFreePort, GapflowKeys } from '@gapflow/state';
import { AppProcess, GeminiTestServer, loadLongSample, loadSample, QdrantTestServer, REPO_ROOT, TestRedisServer } from '@gapflow/testing';
import { eventsUntil } from './flow-stack.fixture';

/**
 * A full session on Gemini: gateway and two workers as processes, the real SDK talking HTTP
 * to the Gemini-compatible test server.
 */
describe('a session on Gemini, across processes', () => {
  let redis: TestRedisServer;
  let gemini: GeminiTestServer;
  let qdrant: QdrantTestServer;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gemini = await GeminiTestServer.start();
    qdrant = await QdrantTestServer.start();
  });

  // Each test runs its own deployment: workers left from another would take its jobs.
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.kill()));
    apps.length = 0;
  });

  afterAll(async () => {
    await qdrant.close();
    await gemini.close();
    await redis.stop();
  });

  it('runs gaps, questions, an answer with a deep dive and the streamed final answer through the SDK, on Gemini embeddings and Qdrant', async () => {
    const port = await findFreePort();
    const env = { REDIS_URL: redis.url, GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, MAX_DEEP_DIVE_ROUNDS: '1', QDRANT_URL: qdrant.url, GEMINI_EMBEDDING_DIMENSIONS: '64' };
    apps.push(await AppProcess.start('gateway', { ...env, PORT: String(port) }, 'gateway listening'));
    apps.push(...(await Promise.all([1, 2].map(() => AppProcess.start('worker', env, 'worker ready')))));
    const key = await new ApiKeyStore(redis.client(), GapflowKeys.fromPrefix('{gapflow}')).create('acme');
    const api = new GapflowClient({ baseUrl: `http://127.0.0.1:${port}`, token: key });

    const { id } = await api.createSession(loadSample('platform-engineer'));
    await eventsUntil(api, id, 'gaps.ready');
    await api.submitQuestions(id);
    await eventsUntil(api, id, 'group.completed');
    const asked = await api.getSession(id);
    expect(asked.questions.length).toBeGreaterThan(0);
    for (const question of asked.questions) expect(question.source).toEqual({ provider: 'gemini', model: 'gemini-2.5-flash', fallback: false });

    const questionId = asked.questions[0]?.id as string;
    await api.submitAnswer(id, questionId, 'We migrated to Terraform.');
    const paused = await eventsUntil(api, id, 'deepdive.ready');
    await api.submitAnswer(id, questionId, 'I wrote the Terraform modules for 3 regions myself; provisioning went from 2 days to 40 minutes.');
    const done = await eventsUntil(api, id, 'answer.completed', paused[paused.length - 1]?.id);
    const deltas = done.filter((event) => event.type === 'answer.delta').map((event) => (event.data as { chunk: string }).chunk);
    const session = await api.getSession(id);
    const progress = session.answers[0];
    expect(progress?.status).toBe('completed');
    expect(progress?.evaluations.every((evaluation) => evaluation.source.provider === 'gemini')).toBe(true);
    expect(progress?.finalAnswer?.source).toEqual({ provider: 'gemini', model: 'gemini-2.5-flash', fallback: false });
    expect(deltas.join('')).toBe(progress?.finalAnswer?.text);
    expect(gemini.count('generate')).toBeGreaterThanOrEqual(asked.questions.length + 10);
    expect(gemini.count('stream')).toBe(1);
    // The shipped sample's documents are below Gemini's minimum cache size: no cache is tried.
    expect(gemini.count('cacheCreate')).toBe(0);
    // Retrieval ran on Gemini embeddings and Qdrant: the knowledge base was embedded and
    // uploaded once (two workers, one collection), and the batch searched in one round trip.
    expect(gemini.count('embed')).toBeGreaterThanOrEqual(2);
    // Two workers started together: the knowledge base was embedded by one of them only.
    const knowledgeTexts = loadKnowledgeBase().entries.flatMap((entry) => entryTexts(entry)).length;
    const embeddedTexts = gemini.requests.filter((request) => request.kind === 'embed').reduce((sum, request) => sum + (request.body.requests as unknown[]).length, 0);
    expect(embeddedTexts).toBeGreaterThanOrEqual(knowledgeTexts);
    expect(embeddedTexts).toBeLessThan(2 * knowledgeTexts);
    expect(qdrant.count('POST', /\/points\/query\/batch$/)).toBe(1);
    expect(qdrant.count('PUT', /^\/collections\/gapflow_kb_[^/]+$/)).toBeGreaterThanOrEqual(1);
  });

  it('reads a pasted job ad with Gemini at intake, keeping only what the ad says, and says who read it in documents.parsed', async () => {
    gemini.reset();
    const port = await findFreePort();
    const env = { REDIS_URL: redis.url, GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url };
    apps.push(await AppProcess.start('gateway', { ...env, PORT: String(port) }, 'gateway listening'));
    apps.push(await AppProcess.start('worker', env, 'worker ready'));
    const key = await new ApiKeyStore(redis.client(), GapflowKeys.fromPrefix('{gapflow}')).create('acme');
    const api = new GapflowClient({ baseUrl: `http://127.0.0.1:${port}`, token: key });
    const jdText = readFileSync(join(REPO_ROOT, 'packages', 'documents', 'corpus', 'jd', '00-platform-engineer.md'), 'utf8');
    gemini.script('generate', {
      reply: {
        title: 'Senior Platform Engineer',
        company: 'Acme Payments',
        seniority: 'senior',
        requirements: [
          { skill: 'Go', importance: 'must', years: 5 },
          { skill: 'Kubernetes', importance: 'must', years: null },
          { skill: 'Cassandra', importance: 'should', years: null },
        ],
        responsibilities: ['Own our Kubernetes platform and its upgrades'],
      },
    });

    const { id } = await api.createSession({ cv: loadSample('platform-engineer').cv, jd: { text: jdText } });
    const events = await eventsUntil(api, id, 'gaps.ready');
    const parsed = events.find((event) => event.type === 'documents.parsed');
    expect(parsed?.data).toEqual({ jd: expect.objectContaining({ source: { provider: 'gemini', model: 'gemini-2.5-flash-lite', fallback: false } }) });
    const session = await api.getSession(id, { include: 'documents' });
    expect(session.jd?.requirements).toEqual([
      { skill: 'Go', importance: 'must', years: 5 },
      { skill: 'Kubernetes', importance: 'must' },
    ]);
    expect(session.documents?.jd?.report?.warnings).toEqual(['Gemini named 1 requirement the job description does not contain ("Cassandra"); left out.']);
    const extractions = gemini.requests.filter((request) => request.kind === 'generate' && JSON.stringify(request.body.contents).includes('Task: jdExtraction'));
    expect(extractions).toHaveLength(1);
    expect(extractions[0]?.body.cachedContent).toBeUndefined();
  });

  it('creates one context cache for ten gap jobs on two workers, uses it in every question call, and deletes it on erasure', async () => {
    gemini.reset();
    const port = await findFreePort();
    // The shipped sample is below Gemini's minimum cache size; this one is above it.
    const env = { REDIS_URL: redis.url, GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url };
    apps.push(await AppProcess.start('gateway', { ...env, PORT: String(port) }, 'gateway listening'));
    apps.push(...(await Promise.all([1, 2].map(() => AppProcess.start('worker', { ...env, WORKER_CONCURRENCY: '10' }, 'worker ready')))));
    const key = await new ApiKeyStore(redis.client(), GapflowKeys.fromPrefix('{gapflow}')).create('acme');
    const api = new GapflowClient({ baseUrl: `http://127.0.0.1:${port}`, token: key });
    const gaps = ['Terraform', 'Kubernetes', 'Go', 'Observability', 'CI/CD', 'Helm', 'Incident management', 'AWS', 'Docker', 'Linux'].map((skill, index) => ({ id: `gap-${index}`, skill, severity: 'critical' as const, reason: 'r', evidence: [] }));
    const { id } = await api.createSession({ ...loadLongSample('platform-engineer'), gaps });
    await api.submitQuestions(id);
    await eventsUntil(api, id, 'group.completed');

    expect(gemini.count('cacheCreate')).toBe(1);
    const questionCalls = gemini.requests.filter((request) => request.kind === 'generate');
    expect(questionCalls).toHaveLength(10);
    const [cacheName] = [...new Set(questionCalls.map((request) => request.body.cachedContent))];
    expect(cacheName).toMatch(/^cachedContents\//);
    for (const request of questionCalls) {
      expect(request.body.cachedContent).toBe(cacheName);
      // With the cache, the prefix is not sent again.
      expect(request.body.systemInstruction).toBeUndefined();
    }

    await api.eraseSession(id);
    for (let waited = 0; gemini.count('cacheDelete') === 0 && waited < 100; waited += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gemini.count('cacheDelete')).toBe(1);
    expect(gemini.cacheCount).toBe(0);
  });

  it('keeps two worker processes together under one shared quota, as counted by the server', async () => {
    gemini.reset();
    const port = await findFreePort();
    const windowMs = 2_000;
    const env = { REDIS_URL: redis.url, GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, GEMINI_REQUESTS_PER_WINDOW: '3', GEMINI_QUOTA_WINDOW_MS: String(windowMs), GEMINI_CONTEXT_CACHING: 'off' };
    apps.push(await AppProcess.start('gateway', { ...env, PORT: String(port) }, 'gateway listening'));
    apps.push(...(await Promise.all([1, 2].map(() => AppProcess.start('worker', { ...env, WORKER_CONCURRENCY: '10' }, 'worker ready')))));
    const key = await new ApiKeyStore(redis.client(), GapflowKeys.fromPrefix('{gapflow}')).create('acme');
    const api = new GapflowClient({ baseUrl: `http://127.0.0.1:${port}`, token: key });
    const gaps = ['Terraform', 'Kubernetes', 'Go', 'Observability', 'CI/CD', 'Helm', 'AWS', 'Docker'].map((skill, index) => ({ id: `gap-${index}`, skill, severity: 'critical' as const, reason: 'r', evidence: [] }));
    const { id } = await api.createSession({ ...loadSample('platform-engineer'), gaps });
    await api.submitQuestions(id);
    const events = await eventsUntil(api, id, 'group.completed', undefined, 30_000);
    expect(events.filter((event) => event.type === 'question.ready')).toHaveLength(8);

    // Counted where the requests arrive. A request reaches the server some time after the
    // quota granted it, and on a busy machine that delay can outgrow the quota's margin, so
    // a full window at the server could catch the end of one grant and the start of the
    // next. Half a window cannot (that would take a second of delay), yet two workers with
    // a quota each would put six requests into the first one.
    const times = gemini.requests.filter((request) => request.kind === 'generate').map((request) => request.at).sort((a, b) => a - b);
    const busiestHalfWindow = Math.max(...times.map((start) => times.filter((time) => time >= start && time < start + windowMs / 2).length));
    expect(times.length).toBeGreaterThan(3);
    expect(busiestHalfWindow).toBeLessThanOrEqual(3);
    // Eight calls at three a window take at least three windows of grants.
    expect((times[times.length - 1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(windowMs);
    // The workers waited for quota, visibly.
    expect(apps.some((app) => app.output.lines.some((line) => line.includes('waiting for the shared Gemini quota')))).toBe(true);
  });

  it('starts a worker while Gemini embeddings are down, which warns that its retrieval is offline', async () => {
    gemini.reset();
    gemini.script('embed', ...Array.from({ length: 20 }, () => ({ status: 503 as const })));
    // Dimensions no other test used: the knowledge base's vectors are not in Redis yet.
    const env = { REDIS_URL: redis.url, GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, QDRANT_URL: qdrant.url, GEMINI_EMBEDDING_DIMENSIONS: '48' };
    const worker = await AppProcess.start('worker', env, 'worker ready');
    apps.push(worker);
    const lines = worker.output.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.msg === 'worker ready')).toMatchObject({ retrievalOffline: true, retrievalEmbedder: expect.stringMatching(/^hashing/) });
    expect(lines.find((line) => line.retrieval === 'offline')?.msg).toMatch(/^Gemini embeddings are unavailable at start-up: retrieval runs offline/);
  });

  it('completes a session on the offline model, marked as a fallback, when Gemini keeps failing', async () => {
    gemini.reset();
    gemini.script('generate', ...Array.from({ length: 200 }, () => ({ status: 500 as const })));
    const port = await findFreePort();
    const env = { REDIS_URL: redis.url, GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, GEMINI_MAX_RETRIES: '1', GEMINI_BREAKER_FAILURES: '3', GEMINI_CONTEXT_CACHING: 'off' };
    apps.push(await AppProcess.start('gateway', { ...env, PORT: String(port) }, 'gateway listening'));
    apps.push(await AppProcess.start('worker', env, 'worker ready'));
    const key = await new ApiKeyStore(redis.client(), GapflowKeys.fromPrefix('{gapflow}')).create('acme');
    const api = new GapflowClient({ baseUrl: `http://127.0.0.1:${port}`, token: key });
    const gaps = ['Terraform', 'Kubernetes', 'Go', 'Helm', 'AWS', 'Docker'].map((skill, index) => ({ id: `gap-${index}`, skill, severity: 'critical' as const, reason: 'r', evidence: [] }));
    const { id } = await api.createSession({ ...loadSample('platform-engineer'), gaps });
    await api.submitQuestions(id);
    const events = await eventsUntil(api, id, 'group.completed', undefined, 30_000);
    const completed = events.find((event) => event.type === 'group.completed')?.data as { failed: unknown[] };
    expect(completed.failed).toEqual([]);
    const session = await api.getSession(id);
    expect(session.questions).toHaveLength(6);
    for (const question of session.questions) expect(question.source).toMatchObject({ provider: 'offline', fallback: true, fallbackReason: 'UPSTREAM_UNAVAILABLE' });
    // The breaker is open now: another session's new questions do not even try Gemini.
    const callsSoFar = gemini.count('generate');
    const other = await api.createSession({ ...loadSample('platform-engineer'), gaps: gaps.slice(0, 2) });
    await api.submitQuestions(other.id);
    await eventsUntil(api, other.id, 'group.completed', undefined, 30_000);
    const otherSession = await api.getSession(other.id);
    expect(otherSession.questions.map((question) => question.source.fallbackReason)).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
    expect(gemini.count('generate')).toBe(callsSoFar);
  });
});
