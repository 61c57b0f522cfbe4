import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';
import { runLuaCommand } from './lua-scripts';

/**
 * Longest time one answer's evaluation may hold its question (all retries included); after
 * it the lock lapses even if a worker vanished without releasing it.
 */
export const ANSWER_LOCK_SECONDS = 600;

/**
 * One evaluation per question at a time, across every gateway and worker: the gateway takes
 * the lock before enqueueing (a second answer meanwhile is `CONFLICT`), the worker releases
 * it when the evaluation ends, for good or in failure.
 */
export class AnswerLock {
  constructor(
    private readonly client: RedisClient,
    private readonly keys: GapflowKeys,
  ) {}

  async acquire(sessionId: string, questionId: string, holder: string): Promise<boolean> {
    return (await this.client.set(this.keys.answerLock(sessionId, questionId), holder, 'EX', ANSWER_LOCK_SECONDS, 'NX')) === 'OK';
  }

  async release(sessionId: string, questionId: string, holder: string): Promise<boolean> {
    return (await runLuaCommand<number>(this.client, 'release-lock-1.lua', this.keys.answerLock(sessionId, questionId), holder)) === 1;
  }
}
