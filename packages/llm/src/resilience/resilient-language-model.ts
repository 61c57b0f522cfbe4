import { isRetryableUpstreamFailure, UpstreamPolicy, type GapflowError, type UpstreamPolicyOptions } from '@gapflow/core';
import type { CircuitBreakerPolicy } from 'cockatiel';
import type { CallOutput, StructuredKind } from '../call-catalog';
import { deferred } from '../deferred';
import type { AnswerStream, CallOptions, ComposeCall, ComposedAnswer, ComposeOptions, LanguageModel, ModelResult, StructuredCall } from '../language-model';

/** The shared upstream policy's options (see `UpstreamPolicy` in core), for a language model. */
export type ResilienceOptions = Omit<UpstreamPolicyOptions, 'service'> & {
  /** Names the provider in the errors thrown. @defaultValue `The language model` */
  service?: string;
};

/**
 * Wraps a remote model in the upstream policy every remote call of gapflow goes through (a
 * timeout per attempt, bounded retries with jitter on 429, 5xx, network errors and timeouts,
 * a circuit breaker; see `UpstreamPolicy`). The inner model throws `GapflowError`s for the
 * provider's failures; anything else is a programming error and goes through untouched, never
 * retried. A streamed answer is retried as a whole: before its first chunk by the policy, and
 * after it — a failure or a stall mid-stream — by starting over (at most `maxRetries` times),
 * announced through `onRestart`, so its consumer drops the chunks of the failed attempt.
 */
export class ResilientLanguageModel implements LanguageModel {
  readonly breaker: CircuitBreakerPolicy;
  private readonly policy: UpstreamPolicy;
  private readonly maxRetries: number;

  constructor(
    private readonly inner: LanguageModel,
    options: ResilienceOptions = {},
  ) {
    this.policy = new UpstreamPolicy({ ...options, service: options.service ?? 'The language model' });
    this.breaker = this.policy.breaker;
    this.maxRetries = options.maxRetries ?? 3;
  }

  get provider(): LanguageModel['provider'] {
    return this.inner.provider;
  }

  async generate<K extends StructuredKind>(call: StructuredCall<K>, options: CallOptions = {}): Promise<ModelResult<CallOutput<K>>> {
    return this.policy.execute((signal) => this.inner.generate(call, { ...options, signal: anySignal(signal, options.signal) }));
  }

  composeAnswer(call: ComposeCall, options: ComposeOptions = {}): AnswerStream {
    // Settled with the result of the attempt that finished; a consumer that falls back never reads it.
    const { promise: result, resolve: settle, reject: fail } = deferred<ModelResult<ComposedAnswer>>();
    const self = this;
    async function* chunks(): AsyncGenerator<string> {
      try {
        for (let restarts = 0; ; restarts += 1) {
          const { stream, iterator, first } = await self.startStream(call, options);
          try {
            if (!first.done) yield first.value;
            for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
            settle(await stream.result);
            return;
          } catch (error) {
            if (!isRetryableUpstreamFailure(error) || restarts >= self.maxRetries) throw error;
            await options.onRestart?.((error as GapflowError).code);
          }
        }
      } catch (error) {
        fail(error);
        throw error;
      }
    }
    return { chunks: chunks(), result };
  }

  /** One attempt of a stream, up to its first chunk, under the policy (retried, timed out). */
  private startStream(call: ComposeCall, options: ComposeOptions) {
    return this.policy.execute(async (signal) => {
      // The policy's signal guards the wait for the first chunk only: cockatiel aborts it when
      // the protected call returns, and the rest of the stream must outlive that.
      const attempt = new AbortController();
      const abortAttempt = (): void => attempt.abort(signal.reason);
      signal.addEventListener('abort', abortAttempt, { once: true });
      try {
        const stream = this.inner.composeAnswer(call, { ...options, signal: anySignal(attempt.signal, options.signal) });
        stream.result.catch(() => undefined);
        const iterator = stream.chunks[Symbol.asyncIterator]();
        const first = await iterator.next();
        return { stream, iterator, first };
      } finally {
        signal.removeEventListener('abort', abortAttempt);
      }
    });
  }
}

function anySignal(first: AbortSignal, second: AbortSignal | undefined): AbortSignal {
  return second ? AbortSignal.any([first, second]) : first;
}
