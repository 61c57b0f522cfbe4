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
  type IPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import { GapflowError, isGapflowError } from '../errors/gapflow-error';

export interface UpstreamPolicyOptions {
  /** Names the service in the errors the policy throws, e.g. `Gemini`, `Qdrant`. */
  service: string;
  /** Longest wait for one attempt. @defaultValue 30000 */
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

/** Failures worth another try: the service was away, slow or over quota. */
export function isRetryableUpstreamFailure(error: unknown): boolean {
  return isGapflowError(error, 'UPSTREAM_UNAVAILABLE') || isGapflowError(error, 'UPSTREAM_TIMEOUT');
}

/**
 * What the policy retries and the breaker counts: the work's retryable failures, and the
 * per-attempt timeout's own (cockatiel's `TaskCancelledError`, thrown around the work).
 */
function isRetryableAttemptFailure(error: unknown): boolean {
  return isRetryableUpstreamFailure(error) || error instanceof TaskCancelledError;
}

/**
 * The delay before the next attempt: what the server asked for (a 429's retry delay) when it
 * said, otherwise exponential backoff with full jitter, so a fleet of workers does not retry
 * in step.
 */
function retryDelay(baseDelayMs: number, maxDelayMs: number) {
  return (context: IRetryBackoffContext<unknown>): number => {
    const failure = 'error' in context.result ? context.result.error : undefined;
    const asked = isGapflowError(failure) ? failure.retryAfterSeconds : undefined;
    if (asked !== undefined) return Math.min(maxDelayMs, asked * 1000 + Math.random() * 250);
    return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** context.attempt);
  };
}

/**
 * What every call that leaves the process for a remote service goes through (Gemini, Qdrant):
 * a timeout per attempt, bounded retries with jitter on `UPSTREAM_UNAVAILABLE` and
 * `UPSTREAM_TIMEOUT` (honouring the server's retry delay), and a circuit breaker (cockatiel's).
 * Work must throw `GapflowError`s (each client maps its own failures); anything else — a
 * programming error — is neither retried nor counted by the breaker, and is rethrown as is.
 * When the policy gives up it throws one clear `GapflowError`: `UPSTREAM_TIMEOUT`,
 * `UPSTREAM_UNAVAILABLE` (breaker open included) or the work's own.
 *
 * @example
 * const policy = new UpstreamPolicy({ service: 'Qdrant', timeoutMs: 10_000 });
 * const hits = await policy.execute((signal) => client.query(…, { signal }));
 */
export class UpstreamPolicy {
  readonly breaker: CircuitBreakerPolicy;
  private readonly policy: IPolicy;
  private readonly service: string;

  constructor(options: UpstreamPolicyOptions) {
    this.service = options.service;
    this.breaker = circuitBreaker(handleWhen(isRetryableAttemptFailure), {
      halfOpenAfter: options.breakerHalfOpenAfterMs ?? 30_000,
      breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
    });
    if (options.onBreakerChange) {
      const notify = options.onBreakerChange;
      this.breaker.onBreak(() => notify('open'));
      this.breaker.onReset(() => notify('closed'));
      this.breaker.onHalfOpen(() => notify('half-open'));
    }
    const retries = retry(handleWhen(isRetryableAttemptFailure), {
      maxAttempts: options.maxRetries ?? 3,
      backoff: new DelegateBackoff(retryDelay(options.baseDelayMs ?? 500, options.maxDelayMs ?? 30_000)),
    });
    const perAttempt = timeout(options.timeoutMs ?? 30_000, TimeoutStrategy.Aggressive);
    // Retries sit inside the breaker: the breaker counts a call that failed after all its
    // retries as one failure, and an open breaker refuses at once, without retrying.
    this.policy = wrap(this.breaker, retries, perAttempt);
  }

  async execute<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await this.policy.execute(({ signal }) => work(signal));
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new GapflowError('UPSTREAM_UNAVAILABLE', `${this.service} failed repeatedly; calls are paused for a while (circuit breaker open).`, { cause: error });
      }
      if (error instanceof TaskCancelledError) throw new GapflowError('UPSTREAM_TIMEOUT', `${this.service} did not answer in time.`, { cause: error });
      throw error;
    }
  }
}
