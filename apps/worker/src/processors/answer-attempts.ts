import type { AnswerAttemptCounter } from '@gapflow/state';

/**
 * Numbers the attempts of a question's final answer as clients see them. Within a run, the
 * answer graph counts attempts from 1 (a restart mid-stream, or the fallback taking over);
 * each of them takes the next number from the question's counter in Redis, so a run that
 * BullMQ retried, or a new job for an answer sent again after a failure, continues after every
 * attempt before it. So every attempt has its own number, its deltas their own idempotency
 * keys, and a client that keeps only the deltas of the latest attempt never splices two.
 */
export class AnswerAttempts {
  private readonly numbers = new Map<number, Promise<number>>();

  constructor(
    private readonly counter: AnswerAttemptCounter,
    private readonly sessionId: string,
    private readonly questionId: string,
  ) {}

  /** The number clients see for the graph's attempt `local` (from 1) of this run; taken once. */
  numberOf(local: number): Promise<number> {
    let number = this.numbers.get(local);
    if (!number) {
      number = this.counter.next(this.sessionId, this.questionId);
      this.numbers.set(local, number);
    }
    return number;
  }

  /** Whether no attempt of this run has a number yet (its first one may follow earlier runs'). */
  get firstOfRun(): boolean {
    return this.numbers.size === 0;
  }
}
