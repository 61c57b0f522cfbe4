import type { ErrorCode, ProviderInfo, SourceSpan } from '@gapflow/core';
import type { CallInputs, CallOutput, StructuredKind } from './call-catalog';
import type { ModelTier } from './model-tier';
import type { Prompt } from './prompt';
import type { ComposeTask } from './tasks';
import type { Usage } from './usage';

/**
 * One structured call. It carries both the rendered prompt (what a remote model reads) and
 * the task it was rendered from (what the offline model reasons over), so every provider
 * answers the same call.
 */
export interface StructuredCall<K extends StructuredKind> {
  kind: K;
  tier: ModelTier;
  input: CallInputs[K];
  prompt: Prompt;
}

export interface ComposeCall {
  kind: 'compose';
  tier: ModelTier;
  input: ComposeTask;
  prompt: Prompt;
}

export interface ModelResult<T> {
  value: T;
  usage: Usage;
  source: ProviderInfo;
  /**
   * Present when the call could use the session's context cache: `hit` when it did, `miss`
   * when it went without (so a cache-hit ratio counts only the calls that could hit).
   */
  contextCache?: 'hit' | 'miss';
}

/** A sentence of the composed answer and the spans of the candidate's text it came from. */
export interface ComposedSentence {
  text: string;
  sources: SourceSpan[];
}

export interface ComposedAnswer {
  text: string;
  sentences: ComposedSentence[];
  /**
   * Sentences the model wrote that stated a number or a name the candidate never gave, and
   * that were therefore left out of `text`, by the kind of the unsupported fact.
   */
  droppedSentences?: { number: number; name: number };
}

/**
 * A streamed answer: `chunks` yields the text as it is written; the chunks after the last
 * restart (see `ComposeOptions.onRestart`), concatenated, equal the final text; `result`
 * settles when the stream ends.
 */
export interface AnswerStream {
  chunks: AsyncIterable<string>;
  result: Promise<ModelResult<ComposedAnswer>>;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of a streamed answer. */
export interface ComposeOptions extends CallOptions {
  /**
   * Called when the answer starts over — the stream failed after some chunks and is tried
   * again, or the fallback model takes over: the chunks yielded so far are void, and the
   * next ones belong to a new attempt. Awaited before that attempt's first chunk is yielded.
   */
  onRestart?: (reason: ErrorCode) => Promise<void> | void;
}

/**
 * What gapflow needs from a language model. Shaped for Gemini (structured output against a
 * schema, streaming, a cacheable prompt prefix, model tiers, usage on every result) and
 * answered offline by a deterministic rule-based model.
 */
export interface LanguageModel {
  readonly provider: ProviderInfo['provider'];
  generate<K extends StructuredKind>(call: StructuredCall<K>, options?: CallOptions): Promise<ModelResult<CallOutput<K>>>;
  composeAnswer(call: ComposeCall, options?: ComposeOptions): AnswerStream;
}
