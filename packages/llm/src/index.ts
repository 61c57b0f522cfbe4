/** @gapflow/llm — the LanguageModel interface, its prompts and calls, and the offline model. */
export type { ModelTier } from './model-tier';
export { estimateTokens, type Usage } from './usage';
export type { Prompt } from './prompt';
export type { KnowledgeSnippet, SessionContext, QuestionTask, CriterionTask, DeepDiveTask, ComposeTask } from './tasks';
export {
  QuestionDraft,
  CriterionDraft,
  DeepDiveDraft,
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
} from './language-model';
export { structuredCall, composeCall, DEFAULT_TIER } from './calls';
export { renderSessionContext } from './prompts/render-context';
export { DelayedLanguageModel } from './delayed-language-model';
export { OfflineLanguageModel, OFFLINE_MODEL, chunkText, type OfflineLanguageModelOptions } from './offline/offline-language-model';
export { numbersIn, properNounsIn, splitSentences } from './offline/text-analysis';
