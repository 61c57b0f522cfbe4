import { randomUUID } from 'node:crypto';
import { GeminiCacheClient, GeminiLanguageModel, structuredCall } from '@gapflow/llm';
import { GapflowKeys, runInSession, SharedContextCaches } from '@gapflow/state';
import { GeminiTestServer, loadSample, TestRedisServer } from '@gapflow/testing';
import { sessionContextCache } from './session-context-cache';

/**
 * Two workers (two SharedContextCaches, each on its own Redis connection, each with its own
 * Gemini SDK client) racing for one session's cache, counted at the Gemini test server.
 */
describe('the session context cache across two workers', () => {
  let redis: TestRedisServer;
  let gemini: GeminiTestServer;
  const keys = new GapflowKeys('gapflow');
  const sample = loadSample('platform-engineer');
  const context = { cv: { ...sample.cv, summary: `${sample.cv.summary ?? ''} ${'Ran the platform team through two migrations. '.repeat(40)}` }, jd: sample.jd };

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gemini = await GeminiTestServer.start();
  });
  afterAll(async () => {
    await gemini.close();
    await redis.stop();
  });
  beforeEach(() => gemini.reset());

  async function worker() {
    const client = redis.client();
    // Connected before use: a client still connecting when the server stops keeps a timer alive.
    await client.ping();
    const caches = new SharedContextCaches({ client, keys, backend: new GeminiCacheClient({ apiKey: 'k', baseUrl: gemini.url }), minTokensFor: () => 1_024 });
    return new GeminiLanguageModel({ apiKey: 'k', baseUrl: gemini.url, models: { fast: 'gemini-2.5-flash-lite', quality: 'gemini-2.5-flash' }, contextCache: sessionContextCache(caches) });
  }

  const criterionCall = () => structuredCall('criterion', { context, criterion: 'impact', question: 'Tell me about Terraform.', skill: 'Terraform', knowledge: undefined, answer: 'I wrote the modules.' });

  it('creates exactly one cache when both race for the same session, and every call uses it', async () => {
    const sessionId = `ses-${randomUUID()}`;
    const [one, two] = await Promise.all([worker(), worker()]);
    await runInSession(sessionId, () => Promise.all([...Array.from({ length: 5 }, () => one.generate(criterionCall())), ...Array.from({ length: 5 }, () => two.generate(criterionCall()))]));
    expect(gemini.count('cacheCreate')).toBe(1);
    const calls = gemini.requests.filter((request) => request.kind === 'generate');
    expect(calls).toHaveLength(10);
    expect(new Set(calls.map((request) => request.body.cachedContent)).size).toBe(1);
    expect(calls.every((request) => typeof request.body.cachedContent === 'string' && request.body.systemInstruction === undefined)).toBe(true);
  });

  it('gives two sessions with the same documents a cache each', async () => {
    const model = await worker();
    await runInSession(`ses-${randomUUID()}`, () => model.generate(criterionCall()));
    await runInSession(`ses-${randomUUID()}`, () => model.generate(criterionCall()));
    expect(gemini.count('cacheCreate')).toBe(2);
    const names = gemini.requests.filter((request) => request.kind === 'generate').map((request) => request.body.cachedContent);
    expect(new Set(names).size).toBe(2);
  });

  it('uses no explicit cache outside a session', async () => {
    await (await worker()).generate(criterionCall());
    expect(gemini.count('cacheCreate')).toBe(0);
    expect(gemini.requests[0]?.body.systemInstruction).toBeDefined();
  });
});
