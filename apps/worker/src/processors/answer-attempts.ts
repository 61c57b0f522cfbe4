import type { EventStream } from '@gapflow/state';

/** Session events read per round trip while looking for earlier attempts. */
const PAGE_SIZE = 500;

/**
 * Numbers the attempts of a question's final answer as clients see them, across the runs of
 * its evaluation job. Within a run, the answer graph counts attempts from 1 (a restart mid-
 * stream, or the fallback taking over); a run that BullMQ retried continues after the highest
 * attempt an earlier run already published, found in the session's events. So every attempt
 * has its own number, its deltas their own idempotency keys, and a client that keeps only the
 * deltas of the latest attempt never splices two.
 */
export class AnswerAttempts {
  private earlier: Promise<number> | undefined;

  constructor(
    private readonly events: EventStream,
    private readonly sessionId: string,
    private readonly questionId: string,
    /** Whether this run is a retry of the job (an earlier run may have published deltas). */
    private readonly retried: boolean,
  ) {}

  /** The number clients see for the graph's attempt `local` (from 1) of this run. */
  async numberOf(local: number): Promise<number> {
    return (await this.earlierAttempts()) + local;
  }

  /** The highest attempt earlier runs published; read once per run, and only on a retry. */
  private earlierAttempts(): Promise<number> {
    this.earlier ??= this.retried ? this.highestPublished() : Promise.resolve(0);
    return this.earlier;
  }

  private async highestPublished(): Promise<number> {
    let highest = 0;
    for (let after = '0'; ; ) {
      const page = await this.events.read(this.sessionId, after, PAGE_SIZE);
      for (const event of page) {
        if (event.type !== 'answer.delta' && event.type !== 'answer.restarted') continue;
        const data = event.data as { questionId?: unknown; attempt?: unknown };
        if (data.questionId === this.questionId && typeof data.attempt === 'number') highest = Math.max(highest, data.attempt);
      }
      if (page.length < PAGE_SIZE) return highest;
      after = page[page.length - 1]!.id;
    }
  }
}
