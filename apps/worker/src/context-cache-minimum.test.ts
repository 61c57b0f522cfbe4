import { randomUUID } from 'node:crypto';
import { cacheMinTokensFor } from '@gapflow/core';
import { GeminiCacheClient, GeminiLanguageModel, structuredCall } from '@gapflow/llm';
import { GapflowKeys, runInSession, SharedContextCaches } from '@gapflow/state';
import { GeminiTestServer, TestRedisServer } from '@gapflow/testing';
import { sessionContextCache } from './session-context-cache';

/**
 * Near the model's minimum cache size, production's estimate (chars / 4) and Gemini's count
 * disagree: the test server counts fewer tokens than the estimate, as a real tokenizer may.
 */
describe('a session prefix near the model\'s minimum cache size', () => {
  let redis: TestRedisServer;
  let gemini: GeminiTestServer;
  const keys = new GapflowKeys('gapflow');
  const model = 'gemini-2.5-flash';
  const minimum = cacheMinTokensFor(model);

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gemini = await GeminiTestServer.start();
  });
  afterAll(async () => {
    await gemini.close();
    await redis.stop();
  });
  beforeEach(() => gemini.reset());

  function caches(minTokensMargin?: number) {
    return new SharedContextCaches({ client: redis.client(), keys, backend: new GeminiCacheClient({ apiKey: 'k', baseUrl: gemini.url }), minTokensFor: (m) => cacheMinTokensFor(m), ...(minTokensMargin ? { minTokensMargin } : {}) });
  }
  /** A prefix of `estimated` tokens by production's chars / 4 estimate. */
  const prefixOf = (estimated: number) => 'abc '.repeat(estimated);

  it('with the safety margin, never asks Gemini for a cache it refuses', async () => {
    const shared = caches();
    const outcomes: string[] = [];
    // From below the minimum to well above it, by the client's estimate.
    for (let estimated = minimum - 64; estimated <= minimum * 1.5; estimated += 32) {
      const found = await shared.lookup(`ses-${randomUUID()}`, prefixOf(estimated), model);
      outcomes.push(found.status);
    }
    const creations = gemini.requests.filter((request) => request.kind === 'cacheCreate').length;
    expect(creations).toBeGreaterThan(0);
    // Every creation asked for succeeded: none was refused as too small.
    expect(shared.stats.created).toBe(creations);
    expect(gemini.cacheCount).toBe(creations);
    expect(new Set(outcomes)).toEqual(new Set(['ineligible', 'ready']));
  });

  describe('without the margin, when Gemini refuses the prefix as too small', () => {
    it('goes without a cache for the rest of the session, asks no more, and counts no call as a miss', async () => {
      const sessionId = `ses-${randomUUID()}`;
      const shared = caches(1);
      const contextWith = (summary: string) => ({ cv: { skills: ['Terraform'], experience: [], summary }, jd: { title: 'Platform Engineer', requirements: [{ skill: 'Terraform', importance: 'must' as const }] } });
      const callWith = (summary: string) => structuredCall('criterion', { context: contextWith(summary), criterion: 'impact', question: 'Tell me about Terraform.', skill: 'Terraform', knowledge: undefined, answer: 'I wrote the modules.' });
      // A summary that brings the whole prefix to 25 tokens above the minimum by the estimate.
      const base = callWith('abc ').prompt.stablePrefix.length;
      expect(base).toBeLessThan(minimum * 4);
      const context = contextWith('abc '.repeat(1 + Math.ceil((minimum * 4 + 100 - base) / 4)));
      const gem = new GeminiLanguageModel({ apiKey: 'k', baseUrl: gemini.url, models: { fast: model, quality: model }, contextCache: sessionContextCache(shared) });
      const call = () => structuredCall('criterion', { context, criterion: 'impact', question: 'Tell me about Terraform.', skill: 'Terraform', knowledge: undefined, answer: 'I wrote the modules.' });
      const results = await runInSession(sessionId, async () => [await gem.generate(call()), await gem.generate(call()), await gem.generate(call())]);
      expect(results.every((result) => result.value !== undefined)).toBe(true);
      expect(results.map((result) => result.contextCache)).toEqual([undefined, undefined, undefined]);
      expect(gemini.requests.filter((request) => request.kind === 'cacheCreate')).toHaveLength(1);
      expect(gemini.cacheCount).toBe(0);
      expect(shared.stats).toMatchObject({ uncached: 0, created: 0 });
    });
  });
});
