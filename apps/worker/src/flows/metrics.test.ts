import { GapflowClient } from '@gapflow/client';
import { ApiKeyStore, findFreePort, GapflowKeys } from '@gapflow/state';
import { AppProcess, ANSWER_TABLE, GeminiTestServer, loadLongSample, seriesValue, TestRedisServer } from '@gapflow/testing';
import { eventsUntil } from './flow-stack.fixture';

/** A session across a gateway and a worker process, then both /metrics scraped. */
describe('metrics of a session', () => {
  let redis: TestRedisServer;
  let gemini: GeminiTestServer;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gemini = await GeminiTestServer.start();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.kill()));
    await gemini.close();
    await redis.stop();
  });

  it('shows the requests, jobs, graph nodes, LLM tokens and cache events the session produced, and no personal text', async () => {
    const port = await findFreePort();
    const env = { REDIS_URL: redis.url, GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url };
    const gateway = await AppProcess.start('gateway', { ...env, PORT: String(port) }, 'gateway listening');
    const worker = await AppProcess.start('worker', env, 'worker ready');
    apps.push(gateway, worker);
    const workerMetricsPort = Number(JSON.parse(worker.output.lines.find((line) => line.includes('worker ready')) ?? '{}').metricsPort);
    const key = await new ApiKeyStore(redis.client(), GapflowKeys.fromPrefix('{gapflow}')).create('acme');
    const base = `http://127.0.0.1:${port}`;
    const api = new GapflowClient({ baseUrl: base, token: key });
    // Documents large enough for a real Gemini cache (the shipped sample is below the minimum).
    const sample = loadLongSample('platform-engineer');
    const gaps = ['Terraform', 'Kubernetes', 'Go'].map((skill, index) => ({ id: `gap-${index}`, skill, severity: 'critical' as const, reason: 'r', evidence: [] }));

    const { id } = await api.createSession({ ...sample, gaps });
    await api.submitQuestions(id);
    await eventsUntil(api, id, 'group.completed');
    const session = await api.getSession(id);
    await api.submitAnswer(id, session.questions[0]?.id as string, ANSWER_TABLE[0]!.strong);
    // The test server's scores ask for detail: the answer is scored, then a deep dive is written.
    await eventsUntil(api, id, 'deepdive.ready');

    const gatewayMetrics = await (await fetch(`${base}/metrics`)).text();
    const workerMetrics = await (await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).text();

    expect(seriesValue(gatewayMetrics, 'gapflow_http_requests_total', { method: 'POST', route: '/v1/sessions', status: '201' })).toBe(1);
    expect(seriesValue(gatewayMetrics, 'gapflow_http_requests_total', { method: 'POST', route: '/v1/sessions/:id/questions', status: '202' })).toBe(1);
    expect(seriesValue(gatewayMetrics, 'gapflow_http_requests_total', { method: 'GET', route: '/v1/sessions/:id', status: '200' })).toBe(1);
    expect(seriesValue(gatewayMetrics, 'gapflow_sessions_total', { event: 'started' })).toBe(1);
    expect(seriesValue(gatewayMetrics, 'gapflow_queue_jobs', { queue: 'questions', state: 'completed' })).toBe(3);

    expect(seriesValue(workerMetrics, 'gapflow_job_attempts_total', { queue: 'questions', outcome: 'completed' })).toBe(3);
    expect(seriesValue(workerMetrics, 'gapflow_job_attempts_total', { queue: 'question-groups', outcome: 'completed' })).toBe(1);
    expect(seriesValue(workerMetrics, 'gapflow_graph_node_duration_seconds_count', { graph: 'question', node: 'writeDraft', outcome: 'ok' })).toBe(3);
    expect(seriesValue(workerMetrics, 'gapflow_graph_node_duration_seconds_count', { graph: 'answer', node: 'score_impact', outcome: 'ok' })).toBe(1);
    expect(seriesValue(workerMetrics, 'gapflow_llm_call_duration_seconds_count', { provider: 'gemini', kind: 'question', outcome: 'ok' })).toBe(3);
    expect(seriesValue(workerMetrics, 'gapflow_llm_tokens_total', { provider: 'gemini', kind: 'question', type: 'prompt' })).toBeGreaterThan(0);
    expect(seriesValue(workerMetrics, 'gapflow_llm_tokens_total', { provider: 'gemini', kind: 'question', type: 'cached' })).toBeGreaterThan(0);
    expect(seriesValue(workerMetrics, 'gapflow_context_cache_events_total', { event: 'created' })).toBe(1);
    // One cache for the session, reused by the other two questions, the five scores and the deep dive.
    expect(seriesValue(workerMetrics, 'gapflow_context_cache_events_total', { event: 'reused' })).toBe(8);
    expect(seriesValue(workerMetrics, 'gapflow_context_cache_calls_total', { kind: 'question', result: 'hit' })).toBe(3);
    expect(seriesValue(workerMetrics, 'gapflow_context_cache_calls_total', { kind: 'criterion', result: 'hit' })).toBe(5);
    expect(seriesValue(workerMetrics, 'gapflow_context_cache_calls_total', { kind: 'deepDive', result: 'hit' })).toBe(1);
    expect(seriesValue(workerMetrics, 'gapflow_worker_up')).toBe(1);

    // No label carries an id or personal text.
    for (const text of [gatewayMetrics, workerMetrics]) {
      expect(text).not.toContain(id);
      expect(text).not.toContain('Maya');
      expect(text).not.toContain('Parcelwise');
    }
  });
});
