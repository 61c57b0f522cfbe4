import {
  BrokenCircuitError,
  circuitBreaker,
  ConsecutiveBreaker,
  DelegateBackoff,
  handleWhen,
  retry,
  timeout,
  TimeoutStrategy,
  TaskCancelledError,
  wrap,
  type CircuitBreakerPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import { GapflowError, isGapflowError } from '@gapflow/core';
import type { CallOutput, StructuredKind } from '../call-catalog';
import { isRetryable, toUpstreamError } from '../gemini/upstream-error';
import type { AnswerStream, CallOptions, ComposeCall, LanguageModel, ModelResult, StructuredCall } from '../language-model';

export interface ResilienceOptions {
  /** Longest wait for one call. @defaultValue 30000 */
  timeoutMs?: number;
  /** Retries after the first attempt, for retryable failures only. @defaultValue 3 */
  maxRetries?: number;
  /** First retry delay; doubles each time, with full jitter. @defaultValue 500 */
  baseDelayMs?: number;
  /** Longest delay between attempts, the server's retry delay included. @defaultValue 30000 */
  maxDelayMs?: number;
  /** Consecutive failed calls (after their retries) that open the breaker. @defaultValue 5 */
  breakerThreshold?: number;
  /** How long the breaker stays open before one trial call. @defaultValue 30000 */
  breakerHalfOpenAfterMs?: number;
  /** Told when the breaker opens or closes, for metrics and logs. */
  onBreakerChange?: (state: 'open' | 'closed' | 'half-open') => void;
}

/**
 * The delay before the next attempt: what the server asked for (a 429's retry delay) when it
 * said, otherwise exponential backoff with full jitter, so a fleet of workers does not retry
 * in step.
 */
function retryDelay(options: Required<Pick<ResilienceOptions, 'baseDelayMs' | 'maxDelayMs'>>) {
  return (context: IRetryBackoffContext<unknown>): number => {
    const failure = 'error' in context.result ? context.result.error : undefined;
    const asked = isGapflowError(failure) ? failure.retryAfterSeconds : undefined;
    if (asked !== undefined) return Math.min(options.maxDelayMs, asked * 1000 + Math.random() * 250);
    return Math.random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** context.attempt);
  };
}

/**
 * Wraps a remote model in a timeout per attempt, bounded retries with jitter on 429, 5xx and
 * network errors (honouring the server's retry delay), and a circuit breaker per provider
 * (cockatiel's, not one of ours). When it gives up it throws one clear `GapflowError`:
 * `UPSTREAM_TIMEOUT`, `UPSTREAM_UNAVAILABLE` (breaker open included) or the provider's own.
 * A streamed answer is protected until its first chunk; after that a failure ends the stream.
 */
export class ResilientLanguageModel implements LanguageModel {
  readonly breaker: CircuitBreakerPolicy;
  private readonly policy;

  constructor(
    private readonly inner: LanguageModel,
    options: ResilienceOptions = {},
  ) {
    const resolved = { baseDelayMs: options.baseDelayMs ?? 500, maxDelayMs: options.maxDelayMs ?? 30_000 };
    this.breaker = circuitBreaker(handleWhen(isRetryable), {
      halfOpenAfter: options.breakerHalfOpenAfterMs ?? 30_000,
      breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
    });
    if (options.onBreakerChange) {
      const notify = options.onBreakerChange;
      this.breaker.onBreak(() => notify('open'));
      this.breaker.onReset(() => notify('closed'));
      this.breaker.onHalfOpen(() => notify('half-open'));
    }
    const retries = retry(handleWhen(isRetryable), { maxAttempts: options.maxRetries ?? 3, backoff: new DelegateBackoff(retryDelay(resolved)) });
    const perAttempt = timeout(options.timeoutMs ?? 30_000, TimeoutStrategy.Aggressive);
    // Retries sit inside the breaker: the breaker counts a call that failed after all its
    // retries as one failure, and an open breaker refuses at once, without retrying.
    this.policy = wrap(this.breaker, retries, perAttempt);
  }

  get provider(): LanguageModel['provider'] {
    return this.inner.provider;
  }

  async generate<K extends StructuredKind>(call: StructuredCall<K>, options: CallOptions = {}): Promise<ModelResult<CallOutput<K>>> {
    return this.run((signal) => this.inner.generate(call, { ...options, signal: anySignal(signal, options.signal) }));
  }

  composeAnswer(call: ComposeCall, options: CallOptions = {}): AnswerStream {
    const started = this.run(async (signal) => {
      // The policy's signal guards the wait for the first chunk only: cockatiel aborts it when
      // the protected call returns, and the rest of the stream must outlive that.
      const attempt = new AbortController();
      const abortAttempt = (): void => attempt.abort(signal.reason);
      signal.addEventListener('abort', abortAttempt, { once: true });
      try {
        const stream = this.inner.composeAnswer(call, { ...options, signal: anySignal(attempt.signal, options.signal) });
        const iterator = stream.chunks[Symbol.asyncIterator]();
        const first = await iterator.next();
        return { stream, iterator, first };
      } finally {
        signal.removeEventListener('abort', abortAttempt);
      }
    });
    started.catch(() => undefined);
    async function* chunks(): AsyncGenerator<string> {
      const { iterator, first } = await started;
      if (!first.done) yield first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    }
    const result = started.then(({ stream }) => stream.result);
    // A consumer that falls back never reads this result: its rejection must not go unhandled.
    result.catch(() => undefined);
    return { chunks: chunks(), result };
  }

  private async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await this.policy.execute(({ signal }) => work(signal).catch((error: unknown) => Promise.reject(toUpstreamError(error))));
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new GapflowError('UPSTREAM_UNAVAILABLE', 'The language model failed repeatedly; calls are paused for a while (circuit breaker open).', { cause: error });
      }
      if (error instanceof TaskCancelledError) throw new GapflowError('UPSTREAM_TIMEOUT', 'The language model did not answer in time.', { cause: error });
      throw toUpstreamError(error);
    }
  }
}

function anySignal(first: AbortSignal, second: AbortSignal | undefined): AbortSignal {
  return second ? AbortSignal.any([first, second]) : first;
}
