import { newId, type Gap, type Session } from '@gapflow/core';
import { DEFAULT_PRICES } from '@gapflow/llm';
import { GapflowQueues, JobIds } from '@gapflow/queue';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { createRedisConnection, createStateStores } from '@gapflow/state';
import { AppProcess, GeminiTestServer, TestRedisServer } from '@gapflow/testing';
import { largeCvAndJd } from './large-cv';

/** Gemini's price for keeping cached tokens, per million tokens per hour (2.5 Flash, at the time of writing). */
const CACHE_STORAGE_PER_MILLION_PER_HOUR = 1.0;
const MODEL = 'gemini-2.5-flash';
/** The cache lives for the question phase of a session; storage is billed for its lifetime. */
const CACHE_TTL_SECONDS = 600;

interface RunTotals {
  calls: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  cacheTokensStored: number;
  /** Input tokens as billed: fresh ones at the full rate plus cached ones at the cached rate, in full-rate tokens. */
  billedInputTokens: number;
  inputCostUsd: number;
  outputCostUsd: number;
  storageCostUsd: number;
}

/** One ten-gap session's questions on Gemini (the test server), with or without context caching. */
async function runSession(contextCaching: boolean): Promise<RunTotals> {
  const redis = await TestRedisServer.start({ appendOnly: false });
  const gemini = await GeminiTestServer.start();
  const worker = await AppProcess.start(
    'worker',
    { REDIS_URL: redis.url, GEMINI_API_KEY: 'bench', GEMINI_BASE_URL: gemini.url, GEMINI_CONTEXT_CACHING: contextCaching ? 'on' : 'off', GEMINI_CACHE_TTL_SECONDS: String(CACHE_TTL_SECONDS), WORKER_CONCURRENCY: '16', LOG_LEVEL: 'info' },
    'worker ready',
  );
  const client = createRedisConnection(redis.url);
  const state = createStateStores({ client, keyPrefix: '{gapflow}', ttlSeconds: 3_600 });
  const queues = new GapflowQueues({ connection: client, prefix: '{gapflow}' });
  try {
    const { cv, jd } = largeCvAndJd(loadKnowledgeBase());
    const gaps: Gap[] = jd.requirements.slice(0, 10).map((requirement, index) => ({ id: `gap-${index}`, skill: requirement.skill, severity: 'critical', reason: 'Not shown.', evidence: [] }));
    const now = new Date().toISOString();
    const session: Session = { id: newId('ses'), tenantId: 'bench', status: 'ready', createdAt: now, updatedAt: now, cv, jd, gaps, questions: [], failedGaps: [], answers: [] };
    await state.sessions.create(session);
    const groupId = JobIds.group(session.id);
    const controller = new AbortController();
    const done = (async () => {
      for await (const event of state.events.subscribe(session.id, '0', { signal: controller.signal, blockMs: 1_000 })) if (event.type === 'group.completed') return;
    })();
    await queues.submitQuestionBatch({ sessionId: session.id, tenantId: 'bench', groupId, gapIds: gaps.map((gap) => gap.id) });
    await done;
    controller.abort();

    const price = DEFAULT_PRICES[MODEL]!;
    const totals: RunTotals = { calls: 0, inputTokens: 0, cachedTokens: 0, outputTokens: 0, cacheTokensStored: 0, billedInputTokens: 0, inputCostUsd: 0, outputCostUsd: 0, storageCostUsd: 0 };
    for (const request of gemini.requests) {
      if (request.kind === 'cacheCreate') {
        const stored = Math.ceil(JSON.stringify(request.body.systemInstruction ?? '').length / 4);
        totals.cacheTokensStored += stored;
        totals.storageCostUsd += (stored / 1_000_000) * CACHE_STORAGE_PER_MILLION_PER_HOUR * (CACHE_TTL_SECONDS / 3_600);
      }
      if (request.kind !== 'generate' || !request.usage) continue;
      const prompt = request.usage.promptTokenCount ?? 0;
      const cached = request.usage.cachedContentTokenCount ?? 0;
      const output = request.usage.candidatesTokenCount ?? 0;
      totals.calls += 1;
      totals.inputTokens += prompt;
      totals.cachedTokens += cached;
      totals.outputTokens += output;
      totals.billedInputTokens += prompt - cached + cached * (price.cachedInput / price.input);
      totals.inputCostUsd += ((prompt - cached) * price.input + cached * price.cachedInput) / 1_000_000;
      totals.outputCostUsd += (output * price.output) / 1_000_000;
    }
    return totals;
  } finally {
    await queues.close();
    client.disconnect();
    await worker.stop();
    await gemini.close();
    await redis.stop();
  }
}

function describe(label: string, totals: RunTotals): string {
  const share = totals.inputTokens === 0 ? 0 : (totals.cachedTokens / totals.inputTokens) * 100;
  const total = totals.inputCostUsd + totals.outputCostUsd + totals.storageCostUsd;
  return [
    `  ${label}: ${totals.calls} calls, ${totals.inputTokens.toLocaleString('en-US')} input tokens of which ${totals.cachedTokens.toLocaleString('en-US')} cached (${share.toFixed(1)} %)`,
    `    billed input ${Math.round(totals.billedInputTokens).toLocaleString('en-US')} full-rate tokens = $${totals.inputCostUsd.toFixed(5)}; output $${totals.outputCostUsd.toFixed(5)}; cache storage $${totals.storageCostUsd.toFixed(5)}; total $${total.toFixed(5)}`,
  ].join('\n');
}

export async function cachingBenchmark(): Promise<void> {
  console.log(`caching: the questions of a ten-gap session with a ~10-page CV, through the real SDK and the Gemini test server (${MODEL} prices, cache TTL ${CACHE_TTL_SECONDS} s)`);
  const without = await runSession(false);
  const withCache = await runSession(true);
  console.log(describe('without context cache', without));
  console.log(describe('with context cache', withCache));
  const totalOf = (totals: RunTotals) => totals.inputCostUsd + totals.outputCostUsd + totals.storageCostUsd;
  console.log(
    `  ratio: billed input ${((1 - withCache.billedInputTokens / without.billedInputTokens) * 100).toFixed(1)} % lower; total cost ${((1 - totalOf(withCache) / totalOf(without)) * 100).toFixed(1)} % lower (storage included)`,
  );
}
