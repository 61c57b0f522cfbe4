import type { Config } from '@gapflow/core';
import { DelayedLanguageModel, FallbackLanguageModel, UsageRecorder, GeminiLanguageModel, OfflineLanguageModel, QuotaLanguageModel, ResilientLanguageModel, type LanguageModel, type Quota } from '@gapflow/llm';
import { DelayedEmbedder, HashingEmbedder, InMemoryVectorIndex, KnowledgeRetriever, loadKnowledgeBase, type Embedder, type KnowledgeBase, type VectorIndex } from '@gapflow/retrieval';
import { GapAnalyzer } from './gap-analysis/gap-analyzer';

/** What the workflow reasons with: knowledge, gap analysis, retrieval, a language model. */
export interface Brain {
  knowledge: KnowledgeBase;
  analyzer: GapAnalyzer;
  retriever: KnowledgeRetriever;
  model: LanguageModel;
  /** Usage of every model call of this process, by call kind and provider. */
  usage?: UsageRecorder;
}

/** Gemini's settings as the config reads them, and the hooks the worker adds. */
export type GeminiBrainOptions = NonNullable<Config['gemini']> & {
  /** A quota shared by every worker, when Gemini's limits are configured. */
  sharedQuota?: Quota;
  /** Told when the circuit breaker opens, half-opens or closes. */
  onBreakerChange?: (state: 'open' | 'closed' | 'half-open') => void;
  /** The explicit cache of a prompt's stable prefix, when one should be used. */
  cachedContentFor?: (stablePrefix: string, model: string) => Promise<string | undefined>;
};

export interface EmbeddedBrainOptions {
  /** Embeds retrieval queries and the knowledge base. @defaultValue the local hashing embedder */
  embedder?: Embedder;
  /** Holds the knowledge base's vectors; given the embedder, returns the index. @defaultValue in memory */
  indexFor?: (knowledge: KnowledgeBase, embedder: Embedder) => VectorIndex;
  /** Gemini as the model, with the offline model as its fallback. @defaultValue the offline model alone */
  gemini?: GeminiBrainOptions;
  /** Told when a call fell back to the offline model, and why. */
  onFallback?: (reason: string, kind: string) => void;
  /** Latency added to every model call, to stand in for a remote LLM. @defaultValue 0 */
  simulatedLlmLatencyMs?: number;
  /** Latency added to every embedding call. @defaultValue 0 */
  simulatedEmbeddingLatencyMs?: number;
}

/**
 * The brain: the shipped knowledge base, the hashing embedder over an in-memory index, and
 * the offline model — or Gemini with the offline model as its fallback, when configured.
 * Built once per process.
 */
export async function createEmbeddedBrain(options: EmbeddedBrainOptions = {}): Promise<Brain> {
  const knowledge = loadKnowledgeBase();
  const base = options.embedder ?? new HashingEmbedder();
  const index = options.indexFor?.(knowledge, base) ?? new InMemoryVectorIndex();
  const embedder = new DelayedEmbedder(base, options.simulatedEmbeddingLatencyMs ?? 0);
  // Indexing embeds the whole knowledge base once; it must not pay the simulated latency.
  const retriever = await KnowledgeRetriever.create(knowledge, base, index);
  const usage = new UsageRecorder(modelOf(options));
  return {
    knowledge,
    analyzer: new GapAnalyzer(knowledge),
    retriever: retriever.withEmbedder(embedder),
    model: usage,
    usage,
  };
}

/** Gemini (resilient, falling back to the offline model) when configured; the offline model otherwise. */
function modelOf(options: EmbeddedBrainOptions): LanguageModel {
  const offline = new DelayedLanguageModel(new OfflineLanguageModel(), options.simulatedLlmLatencyMs ?? 0);
  const gemini = options.gemini;
  if (!gemini) return offline;
  const remote = new GeminiLanguageModel({
    apiKey: gemini.apiKey,
    ...(gemini.baseUrl ? { baseUrl: gemini.baseUrl } : {}),
    apiVersion: gemini.apiVersion,
    timeoutMs: gemini.timeoutMs,
    streamIdleMs: gemini.streamIdleMs,
    models: gemini.models,
    ...(gemini.prices ? { prices: gemini.prices } : {}),
    ...(gemini.cachedContentFor ? { cachedContentFor: (prompt, model) => gemini.cachedContentFor!(prompt.stablePrefix, model) } : {}),
  });
  const resilient = new ResilientLanguageModel(remote, {
    service: 'Gemini',
    timeoutMs: gemini.timeoutMs,
    maxRetries: gemini.maxRetries,
    breakerThreshold: gemini.breakerFailures,
    breakerHalfOpenAfterMs: gemini.breakerHalfOpenMs,
    ...(gemini.onBreakerChange ? { onBreakerChange: gemini.onBreakerChange } : {}),
  });
  const metered = gemini.sharedQuota ? new QuotaLanguageModel(resilient, gemini.sharedQuota, gemini.models) : resilient;
  return new FallbackLanguageModel(metered, offline, options.onFallback);
}
