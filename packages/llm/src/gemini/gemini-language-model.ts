import type * as GenAI from '@google/genai' with { 'resolution-mode': 'import' };
import { z } from 'zod';
import { GapflowError, type ProviderInfo } from '@gapflow/core';
import { OUTPUT_SCHEMAS, type CallOutput, type StructuredKind } from '../call-catalog';
import type { AnswerStream, CallOptions, ComposeCall, ComposedAnswer, LanguageModel, ModelResult, StructuredCall } from '../language-model';
import type { ModelTier } from '../model-tier';
import type { Prompt } from '../prompt';
import type { Usage } from '../usage';
import { deferred } from '../deferred';
import { costOf, DEFAULT_PRICES, type ModelPrice } from './price-table';
import { traceSentences } from './provenance';
import { createGeminiClient, type GeminiClientOptions } from './gemini-client';
import { StreamIdleTimeout } from './stream-idle-timeout';
import { toUpstreamError } from './upstream-error';

export interface GeminiLanguageModelOptions extends GeminiClientOptions {
  /**
   * A streamed answer that sends nothing for this long, before its first chunk or between two,
   * is aborted as `UPSTREAM_TIMEOUT`. @defaultValue 10000
   */
  streamIdleMs?: number;
  models: Record<ModelTier, string>;
  /** @defaultValue DEFAULT_PRICES */
  prices?: Record<string, ModelPrice>;
  /**
   * The name of an explicit context cache holding a prompt's stable prefix, if one exists
   * (see `ContextCacheRegistry`). Without it, the prefix is sent as the system instruction,
   * first and byte-identical, so Gemini's implicit caching can still hit.
   */
  cachedContentFor?: (prompt: Prompt, model: string) => Promise<string | undefined>;
}

type GenerateContentResponse = GenAI.GenerateContentResponse;

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
 * - `composeAnswer` streams with `generateContentStream`, chunk by chunk, and traces each
 *   sentence of the result to the candidate's text.
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
    const model = this.options.models[call.tier];
    const cachedContent = await this.options.cachedContentFor?.(call.prompt, model);
    const contents = [{ role: 'user', parts: [{ text: call.prompt.variableSuffix }] }];
    const config = {
      ...(cachedContent ? { cachedContent } : { systemInstruction: call.prompt.stablePrefix }),
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
      let response: GenerateContentResponse;
      try {
        response = await this.generateWithCacheRecovery(model, retryContents, config, call.prompt.stablePrefix);
      } catch (error) {
        throw toUpstreamError(error);
      }
      usage = this.addUsage(usage, response, model);
      const parsed = this.parseStructured(call.kind, response.text ?? '');
      if (parsed.success) return { value: parsed.data as CallOutput<K>, usage, source: this.source(model) };
      lastIssue = parsed.issue;
    }
    throw new GapflowError('UPSTREAM_INVALID_OUTPUT', `Gemini answered twice with output that does not match the ${call.kind} schema.`);
  }

  composeAnswer(call: ComposeCall, options: CallOptions = {}): AnswerStream {
    const model = this.options.models[call.tier];
    const { promise: result, resolve: settle, reject: fail } = deferred<ModelResult<ComposedAnswer>>();
    const self = this;
    async function* chunks(): AsyncGenerator<string> {
      const idle = new StreamIdleTimeout(self.options.streamIdleMs ?? 10_000);
      const abortSignal = options.signal ? AbortSignal.any([idle.signal, options.signal]) : idle.signal;
      // Only what the SDK throws is Gemini's failure; an idle abort reports itself as such.
      const upstreamFailure = (error: unknown) => idle.failure ?? toUpstreamError(error);
      try {
        const cachedContent = await self.options.cachedContentFor?.(call.prompt, model);
        // Armed from the request on: a stream that never sends its first chunk is idle too.
        idle.arm();
        const request = (withCache: boolean) =>
          self.ai.models.generateContentStream({
            model,
            contents: [{ role: 'user', parts: [{ text: call.prompt.variableSuffix }] }],
            config: { ...(withCache && cachedContent ? { cachedContent } : { systemInstruction: call.prompt.stablePrefix }), abortSignal },
          });
        const stream = await request(true)
          .catch((error: unknown) => {
            // A cache that vanished (4xx): the same request once more with the prefix in full.
            const status = (error as { status?: unknown })?.status;
            if (cachedContent && typeof status === 'number' && status >= 400 && status < 500 && status !== 429) return request(false);
            throw error;
          })
          .catch((error: unknown) => {
            throw upstreamFailure(error);
          });
        let text = '';
        let usage: Usage = { promptTokens: 0, cachedTokens: 0, outputTokens: 0, costUsd: 0 };
        const iterator = stream[Symbol.asyncIterator]();
        for (;;) {
          idle.arm();
          const next = await iterator.next().catch((error: unknown) => {
            throw upstreamFailure(error);
          });
          // Disarmed while the consumer handles the chunk: only Gemini's silence counts.
          idle.disarm();
          if (next.done) break;
          const chunk = next.value;
          const piece = chunk.text ?? '';
          if (chunk.usageMetadata) usage = self.addUsage({ promptTokens: 0, cachedTokens: 0, outputTokens: 0, costUsd: 0 }, chunk, model);
          if (piece.length === 0) continue;
          text += piece;
          yield piece;
        }
        const candidateText = call.input.answerParts.join('\n\n');
        settle({ value: { text, sentences: traceSentences(text, candidateText) }, usage, source: self.source(model) });
      } catch (error) {
        fail(error);
        throw error;
      } finally {
        idle.disarm();
      }
    }
    return { chunks: chunks(), result };
  }

  /**
   * A cache can vanish under a running session (deleted when a session with the same
   * documents was erased, or expired): Gemini then refuses the request with a 4xx. Such a
   * call is sent once more without the cache, with the prefix in full.
   */
  private async generateWithCacheRecovery(model: string, contents: GenAI.ContentListUnion, config: Record<string, unknown>, stablePrefix: string): Promise<GenerateContentResponse> {
    try {
      return await this.ai.models.generateContent({ model, contents, config });
    } catch (error) {
      const status = (error as { status?: unknown })?.status;
      if (!config.cachedContent || typeof status !== 'number' || status < 400 || status >= 500 || status === 429) throw error;
      const { cachedContent: _stale, ...withoutCache } = config;
      return this.ai.models.generateContent({ model, contents, config: { ...withoutCache, systemInstruction: stablePrefix } });
    }
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
    return { provider: 'gemini', model };
  }
}
