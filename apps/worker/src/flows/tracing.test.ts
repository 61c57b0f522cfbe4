import { GapflowClient, isGapflowApiError } from '@gapflow/client';
import { ApiKeyStore, findFreePort, GapflowKeys } from '@gapflow/state';
import { AppProcess, ANSWER_TABLE, GeminiTestServer, loadSample, OtlpTestReceiver, TestRedisServer } from '@gapflow/testing';
import { eventsUntil, statusOf } from './flow-stack.fixture';

/** One trace from the HTTP request through the queue to the worker, its graph nodes and its LLM calls. */
describe('tracing across processes', () => {
  let redis: TestRedisServer;
  let gemini: GeminiTestServer;
  let receiver: OtlpTestReceiver;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gemini = await GeminiTestServer.start();
    receiver = await OtlpTestReceiver.start();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.kill()));
    await receiver.close();
    await gemini.close();
    await redis.stop();
  });

  it('puts the gateway request, the worker job, the graph nodes and the LLM call in one trace, with no personal text in any span', async () => {
    const port = await findFreePort();
    const env = { REDIS_URL: redis.url, GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    const gateway = await AppProcess.start('gateway', { ...env, PORT: String(port) }, 'gateway listening');
    const worker = await AppProcess.start('worker', { ...env, LOG_LEVEL: 'debug' }, 'worker ready');
    apps.push(gateway, worker);
    const key = await new ApiKeyStore(redis.client(), GapflowKeys.fromPrefix('{gapflow}')).create('acme');
    const base = `http://127.0.0.1:${port}`;
    const api = new GapflowClient({ baseUrl: base, token: key });
    const gaps = [{ id: 'gap-terraform', skill: 'Terraform', severity: 'critical' as const, reason: 'r', evidence: [] }];
    const { id, candidateToken = '' } = await api.createSession({ ...loadSample('platform-engineer'), gaps });
    expect(candidateToken).toMatch(/^gfc\./);
    // A candidate's link in the query string (what EventSource sends) reaches no span.
    const following = new AbortController();
    expect((await fetch(`${base}/v1/sessions/${id}/events?token=${encodeURIComponent(candidateToken)}`, { signal: following.signal })).status).toBe(200);
    following.abort();
    const submitted = await statusOf(api.submitQuestions(id));
    await eventsUntil(api, id, 'group.completed');
    const session = await api.getSession(id);
    const answerText = `${ANSWER_TABLE[0]!.strong} Zanzibar-Quokka-7`;
    await api.submitAnswer(id, session.questions[0]?.id as string, answerText);
    for await (const event of api.events(id, { signal: AbortSignal.timeout(20_000) })) if (event.type === 'answer.completed' || event.type === 'deepdive.ready') break;
    const notFound = await api.getSession('ses_nothing').catch((error: unknown) => error);
    if (!isGapflowApiError(notFound, 'NOT_FOUND')) throw new Error(`expected NOT_FOUND, got ${String(notFound)}`);

    // SIGTERM flushes the spans still batched in each process.
    await gateway.stop();
    await worker.stop();
    const linkSecret = candidateToken.split('.').pop() as string;
    expect(receiver.spans.some((span) => String(span.attributes['url.path'] ?? span.attributes['http.target'] ?? '').endsWith('/events'))).toBe(true);
    expect(JSON.stringify(receiver.spans)).not.toContain(linkSecret);

    const submitSpan = receiver.spans.find((span) => span.service === 'gapflow-gateway' && span.attributes['http.route'] === undefined && String(span.attributes['url.path'] ?? span.attributes['http.target'] ?? '').endsWith('/questions'));
    expect(submitSpan).toBeDefined();
    const trace = receiver.spans.filter((span) => span.traceId === submitSpan?.traceId);
    const names = (service: string) => trace.filter((span) => span.service === service).map((span) => span.name);
    expect(names('gapflow-worker')).toEqual(expect.arrayContaining(['process question-batches', 'process questions', 'process question-groups', 'graph question.writeDraft', 'chat gemini-2.5-flash']));
    const llm = trace.find((span) => span.name === 'chat gemini-2.5-flash');
    expect(llm?.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'gemini', 'gen_ai.request.model': 'gemini-2.5-flash' });
    expect(Number(llm?.attributes['gen_ai.usage.input_tokens'])).toBeGreaterThan(0);
    expect(submitted).toBe('ok');

    // The answer's evaluation continues the trace of the request that submitted it.
    const answerTraces = new Set(receiver.spans.filter((span) => span.name === 'process evaluations').map((span) => span.traceId));
    expect(answerTraces.size).toBe(1);
    expect(receiver.spans.some((span) => span.service === 'gapflow-gateway' && answerTraces.has(span.traceId))).toBe(true);

    // Log lines written while a job runs carry its trace id.
    const questionReady = JSON.parse(worker.output.lines.find((line) => line.includes('"question ready"')) ?? '{}') as { traceId?: string };
    expect(questionReady.traceId).toBe(submitSpan?.traceId);

    // The error body's requestId is the trace id, and the gateway's log line for it carries it.
    expect(notFound.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(receiver.spans.some((span) => span.traceId === notFound.requestId)).toBe(true);

    // No span attribute carries CV or answer text.
    const everything = JSON.stringify(receiver.spans);
    for (const secret of ['Zanzibar-Quokka-7', 'Maya Okafor', 'Parcelwise', 'shipment-tracking']) expect(everything).not.toContain(secret);
    // Nor does any log line of either process (debug level included on the worker).
    const logs = [...gateway.output.lines, ...worker.output.lines].join('\n');
    expect(logs.length).toBeGreaterThan(1_000);
    for (const secret of ['Zanzibar-Quokka-7', 'Maya Okafor', 'Parcelwise', 'shipment-tracking']) expect(logs).not.toContain(secret);
    // Redis spans name the command only.
    const redisSpan = receiver.spans.find((span) => span.attributes['db.system'] === 'redis' || span.attributes['db.system.name'] === 'redis');
    expect(redisSpan).toBeDefined();
  });
});
