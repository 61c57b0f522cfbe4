/**
 * Limits the Gemini API enforces, in one place: the embedder and the context caches stay
 * inside them, config starts from them, and the Gemini test server refuses what breaks them.
 */
export const GeminiLimits = {
  /**
   * Requests in one `batchEmbedContents` call. Not in the reference pages; the API states it in
   * its 400: "BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch"
   * (https://github.com/langchain-ai/langchainjs/issues/4491,
   * https://github.com/vercel/ai/pull/16575).
   */
  maxEmbeddingsPerBatch: 100,
  /**
   * How many states (as `schemaStates` in @gapflow/testing estimates them) a response schema may
   * make before Gemini refuses it: "The specified schema produces a constraint that has too many
   * states for serving" (googleapis/python-genai#660, cline/cline#7897, linxule/openinterviewer#23,
   * where nested `maxItems` alone made the difference). Google publishes no number: 100,000 passes
   * gapflow's small bounded schemas (a question, a score, deep dives: under 2,000) and refuses
   * lists of bounded lists of long strings (a CV's roles × highlights × characters: over 1,000,000).
   */
  maxSchemaStates: 100_000,
  /**
   * The smallest explicit context cache, in tokens, per model. Sources:
   * https://ai.google.dev/gemini-api/docs/caching (2.5 Flash 1,024, 2.5 Pro 4,096; some
   * versions of the page said 2,048 for both) and the API's own refusals reported at
   * https://discuss.ai.google.dev/t/context-caching-docs-list-wrong-minimum-token-count-for-gemini-2-5-flash-flash-lite-missing-entirely/178942
   * ("Cached content is too small. total_token_count=2010, min_total_token_count=2048" on
   * 2.5 Flash-Lite, which the page does not list). Override per deployment with
   * `GEMINI_CACHE_MIN_TOKENS` when the API changes.
   */
  cacheMinTokens: {
    'gemini-2.5-flash': 1_024,
    'gemini-2.5-flash-lite': 2_048,
    'gemini-2.5-pro': 4_096,
  } as Readonly<Record<string, number>>,
  /** For a model the table does not list: the largest minimum the page has named. */
  defaultCacheMinTokens: 4_096,
} as const;

/**
 * The minimum cache size of `model` in `table` (the built-in one by default), accepting
 * the `models/` prefix the API uses in resource names.
 */
export function cacheMinTokensFor(model: string, table: Readonly<Record<string, number>> = GeminiLimits.cacheMinTokens): number {
  const name = model.replace(/^models\//, '');
  return table[name] ?? GeminiLimits.defaultCacheMinTokens;
}
