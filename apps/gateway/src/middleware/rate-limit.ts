import type { NextFunction, Request, Response } from 'express';
import { GapflowError } from '@gapflow/core';
import type { RateLimiter } from '@gapflow/state';

/** Per-key limit shared by every gateway replica; 429 with `Retry-After` past it. */
export function rateLimit(limiter: RateLimiter) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const decision = await limiter.take(req.apiKeyHash);
    res.setHeader('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      next(new GapflowError('RATE_LIMITED', `Too many requests for this API key. Try again in ${decision.retryAfterSeconds} s.`, { retryAfterSeconds: decision.retryAfterSeconds }));
      return;
    }
    next();
  };
}
