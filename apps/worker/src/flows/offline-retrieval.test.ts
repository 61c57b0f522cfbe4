import { Session } from '@gapflow/core';
import { GeminiTestServer, loadSample, readServerSentEvents, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';
import type { WorkerProcess } from '../worker-process';
import { startTestWorker } from '../worker.fixture';

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
    const key = await gateway.keyFor('acme');
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const gaps = ['K8s', 'Terraform', 'container orchestration'].map((skill, index) => ({ id: `gap-${index}`, skill, severity: 'critical', reason: 'r', evidence: [] }));
    const created = (await (await fetch(`${gateway.url}/v1/sessions`, { method: 'POST', headers, body: JSON.stringify({ ...loadSample('platform-engineer'), gaps }) })).json()) as { id: string };
    await fetch(`${gateway.url}/v1/sessions/${created.id}/questions`, { method: 'POST', headers, body: '{}' });
    const { events } = await readServerSentEvents(`${gateway.url}/v1/sessions/${created.id}/events`, { headers, until: (all) => all.some((event) => event.event === 'group.completed') });

    const completed = (events.find((event) => event.event === 'group.completed')?.data as { data: { failed: unknown[] } }).data;
    expect(completed.failed).toEqual([]);
    const session = Session.parse(await (await fetch(`${gateway.url}/v1/sessions/${created.id}`, { headers })).json());
    expect(session.questions).toHaveLength(3);
    for (const question of session.questions) expect(question.source).toMatchObject({ provider: 'gemini' });
    // No query went to Gemini embeddings: one index, one embedding space, all local.
    expect(gemini.count('embed')).toBe(embedCallsAtStart);
    expect(gemini.count('generate')).toBeGreaterThanOrEqual(3);
  });
});
