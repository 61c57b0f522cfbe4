/** @gapflow/llm — the LanguageModel interface, its prompts and calls, and the offline model. */
export type { ModelTier } from './model-tier';
export { estimateTokens, type Usage } from './usage';
export type { Prompt } from './prompt';
export type { KnowledgeSnippet, SessionContext, QuestionTask, CriterionTask, DeepDiveTask, ComposeTask, DocumentTask } from './tasks';
export {
  QuestionDraft,
  CriterionDraft,
  DeepDiveDraft,
  CvExtraction,
  JdExtraction,
  OUTPUT_SCHEMAS,
  type CallInputs,
  type CallOutput,
  type StructuredKind,
} from './call-catalog';
export type {
  LanguageModel,
  StructuredCall,
  ComposeCall,
  ModelResult,
  AnswerStream,
  ComposedAnswer,
  ComposedSentence,
  CallOptions,
  ComposeOptions,
} from './language-model';
export { structuredCall, composeCall, DEFAULT_TIER } from './calls';
export { renderSessionContext } from './prompts/render-context';
export { DelayedLanguageModel } from './delayed-language-model';
export { OfflineLanguageModel, OFFLINE_MODEL, chunkText, type OfflineLanguageModelOptions } from './offline/offline-language-model';
export { numbersIn, properNounsIn, splitSentences } from './offline/text-analysis';
export { questionExemplars } from './question-exemplars';
export { stableHash } from './offline/stable-hash';
export { GeminiLanguageModel, type GeminiLanguageModelOptions } from './gemini/gemini-language-model';
export { DEFAULT_PRICES, costOf, type ModelPrice } from './gemini/price-table';
export { toUpstreamError } from './gemini/upstream-error';
export { traceSentences } from './gemini/provenance';
export { unsupportedFacts, type UnsupportedFact } from './gemini/fact-check';
export type { ContextCacheLookup, ContextCacheSource } from './gemini/context-cache-source';
export { ResilientLanguageModel, type ResilienceOptions } from './resilience/resilient-language-model';
export { FallbackLanguageModel, reasonToFallBack, type FallbackListener } from './resilience/fallback-language-model';
export { GeminiCacheClient, type CreatedCache, type GeminiCacheClientOptions } from './gemini/gemini-cache-client';
export { QuotaLanguageModel, type Quota } from './resilience/quota-language-model';
export { GeminiEmbeddings, type GeminiEmbeddingsOptions } from './gemini/gemini-embeddings';
export { UsageRecorder, type UsageTotals } from './usage-recorder';
