import type * as GenAI from '@google/genai' with { 'resolution-mode': 'import' };
import { z } from 'zod';
import { GapflowError, storyOf, type ProviderInfo } from '@gapflow/core';
import { OUTPUT_SCHEMAS, type CallOutput, type StructuredKind } from '../call-catalog';
import type { AnswerStream, CallOptions, ComposeCall, ComposedAnswer, LanguageModel, ModelResult, StructuredCall } from '../language-model';
import type { ModelTier } from '../model-tier';
import type { Usage } from '../usage';
import { deferred } from '../deferred';
import { costOf, DEFAULT_PRICES, type ModelPrice } from './price-table';
import { cvText } from '../prompts/cv-text';
import { CheckedSentenceStream } from './checked-sentence-stream';
import type { ContextCacheSource } from './context-cache-source';
import { traceSentences } from './provenance';
import { sendWithContextCache, type PrefixConfig, type SentWithContextCache } from './send-with-context-cache';
import { createGeminiClient, type GeminiClientOptions } from './gemini-client';
import { StreamIdleTimeout } from './stream-idle-timeout';
import { toUpstreamError } from './upstream-error';

export interface GeminiLanguageModelOptions extends GeminiClientOptions {
  /**
   * A streamed answer that sends nothing for this long, before its first chunk or between two,
   * is aborted as `UPSTREAM_TIMEOUT`. @defaultValue 10000
   */
  streamIdleMs?: number;
  /**
   * Longest time one streamed answer may take in all, given to the SDK per request in place of
   * `timeoutMs` (which would cut every answer longer than it, however lively).
   * @defaultValue 300000
   */
  streamTimeoutMs?: number;
  models: Record<ModelTier, string>;
  /** @defaultValue DEFAULT_PRICES */
  prices?: Record<string, ModelPrice>;
  /**
   * The session's explicit context cache (see `SharedContextCaches`). Without one, the prefix
   * is sent as the system instruction, first and byte-identical, so Gemini's implicit caching
   * can still hit. @defaultValue none
   */
  contextCache?: ContextCacheSource;
  /**
   * The tier whose model holds the session's cache. A Gemini cache serves one model, so every
   * call that uses the cache runs on this model whatever its own tier: one cache per session.
   * @defaultValue 'quality'
   */
  cacheTier?: ModelTier;
}

type GenerateContentResponse = GenAI.GenerateContentResponse;

/** Calls made before a session has its CV and JD (reading the documents): they never use its context cache. */
const SESSION_FREE_KINDS: ReadonlySet<StructuredKind> = new Set(['cvExtraction', 'jdExtraction']);

/** The JSON schema Gemini is asked to answer in, from the call's zod schema. */
function responseSchemaOf(kind: StructuredKind): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(OUTPUT_SCHEMAS[kind]) as Record<string, unknown>;
  return schema;
}

/**
 * The Gemini provider, on Google's maintained SDK `@google/genai` (the successor of the
 * archived `@google/generative-ai`). Every SDK call of gapflow is in this file.
 *
 * - Structured calls: the zod schema of the call kind becomes `responseJsonSchema`; the reply
 *   is validated with the same schema, retried once with the validation error, and otherwise
 *   refused as `UPSTREAM_INVALID_OUTPUT`.
 * - `composeAnswer` streams with `generateContentStream`, sentence by sentence, drops any
 *   sentence stating a number or a name the candidate never gave, and traces each sentence of
 *   the result to the candidate's text.
 * - Every call that reads the session's documents uses the session's context cache when there
 *   is one (`sendWithContextCache`).
 * - Usage from `usageMetadata` (prompt, cached, output tokens) and a cost from the price table.
 */
export class GeminiLanguageModel implements LanguageModel {
  readonly provider = 'gemini' as const;
  private readonly ai: GenAI.GoogleGenAI;
  private readonly prices: Record<string, ModelPrice>;

  constructor(private readonly options: GeminiLanguageModelOptions) {
    this.ai = createGeminiClient(options);
    this.prices = options.prices ?? DEFAULT_PRICES;
  }

  async generate<K extends StructuredKind>(call: StructuredCall<K>, options: CallOptions = {}): Promise<ModelResult<CallOutput<K>>> {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
    const contents = [{ role: 'user', parts: [{ text: call.prompt.variableSuffix }] }];
    const config = {
      responseMimeType: 'application/json',
      responseJsonSchema: responseSchemaOf(call.kind),
      ...(options.signal ? { abortSignal: options.signal } : {}),
    };
    let usage: Usage = { promptTokens: 0, cachedTokens: 0, outputTokens: 0, costUsd: 0 };
    let lastIssue = '';
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const retryContents =
        attempt === 0
          ? contents
          : [...contents, { role: 'user', parts: [{ text: `Your previous reply was not valid: ${lastIssue}. Reply again with JSON that matches the schema exactly.` }] }];
      let sent: SentWithContextCache<GenerateContentResponse>;
      try {
        sent = await sendWithContextCache(SESSION_FREE_KINDS.has(call.kind) ? undefined : this.options.contextCache, call.prompt, this.modelsFor(call.tier), (model, prefix: PrefixConfig) =>
          this.ai.models.generateContent({ model, contents: retryContents, config: { ...prefix, ...config } }),
        );
      } catch (error) {
        throw toUpstreamError(error);
      }
      usage = this.addUsage(usage, sent.response, sent.model);
      const parsed = this.parseStructured(call.kind, sent.response.text ?? '');
      if (parsed.success) return { value: parsed.data as CallOutput<K>, usage, source: this.source(sent.model), ...(sent.contextCache ? { contextCache: sent.contextCache } : {}) };
      lastIssue = parsed.issue;
    }
    throw new GapflowError('UPSTREAM_INVALID_OUTPUT', `Gemini answered twice with output that does not match the ${call.kind} schema.`);
  }

  /**
   * Streams the answer, letting through only the sentences whose numbers and names the
   * candidate stated, in the answers or in the CV (see `CheckedSentenceStream`): the deltas are the checked sentences, so
   * their concatenation is the final answer.
   */
  composeAnswer(call: ComposeCall, options: CallOptions = {}): AnswerStream {
    const { promise: result, resolve: settle, reject: fail } = deferred<ModelResult<ComposedAnswer>>();
    const self = this;
    async function* chunks(): AsyncGenerator<string> {
      const idle = new StreamIdleTimeout(self.options.streamIdleMs ?? 10_000);
      const abortSignal = options.signal ? AbortSignal.any([idle.signal, options.signal]) : idle.signal;
      // Only what the SDK throws is Gemini's failure; an idle abort reports itself as such.
      const upstreamFailure = (error: unknown) => idle.failure ?? toUpstreamError(error);
      try {
        const sent = await sendWithContextCache(self.options.contextCache, call.prompt, self.modelsFor(call.tier), async (model, prefix: PrefixConfig) => {
          // Armed for Gemini's own wait only (a stream that never sends its first chunk is idle
          // too), not for the cache lookup before it: a lock wait or a cache creation is no silence.
          idle.arm();
          try {
            return await self.ai.models.generateContentStream({
              model,
              contents: [{ role: 'user', parts: [{ text: call.prompt.variableSuffix }] }],
              // A long answer streams for longer than a request may wait for its reply; the idle
              // timeout watches the silences, this only bounds a stream that trickles forever.
              config: { ...prefix, abortSignal, httpOptions: { timeout: self.options.streamTimeoutMs ?? 300_000 } },
            });
          } finally {
            idle.disarm();
          }
        }).catch((error: unknown) => {
          throw upstreamFailure(error);
        });
        const candidateText = storyOf(call.input.answerParts);
        // The CV is the candidate's own text too, and the model reads it in the shared prefix:
        // a number or name from it is no invention. Provenance still points into the answers.
        const checked = new CheckedSentenceStream(call.input.context ? `${candidateText}\n\n${cvText(call.input.context.cv)}` : candidateText);
        let text = '';
        let usage: Usage = { promptTokens: 0, cachedTokens: 0, outputTokens: 0, costUsd: 0 };
        const iterator = sent.response[Symbol.asyncIterator]();
        for (;;) {
          idle.arm();
          const next = await iterator.next().catch((error: unknown) => {
            throw upstreamFailure(error);
          });
          // Disarmed while the consumer handles the chunk: only Gemini's silence counts.
          idle.disarm();
          if (next.done) break;
          const chunk = next.value;
          if (chunk.usageMetadata) usage = self.addUsage({ promptTokens: 0, cachedTokens: 0, outputTokens: 0, costUsd: 0 }, chunk, sent.model);
          const piece = checked.push(chunk.text ?? '');
          if (piece.length === 0) continue;
          text += piece;
          yield piece;
        }
        const last = checked.end();
        if (last.length > 0) {
          text += last;
          yield last;
        }
        // Nothing was sent, so the fallback can still write the whole answer from the candidate's sentences.
        if (text.length === 0) throw new GapflowError('UPSTREAM_INVALID_OUTPUT', 'Gemini wrote no sentence that the candidate\'s own text supports.');
        settle({
          value: { text, sentences: traceSentences(text, candidateText), ...(checked.droppedTotal > 0 ? { droppedSentences: { ...checked.dropped } } : {}) },
          usage,
          source: self.source(sent.model),
          ...(sent.contextCache ? { contextCache: sent.contextCache } : {}),
        });
      } catch (error) {
        fail(error);
        throw error;
      } finally {
        idle.disarm();
      }
    }
    return { chunks: chunks(), result };
  }

  /** The call's own model, and the model that holds the session's cache. */
  private modelsFor(tier: ModelTier): { tierModel: string; cacheModel: string } {
    return { tierModel: this.options.models[tier], cacheModel: this.options.models[this.options.cacheTier ?? 'quality'] };
  }

  private parseStructured(kind: StructuredKind, text: string): { success: true; data: unknown } | { success: false; issue: string } {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { success: false, issue: 'it was not JSON' };
    }
    const parsed = OUTPUT_SCHEMAS[kind].safeParse(raw);
    if (parsed.success) return { success: true, data: parsed.data };
    return { success: false, issue: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'reply'}: ${issue.message}`).slice(0, 3).join('; ') };
  }

  private addUsage(total: Usage, response: GenerateContentResponse, model: string): Usage {
    const metadata = response.usageMetadata;
    const next = {
      promptTokens: total.promptTokens + (metadata?.promptTokenCount ?? 0),
      cachedTokens: total.cachedTokens + (metadata?.cachedContentTokenCount ?? 0),
      outputTokens: total.outputTokens + (metadata?.candidatesTokenCount ?? 0),
    };
    return { ...next, costUsd: costOf(next, this.prices[model]) };
  }

  private source(model: string): ProviderInfo {
    // Said outright, so a round scored by Gemini after one that fell back reads as no fallback.
    return { provider: 'gemini', model, fallback: false };
  }
}
