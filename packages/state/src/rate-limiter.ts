import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';

export interface RateDecision {
  allowed: boolean;
  /** Requests left in the current minute. */
  remaining: number;
  /** Seconds until the current minute ends (when a refused request may try again). */
  retryAfterSeconds: number;
}

/**
 * Requests per minute per API key, counted in Redis so that every gateway replica enforces
 * one shared limit. A fixed one-minute window: simple, one INCR per request, and at most
 * twice the limit across a window boundary, which is acceptable for abuse protection.
 */
export class RateLimiter {
  constructor(
    private readonly client: RedisClient,
    private readonly keys: GapflowKeys,
    private readonly perMinute: number,
  ) {}

  async take(keyHash: string, now = Date.now()): Promise<RateDecision> {
    const minute = Math.floor(now / 60_000);
    const key = this.keys.rateWindow(keyHash, minute);
    const replies = await this.client.multi().incr(key).expire(key, 120).exec();
    const count = Number(replies?.[0]?.[1] ?? 0);
    const retryAfterSeconds = Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1_000));
    return { allowed: count <= this.perMinute, remaining: Math.max(0, this.perMinute - count), retryAfterSeconds };
  }
}
