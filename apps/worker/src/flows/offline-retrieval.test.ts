import { GapflowClient } from '@gapflow/client';
import { GeminiTestServer, loadSample, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';
import type { WorkerProcess } from '../worker-process';
import { startTestWorker } from '../worker.fixture';
import { eventsUntil } from './flow-stack.fixture';

describe('a worker that starts while Gemini embeddings are down', () => {
  let redis: TestRedisServer;
  let gemini: GeminiTestServer;
  let gateway: TestGateway;
  let worker: WorkerProcess;
  let embedCallsAtStart: number;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gemini = await GeminiTestServer.start();
    gemini.script('embed', ...Array.from({ length: 100 }, () => ({ status: 500 as const })));
    const env = { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, GEMINI_CONTEXT_CACHING: 'off', GEMINI_EMBEDDING_DIMENSIONS: '64' };
    gateway = await startTestGateway(redis, env);
    worker = await startTestWorker(redis, {}, env);
    embedCallsAtStart = gemini.count('embed');
  });

  afterAll(async () => {
    await worker.close();
    await gateway.close();
    await gemini.close();
    await redis.stop();
  });

  it('starts, and says its retrieval is offline and why', () => {
    expect(embedCallsAtStart).toBeGreaterThan(0);
    expect(worker.retrieval?.embedderId).toMatch(/^hashing/);
    expect(worker.retrieval?.offlineReason).toMatch(/^remote-gemini-embedding-001-d64 failed while indexing the knowledge base/);
  });

  it('asks questions retrieved entirely locally, still written by Gemini', async () => {
    const api = new GapflowClient({ baseUrl: gateway.url, token: await gateway.keyFor('acme') });
    const gaps = ['K8s', 'Terraform', 'container orchestration'].map((skill, index) => ({ id: `gap-${index}`, skill, severity: 'critical' as const, reason: 'r', evidence: [] }));
    const created = await api.createSession({ ...loadSample('platform-engineer'), gaps });
    await api.submitQuestions(created.id);
    const events = await eventsUntil(api, created.id, 'group.completed');

    const completed = events.find((event) => event.type === 'group.completed')?.data as { failed: unknown[] };
    expect(completed.failed).toEqual([]);
    const session = await api.getSession(created.id);
    expect(session.questions).toHaveLength(3);
    for (const question of session.questions) expect(question.source).toMatchObject({ provider: 'gemini' });
    // No query went to Gemini embeddings: one index, one embedding space, all local.
    expect(gemini.count('embed')).toBe(embedCallsAtStart);
    expect(gemini.count('generate')).toBeGreaterThanOrEqual(3);
  });
});
