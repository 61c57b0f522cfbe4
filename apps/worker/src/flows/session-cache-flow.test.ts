import type { Gap } from '@gapflow/core';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { ApiKeyStore, findFreePort, GapflowKeys } from '@gapflow/state';
import { AppProcess, GeminiTestServer, largeCvAndJd, runWholeSession, TestRedisServer } from '@gapflow/testing';

/**
 * A whole session on Gemini with a ~10-page CV, gateway and two workers as processes, the
 * real SDK talking HTTP to the Gemini test server: one context cache serves the session's
 * calls, and it is gone, at Gemini and in Redis, once the session is erased.
 */
describe('one context cache for a whole session, across processes', () => {
  let redis: TestRedisServer;
  let gemini: GeminiTestServer;
  const apps: AppProcess[] = [];
  const keys = GapflowKeys.fromPrefix('{gapflow}');

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gemini = await GeminiTestServer.start();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.kill()));
    await gemini.close();
    await redis.stop();
  });

  it('writes every question, score, deep dive and final answer on Gemini, from one cache used by nearly every call, and erases the cache with the session', async () => {
    const port = await findFreePort();
    const env = { REDIS_URL: redis.url, GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, MAX_DEEP_DIVE_ROUNDS: '1' };
    apps.push(await AppProcess.start('gateway', { ...env, PORT: String(port) }, 'gateway listening'));
    apps.push(...(await Promise.all([1, 2].map(() => AppProcess.start('worker', { ...env, WORKER_CONCURRENCY: '8' }, 'worker ready')))));
    const apiKey = await new ApiKeyStore(redis.client(), keys).create('acme');
    const { cv, jd } = largeCvAndJd(loadKnowledgeBase());
    const gaps: Gap[] = jd.requirements.slice(0, 4).map((requirement, index) => ({ id: `gap-${index}`, skill: requirement.skill, severity: 'critical', reason: 'Not shown in the CV.', evidence: [] }));

    const { sessionId, session } = await runWholeSession({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey,
      cv,
      jd,
      gaps,
      answer: (skill) => `We used ${skill} on the team.`,
      followUp: (skill) => `I set up ${skill} myself for 3 services; releases went from 2 days to 4 hours.`,
    });

    const fromGemini = (source: unknown) => (source as { provider?: string; fallback?: boolean }).provider === 'gemini' && !(source as { fallback?: boolean }).fallback;
    expect(session.questions).toHaveLength(gaps.length);
    expect(session.questions.every((question) => fromGemini(question.source))).toBe(true);
    expect(session.answers).toHaveLength(gaps.length);
    for (const progress of session.answers) {
      expect(progress.status).toBe('completed');
      expect(progress.evaluations.length).toBeGreaterThanOrEqual(2);
      expect(progress.evaluations.every((evaluation) => fromGemini(evaluation.source))).toBe(true);
      expect(progress.deepDives).toHaveLength(1);
      expect(fromGemini(progress.finalAnswer?.source)).toBe(true);
    }

    const modelCalls = gemini.requests.filter((request) => request.kind === 'generate' || request.kind === 'stream');
    const byTask = (task: string) => modelCalls.filter((request) => JSON.stringify(request.body.contents).includes(`Task: ${task}`)).length;
    // Every deep dive was written by Gemini: one deepDive call per answer, none by the offline model.
    expect(byTask('deepDive')).toBe(gaps.length);
    expect(byTask('compose')).toBe(gaps.length);
    expect(gemini.count('cacheCreate')).toBe(1);
    const onCache = modelCalls.filter((request) => typeof request.body.cachedContent === 'string');
    expect(onCache.length / modelCalls.length).toBeGreaterThanOrEqual(0.9);
    expect(new Set(onCache.map((request) => request.body.cachedContent)).size).toBe(1);
    // Gemini refuses a system instruction, tools or a tool config beside a cache.
    expect(onCache.filter((request) => ['systemInstruction', 'tools', 'toolConfig'].some((field) => field in request.body))).toEqual([]);
    expect(await redis.client().exists(keys.contextCache(sessionId))).toBe(1);

    const erased = await fetch(`http://127.0.0.1:${port}/v1/sessions/${sessionId}`, { method: 'DELETE', headers: { authorization: `Bearer ${apiKey}` } });
    expect(erased.status).toBe(204);
    for (let waited = 0; gemini.cacheCount > 0 && waited < 100; waited += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gemini.cacheCount).toBe(0);
    // Deleted by the erasure's clean-up job; a job of the session that ends after the erasure's
    // tombstone deletes the recorded caches too (a second delete is a 404: done).
    expect(gemini.count('cacheDelete')).toBeGreaterThanOrEqual(1);
    expect(gemini.count('cacheCreate')).toBe(1);
    expect(await redis.client().exists(keys.contextCache(sessionId), keys.sessionContextCaches(sessionId))).toBe(0);
  });
});
