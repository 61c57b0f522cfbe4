import type { Gap } from '@gapflow/core';
import { DEFAULT_PRICES } from '@gapflow/llm';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { ApiKeyStore, findFreePort, GapflowKeys } from '@gapflow/state';
import { AppProcess, GeminiTestServer, largeCvAndJd, runWholeSession, TestRedisServer, type RecordedRequest } from '@gapflow/testing';

/** Gemini's price for keeping cached tokens, per million tokens per hour (2.5 Flash and Flash-Lite, at the time of writing: ai.google.dev/gemini-api/docs/pricing). */
const CACHE_STORAGE_PER_MILLION_PER_HOUR = 1.0;
/** GEMINI_CACHE_TTL_SECONDS' default: a cache is billed for at least this long. */
const DEFAULT_CACHE_TTL_SECONDS = 3_600;
const GAPS = 10;

interface RunTotals {
  /** generate and stream requests, and those of them that named the cache. */
  calls: number;
  callsWithCache: number;
  byKind: Record<string, number>;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  cachesCreated: number;
  cacheTokensStored: number;
  /** Input tokens as billed: fresh ones at the full rate plus cached ones at the cached rate, in full-rate tokens of each call's model. */
  billedInputTokens: number;
  inputCostUsd: number;
  outputCostUsd: number;
  storageCostUsd: number;
}

/** Which kind of call a request was, from the task its suffix names. */
function kindOf(request: RecordedRequest): string {
  const contents = JSON.stringify(request.body.contents ?? '');
  return /Task: (\w+)/.exec(contents)?.[1] ?? request.kind;
}

/**
 * One whole ten-gap session with a ~10-page CV — every question, every answer scored on five
 * criteria, one deep dive per answer, the follow-up scored again, every final answer streamed —
 * on Gemini (the test server, through the real SDK), with or without context caching.
 */
async function runSession(contextCaching: boolean, cacheTier: 'fast' | 'quality' = 'quality'): Promise<RunTotals> {
  const redis = await TestRedisServer.start({ appendOnly: false });
  // Cached and uncached prefixes counted alike (chars / 4), so the two runs compare like for
  // like; the server's stricter default count is for the minimum-size tests.
  const gemini = await GeminiTestServer.start({ cacheTokensPerChar: 0.25 });
  const port = await findFreePort();
  const env = { REDIS_URL: redis.url, GEMINI_API_KEY: 'bench', GEMINI_BASE_URL: gemini.url, GEMINI_CONTEXT_CACHING: contextCaching ? 'on' : 'off', GEMINI_CACHE_TIER: cacheTier, MAX_DEEP_DIVE_ROUNDS: '1', LOG_LEVEL: 'warn' };
  const gateway = await AppProcess.start('gateway', { ...env, LOG_LEVEL: 'info', PORT: String(port) }, 'gateway listening');
  const worker = await AppProcess.start('worker', { ...env, LOG_LEVEL: 'info', WORKER_CONCURRENCY: '16' }, 'worker ready');
  try {
    const apiKey = await new ApiKeyStore(redis.client(), GapflowKeys.fromPrefix('{gapflow}')).create('bench');
    const { cv, jd } = largeCvAndJd(loadKnowledgeBase());
    const gaps: Gap[] = jd.requirements.slice(0, GAPS).map((requirement, index) => ({ id: `gap-${index}`, skill: requirement.skill, severity: 'critical', reason: 'Not shown.', evidence: [] }));
    await runWholeSession({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey,
      cv,
      jd,
      gaps,
      answer: (skill) => `We used ${skill} on the team.`,
      followUp: (skill) => `I set up ${skill} myself for 3 services; releases went from 2 days to 4 hours.`,
      timeoutMs: 120_000,
    });

    const totals: RunTotals = { calls: 0, callsWithCache: 0, byKind: {}, inputTokens: 0, cachedTokens: 0, outputTokens: 0, cachesCreated: 0, cacheTokensStored: 0, billedInputTokens: 0, inputCostUsd: 0, outputCostUsd: 0, storageCostUsd: 0 };
    for (const request of gemini.requests) {
      if (request.kind === 'cacheCreate') {
        const stored = Math.ceil(JSON.stringify(request.body.systemInstruction ?? '').length / 4);
        totals.cachesCreated += 1;
        totals.cacheTokensStored += stored;
        // Billed per hour of life; a session shorter than the TTL still pays for the whole TTL.
        totals.storageCostUsd += (stored / 1_000_000) * CACHE_STORAGE_PER_MILLION_PER_HOUR * (DEFAULT_CACHE_TTL_SECONDS / 3_600);
      }
      if ((request.kind !== 'generate' && request.kind !== 'stream') || !request.usage) continue;
      const price = DEFAULT_PRICES[request.model ?? ''];
      if (!price) throw new Error(`no price for ${request.model}`);
      const prompt = request.usage.promptTokenCount ?? 0;
      const cached = request.usage.cachedContentTokenCount ?? 0;
      const output = request.usage.candidatesTokenCount ?? 0;
      const kind = kindOf(request);
      totals.byKind[kind] = (totals.byKind[kind] ?? 0) + 1;
      totals.calls += 1;
      if (typeof request.body.cachedContent === 'string') totals.callsWithCache += 1;
      totals.inputTokens += prompt;
      totals.cachedTokens += cached;
      totals.outputTokens += output;
      totals.billedInputTokens += prompt - cached + cached * (price.cachedInput / price.input);
      totals.inputCostUsd += ((prompt - cached) * price.input + cached * price.cachedInput) / 1_000_000;
      totals.outputCostUsd += (output * price.output) / 1_000_000;
    }
    return totals;
  } finally {
    await worker.stop();
    await gateway.stop();
    await gemini.close();
    await redis.stop();
  }
}

function describe(label: string, totals: RunTotals): string {
  const share = totals.inputTokens === 0 ? 0 : (totals.cachedTokens / totals.inputTokens) * 100;
  const total = totals.inputCostUsd + totals.outputCostUsd + totals.storageCostUsd;
  const kinds = Object.entries(totals.byKind).map(([kind, count]) => `${count} ${kind}`).join(', ');
  return [
    `  ${label}: ${totals.calls} calls (${kinds}), ${totals.callsWithCache} of them on the cache; ${totals.cachesCreated} cache(s) created`,
    `    ${totals.inputTokens.toLocaleString('en-US')} input tokens of which ${totals.cachedTokens.toLocaleString('en-US')} cached (${share.toFixed(1)} % of all input tokens)`,
    `    billed input ${Math.round(totals.billedInputTokens).toLocaleString('en-US')} full-rate tokens = $${totals.inputCostUsd.toFixed(5)}; output $${totals.outputCostUsd.toFixed(5)}; cache storage $${totals.storageCostUsd.toFixed(5)}; total $${total.toFixed(5)}`,
  ].join('\n');
}

export async function cachingBenchmark(): Promise<void> {
  console.log(
    `caching: a whole ${GAPS}-gap session with a ~10-page CV (questions, answers scored on five criteria, one deep dive each, follow-ups scored, final answers streamed), ` +
      `through the real SDK and the Gemini test server (default models and prices, cache storage at the default TTL of ${DEFAULT_CACHE_TTL_SECONDS} s)`,
  );
  const without = await runSession(false);
  const withCache = await runSession(true);
  const onFastTier = await runSession(true, 'fast');
  console.log(describe('without context cache', without));
  console.log(describe('with context cache (GEMINI_CACHE_TIER=quality, the default)', withCache));
  console.log(describe('with context cache on the fast tier (GEMINI_CACHE_TIER=fast)', onFastTier));
  const totalOf = (totals: RunTotals) => totals.inputCostUsd + totals.outputCostUsd + totals.storageCostUsd;
  for (const [label, run] of [['quality tier', withCache], ['fast tier', onFastTier]] as const) {
    console.log(
      `  ratio, cache on the ${label}: billed input ${((1 - run.billedInputTokens / without.billedInputTokens) * 100).toFixed(1)} % lower; total cost ${((1 - totalOf(run) / totalOf(without)) * 100).toFixed(1)} % lower (storage included)`,
    );
  }
}
