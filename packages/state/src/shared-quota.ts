import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-connection';
import { GapflowError } from '@gapflow/core';
import type { GapflowKeys } from './keys';
import { runLuaCommand } from './lua-scripts';

export interface QuotaLimits {
  requestsPerWindow: number;
  tokensPerWindow: number;
}

export interface SharedQuotaOptions {
  client: RedisClient;
  keys: GapflowKeys;
  /** Limits per model; a model without limits is not metered. */
  limitsFor: (model: string) => QuotaLimits | undefined;
  /** The window the limits apply to. @defaultValue 60000 (per minute) */
  windowMs?: number;
  /** Longest a call waits for quota before giving up with RATE_LIMITED. @defaultValue 2 windows */
  maxWaitMs?: number;
  /** Told whenever a call has to wait, for metrics and logs. */
  onWait?: (model: string, waitMs: number) => void;
}

/**
 * One quota per model shared by every worker process: requests and tokens per window,
 * counted in Redis over a sliding window, so ten workers together never send more than one
 * key allows in any window. A call that does not fit waits (visibly: `onWait`); one that
 * would wait too long is `RATE_LIMITED`, which the fallback model answers instead.
 */
export class SharedQuota {
  readonly stats = { waits: 0, waitedMs: 0, refused: 0 };
  private readonly windowMs: number;
  private readonly maxWaitMs: number;

  constructor(private readonly options: SharedQuotaOptions) {
    // Counted over a slightly longer window than promised: a request granted at the very end
    // of a window reaches the provider a few milliseconds later, and the provider counts
    // arrivals (the first call of a process, setting up its client, took ~100 ms here). The
    // guard keeps the provider's count within the limit too.
    const windowMs = options.windowMs ?? 60_000;
    this.windowMs = windowMs + Math.max(250, windowMs * 0.05);
    this.maxWaitMs = options.maxWaitMs ?? 2 * windowMs;
  }

  async acquire(model: string, estimatedTokens: number, signal?: AbortSignal): Promise<void> {
    const limits = this.options.limitsFor(model);
    if (!limits) return;
    const started = Date.now();
    const id = randomUUID();
    for (;;) {
      const waitMs = await runLuaCommand<number>(
        this.options.client,
        'take-quota-3.lua',
        this.options.keys.quotaRequests(model),
        this.options.keys.quotaTokens(model),
        this.options.keys.quotaTokensUsed(model),
        Date.now(),
        this.windowMs,
        limits.requestsPerWindow,
        limits.tokensPerWindow,
        Math.max(1, Math.ceil(estimatedTokens)),
        id,
      );
      if (waitMs <= 0) return;
      if (Date.now() + waitMs - started > this.maxWaitMs) {
        this.stats.refused += 1;
        throw new GapflowError('RATE_LIMITED', `The shared quota of ${model} is used up for now.`, { retryAfterSeconds: waitMs / 1000 });
      }
      this.stats.waits += 1;
      this.stats.waitedMs += waitMs;
      this.options.onWait?.(model, waitMs);
      // A little jitter, so that waiting workers do not all try again at the same instant.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, waitMs + Math.random() * 20);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason ?? new Error('aborted'));
        }, { once: true });
      });
    }
  }
}
