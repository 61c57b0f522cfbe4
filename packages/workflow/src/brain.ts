import type { Config } from '@gapflow/core';
import { DelayedLanguageModel, FallbackLanguageModel, UsageRecorder, GeminiLanguageModel, OfflineLanguageModel, QuotaLanguageModel, ResilientLanguageModel, type ContextCacheSource, type LanguageModel, type Quota } from '@gapflow/llm';
import { DelayedEmbedder, HashingEmbedder, InMemoryVectorIndex, KnowledgeRetriever, loadKnowledgeBase, type Embedder, type KnowledgeBase, type VectorIndex } from '@gapflow/retrieval';
import { GapAnalyzer } from './gap-analysis/gap-analyzer';

/** Where retrieval runs, decided once at start-up for the life of the process. */
export interface RetrievalMode {
  /** The embedder every vector of the index comes from (queries included). */
  embedderId: string;
  /**
   * Set when the configured embedder or index failed at start-up and retrieval runs on the
   * local path instead (hashing embedder, in-memory index): why, without any personal text.
   */
  offlineReason?: string;
}

/** What the workflow reasons with: knowledge, gap analysis, retrieval, a language model. */
export interface Brain {
  knowledge: KnowledgeBase;
  analyzer: GapAnalyzer;
  retriever: KnowledgeRetriever;
  /** Absent on hand-built brains (tests); `createBrain` always says. */
  retrieval?: RetrievalMode;
  model: LanguageModel;
  /**
   * The configured remote model without its offline fallback, for reading documents: a
   * document falls back to the offline parsers, which the offline model is not. Absent when no
   * remote model is configured (the offline parsers read every document).
   */
  documentModel?: LanguageModel;
  /** Usage of every model call of this process, by call kind and provider. */
  usage?: UsageRecorder;
}

/** Gemini's settings as the config reads them, and the hooks the worker adds. */
export type GeminiBrainOptions = NonNullable<Config['gemini']> & {
  /** A quota shared by every worker, when Gemini's limits are configured. */
  sharedQuota?: Quota;
  /** Told when the circuit breaker opens, half-opens or closes. */
  onBreakerChange?: (state: 'open' | 'closed' | 'half-open') => void;
  /** The session's explicit context cache, when context caching is on. */
  contextCache?: ContextCacheSource;
};

export interface BrainOptions {
  /** Embeds retrieval queries and the knowledge base. @defaultValue the local hashing embedder */
  embedder?: Embedder;
  /** Holds the knowledge base's vectors; given the embedder, returns the index. @defaultValue in memory */
  indexFor?: (knowledge: KnowledgeBase, embedder: Embedder) => VectorIndex;
  /** Gemini as the model, with the offline model as its fallback. @defaultValue the offline model alone */
  gemini?: GeminiBrainOptions;
  /**
   * Told once, at start-up, when the configured embedder or index failed and retrieval runs
   * on the local path for the life of the process.
   */
  onOfflineRetrieval?: (reason: string) => void;
  /** Told when a call fell back to the offline model, and why. */
  onFallback?: (reason: string, kind: string) => void;
  /** Latency added to every model call, to stand in for a remote LLM. @defaultValue 0 */
  simulatedLlmLatencyMs?: number;
  /** Latency added to every embedding call. @defaultValue 0 */
  simulatedEmbeddingLatencyMs?: number;
}

/**
 * The brain of a process: the shipped knowledge base and its retriever, and the language
 * model — Gemini (with the offline model as its fallback) when configured, the offline model
 * otherwise. Retrieval runs on the configured embedder and index (Gemini embeddings, Qdrant),
 * or on the local hashing embedder over an in-memory index when none is configured or when
 * the configured one fails at start-up: a worker starts, and says so, even when Gemini is
 * down, and one index never holds vectors of two embedders. The model is chosen on its own:
 * generation does not depend on the embedding space, so a process whose retrieval is offline
 * still asks Gemini, and falls back per call as usual. Built once per process.
 *
 * @example
 * const brain = await createBrain({ embedder, gemini, onOfflineRetrieval: (reason) => logger.warn({ reason }, 'retrieval is offline') });
 */
export async function createBrain(options: BrainOptions = {}): Promise<Brain> {
  const knowledge = loadKnowledgeBase();
  const { retriever, base, retrieval } = await retrieverOf(knowledge, options);
  const embedder = new DelayedEmbedder(base, options.simulatedEmbeddingLatencyMs ?? 0);
  const { model, remote } = modelsOf(options);
  const usage = new UsageRecorder(model);
  return {
    knowledge,
    analyzer: new GapAnalyzer(knowledge),
    retriever: retriever.withEmbedder(embedder),
    retrieval,
    model: usage,
    ...(remote ? { documentModel: usage.alongside(remote) } : {}),
    usage,
  };
}

/** Failures that are bugs, not outages: they fail the start-up instead of hiding behind the local path. */
function isProgrammingError(error: unknown): boolean {
  return error instanceof TypeError || error instanceof ReferenceError || error instanceof SyntaxError || error instanceof RangeError;
}

/** The retriever over the configured embedder and index, or over the local ones when those fail. */
async function retrieverOf(knowledge: KnowledgeBase, options: BrainOptions): Promise<{ retriever: KnowledgeRetriever; base: Embedder; retrieval: RetrievalMode }> {
  const configured = options.embedder;
  if (configured) {
    try {
      const index = options.indexFor?.(knowledge, configured) ?? new InMemoryVectorIndex();
      // Indexing embeds the whole knowledge base once; it must not pay the simulated latency.
      const retriever = await KnowledgeRetriever.create(knowledge, configured, index);
      return { retriever, base: configured, retrieval: { embedderId: configured.id } };
    } catch (error) {
      if (isProgrammingError(error)) throw error;
      const reason = `${configured.id} failed while indexing the knowledge base: ${(error as Error)?.message ?? String(error)}`;
      options.onOfflineRetrieval?.(reason);
      const local = new HashingEmbedder();
      return { retriever: await KnowledgeRetriever.create(knowledge, local, new InMemoryVectorIndex()), base: local, retrieval: { embedderId: local.id, offlineReason: reason } };
    }
  }
  const local = new HashingEmbedder();
  const index = options.indexFor?.(knowledge, local) ?? new InMemoryVectorIndex();
  return { retriever: await KnowledgeRetriever.create(knowledge, local, index), base: local, retrieval: { embedderId: local.id } };
}

/**
 * Gemini (resilient, falling back to the offline model) when configured, and the resilient
 * Gemini alone as `remote`; the offline model otherwise.
 */
function modelsOf(options: BrainOptions): { model: LanguageModel; remote?: LanguageModel } {
  const offline = new DelayedLanguageModel(new OfflineLanguageModel(), options.simulatedLlmLatencyMs ?? 0);
  const gemini = options.gemini;
  if (!gemini) return { model: offline };
  const remote = new GeminiLanguageModel({
    apiKey: gemini.apiKey,
    ...(gemini.baseUrl ? { baseUrl: gemini.baseUrl } : {}),
    apiVersion: gemini.apiVersion,
    timeoutMs: gemini.timeoutMs,
    streamIdleMs: gemini.streamIdleMs,
    streamTimeoutMs: gemini.streamTimeoutMs,
    models: gemini.models,
    ...(gemini.prices ? { prices: gemini.prices } : {}),
    ...(gemini.contextCache ? { contextCache: gemini.contextCache, cacheTier: gemini.cacheTier } : {}),
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
  return { model: new FallbackLanguageModel(metered, offline, options.onFallback), remote: metered };
}
