import { isGapflowError, type ErrorCode } from '@gapflow/core';
import type { CallOutput, StructuredKind } from '../call-catalog';
import type { AnswerStream, CallOptions, ComposeCall, ComposedAnswer, LanguageModel, ModelResult, StructuredCall } from '../language-model';

/** Failures after which the fallback answers instead: the provider is away, not the request wrong. */
const FALL_BACK_ON: ReadonlySet<ErrorCode> = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'UPSTREAM_INVALID_OUTPUT', 'RATE_LIMITED']);

export interface FallbackListener {
  (reason: ErrorCode, kind: StructuredKind | 'compose'): void;
}

/**
 * The primary model, and when it gives up (breaker open, quota exhausted, timeouts, invalid
 * output) the fallback — the offline model — so a session never fails only because Gemini
 * did. A fallback result says so: `provider: "offline", fallback: true` with the reason.
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
      const reason = this.reasonToFallBack(error);
      if (!reason) throw error;
      this.onFallback(reason, call.kind);
      const result = await this.fallback.generate(call, options);
      return { ...result, source: { ...result.source, fallback: true, fallbackReason: reason } };
    }
  }

  composeAnswer(call: ComposeCall, options: CallOptions = {}): AnswerStream {
    let settle!: (result: Promise<ModelResult<ComposedAnswer>>) => void;
    // Settled by the stream once it knows which model wrote the answer.
    const result = new Promise<ModelResult<ComposedAnswer>>((resolve) => {
      settle = resolve;
    });
    result.catch(() => undefined);
    const self = this;
    async function* chunks(): AsyncGenerator<string> {
      const primary = self.primary.composeAnswer(call, options);
      const iterator = primary.chunks[Symbol.asyncIterator]();
      let first: IteratorResult<string>;
      try {
        first = await iterator.next();
      } catch (error) {
        // Nothing was streamed yet: the offline model can still write the whole answer.
        const reason = self.reasonToFallBack(error);
        if (!reason) {
          settle(Promise.reject(error));
          throw error;
        }
        self.onFallback(reason, 'compose');
        const fallback = self.fallback.composeAnswer(call, options);
        settle(fallback.result.then((fallbackResult) => ({ ...fallbackResult, source: { ...fallbackResult.source, fallback: true, fallbackReason: reason } })));
        yield* fallback.chunks;
        return;
      }
      settle(primary.result);
      if (!first.done) yield first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    }
    return { chunks: chunks(), result };
  }

  private reasonToFallBack(error: unknown): ErrorCode | undefined {
    if (!isGapflowError(error)) return 'UPSTREAM_UNAVAILABLE';
    return FALL_BACK_ON.has(error.code) ? error.code : undefined;
  }
}
