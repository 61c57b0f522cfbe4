import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';
import type { StoreOptions } from './session-store';

/**
 * Numbers the attempts at each question's final answer across every job that writes it: a
 * BullMQ retry of one job, and a new job for an answer sent again after a failure, alike.
 * Deltas are published with their attempt in their idempotency key, so a number used twice
 * would make the event stream drop the second attempt's deltas as duplicates.
 *
 * Lives as long as the session (touched and erased with its records).
 *
 * @example
 * const attempt = await counter.next(sessionId, questionId); // 1, then 2, 3, …
 */
export class AnswerAttemptCounter {
  private readonly client: RedisClient;
  private readonly keys: GapflowKeys;
  private readonly ttlSeconds: number;

  constructor(options: StoreOptions) {
    this.client = options.client;
    this.keys = options.keys;
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
  }

  /** Takes the next attempt number of the question's answer (from 1); no two calls get the same. */
  async next(sessionId: string, questionId: string): Promise<number> {
    const key = this.keys.answerAttempts(sessionId);
    const replies = await this.client.multi().hincrby(key, questionId, 1).expire(key, this.ttlSeconds).exec();
    const [error, attempt] = replies?.[0] ?? [new Error('The attempt counter transaction was discarded.'), undefined];
    if (error) throw error;
    return Number(attempt);
  }
}
