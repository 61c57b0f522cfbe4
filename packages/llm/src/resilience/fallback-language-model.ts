import { isGapflowError, type ErrorCode } from '@gapflow/core';
import type { CallOutput, StructuredKind } from '../call-catalog';
import { deferred } from '../deferred';
import type { AnswerStream, CallOptions, ComposeCall, ComposedAnswer, ComposeOptions, LanguageModel, ModelResult, StructuredCall } from '../language-model';

/**
 * What an outage of the provider looks like, and only that: unreachable, 429 or 5xx, the
 * breaker open (`UPSTREAM_UNAVAILABLE`), too slow (`UPSTREAM_TIMEOUT`), output still invalid
 * after its one retry, or the shared quota out of reach (`RATE_LIMITED`). Anything else — a
 * refused request, a `TypeError`, a failed assertion — is a defect, and falling back would
 * hide it: it fails the job instead.
 */
const FALL_BACK_ON: ReadonlySet<ErrorCode> = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'UPSTREAM_INVALID_OUTPUT', 'RATE_LIMITED']);

export interface FallbackListener {
  (reason: ErrorCode, kind: StructuredKind | 'compose'): void;
}

/**
 * The primary model, and when it gives up on an outage (breaker open, quota exhausted,
 * timeouts, invalid output) the fallback — the offline model — so a session never fails only
 * because Gemini did. A fallback result says so: `provider: "offline", fallback: true` with
 * the reason. A streamed answer falls back at any point; when the primary had already sent
 * chunks, the fallback's answer is announced as a restart (`onRestart`), never spliced on.
 */
export class FallbackLanguageModel implements LanguageModel {
  constructor(
    private readonly primary: LanguageModel,
    private readonly fallback: LanguageModel,
    private readonly onFallback: FallbackListener = () => undefined,
  ) {}

  get provider(): LanguageModel['provider'] {
    return this.primary.provider;
  }

  async generate<K extends StructuredKind>(call: StructuredCall<K>, options: CallOptions = {}): Promise<ModelResult<CallOutput<K>>> {
    try {
      return await this.primary.generate(call, options);
    } catch (error) {
      const reason = reasonToFallBack(error);
      if (!reason) throw error;
      this.onFallback(reason, call.kind);
      const result = await this.fallback.generate(call, options);
      return { ...result, source: { ...result.source, fallback: true, fallbackReason: reason } };
    }
  }

  composeAnswer(call: ComposeCall, options: ComposeOptions = {}): AnswerStream {
    // Settled by the stream once it knows which model wrote the answer.
    const { promise: result, resolve: settle, reject: fail } = deferred<ModelResult<ComposedAnswer>>();
    const self = this;
    async function* chunks(): AsyncGenerator<string> {
      // Chunks of the primary's current attempt the consumer has already seen.
      let sentThisAttempt = false;
      const primary = self.primary.composeAnswer(call, {
        ...options,
        onRestart: async (reason) => {
          sentThisAttempt = false;
          await options.onRestart?.(reason);
        },
      });
      let reason: ErrorCode | undefined;
      try {
        for await (const chunk of primary.chunks) {
          sentThisAttempt = true;
          yield chunk;
        }
        settle(await primary.result);
        return;
      } catch (error) {
        reason = reasonToFallBack(error);
        if (!reason) {
          fail(error);
          throw error;
        }
        self.onFallback(reason, 'compose');
        if (sentThisAttempt) await options.onRestart?.(reason);
      }
      try {
        const fallback = self.fallback.composeAnswer(call, options);
        yield* fallback.chunks;
        const written = await fallback.result;
        settle({ ...written, source: { ...written.source, fallback: true, fallbackReason: reason } });
      } catch (error) {
        fail(error);
        throw error;
      }
    }
    return { chunks: chunks(), result };
  }
}

/** The reason to fall back on, for an outage; undefined for anything else (a defect, which must fail instead). */
export function reasonToFallBack(error: unknown): ErrorCode | undefined {
  return isGapflowError(error) && FALL_BACK_ON.has(error.code) ? error.code : undefined;
}
