import type { Job } from 'bullmq';
import { GapflowError } from '@gapflow/core';
import type { GapflowQueues } from './gapflow-queues';
import { QUEUE_NAMES, type QueueName } from './queue-names';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'waiting-children'] as const;
/** The states `clean` removes from: what has ended, or never started. */
const CLEANABLE = ['completed', 'failed', 'waiting', 'delayed'] as const;
export type CleanableState = (typeof CLEANABLE)[number];

/** A queue as an operator sees it: summed over every shard (QUEUE_SHARDS). */
export interface QueueOverview {
  queue: QueueName;
  counts: Record<(typeof STATES)[number], number>;
  /** Paused on every shard (`pause`); workers take none of its jobs. */
  paused: boolean;
  /** The shards on which it is paused: a pause cut short leaves some paused and some not. */
  pausedShards: number;
  /** How long the oldest waiting job has waited; 0 when none waits. */
  oldestWaitingSeconds: number;
}

/** A failed job as `retry-failed` lists it: its id and the reason it failed, in words. */
export interface FailedJob {
  queue: QueueName;
  jobId: string;
  failedAt: string;
  reason: string;
}

function queueNamed(name: string): QueueName {
  const known = Object.values(QUEUE_NAMES) as string[];
  if (!known.includes(name)) throw new GapflowError('VALIDATION_FAILED', `There is no queue "${name}"; the queues are ${known.join(', ')}.`);
  return name as QueueName;
}

/**
 * What an operator does with the queues in an incident, for the CLI and runbooks: the same
 * operations a queue dashboard offers, over every shard at once. A replayed job runs its
 * processor again, whose writes are idempotent and whose events are announced once.
 */
export class QueueControls {
  constructor(private readonly queues: GapflowQueues) {}

  async overview(): Promise<QueueOverview[]> {
    const overviews: QueueOverview[] = [];
    for (const name of Object.values(QUEUE_NAMES)) {
      const counts = Object.fromEntries(STATES.map((state) => [state, 0])) as QueueOverview['counts'];
      let pausedShards = 0;
      let oldest: number | undefined;
      for (const prefix of this.queues.prefixes) {
        const queue = this.queues.queue(name, prefix);
        const shard = await queue.getJobCounts(...STATES);
        for (const state of STATES) counts[state] += shard[state] ?? 0;
        if (await queue.isPaused()) pausedShards += 1;
        const [first] = await queue.getJobs(['wait'], 0, 0, true);
        if (first && (oldest === undefined || first.timestamp < oldest)) oldest = first.timestamp;
      }
      overviews.push({ queue: name, counts, paused: pausedShards === this.queues.prefixes.length, pausedShards, oldestWaitingSeconds: oldest === undefined ? 0 : Math.round((Date.now() - oldest) / 1000) });
    }
    return overviews;
  }

  /** Workers stop taking the queue's jobs (those running finish); jobs keep arriving and wait. */
  async pause(name: string): Promise<void> {
    const queue = queueNamed(name);
    for (const prefix of this.queues.prefixes) await this.queues.queue(queue, prefix).pause();
  }

  async resume(name: string): Promise<void> {
    const queue = queueNamed(name);
    for (const prefix of this.queues.prefixes) await this.queues.queue(queue, prefix).resume();
  }

  /**
   * Runs again the queue's jobs that failed for good — those that failed within `sinceMs` if
   * given — or, with `dryRun`, only lists them. Each runs as on its first run.
   */
  async retryFailed(name: string, options: { sinceMs?: number; dryRun?: boolean } = {}): Promise<FailedJob[]> {
    const queue = queueNamed(name);
    const from = options.sinceMs === undefined ? 0 : Date.now() - options.sinceMs;
    const retried: FailedJob[] = [];
    for (const prefix of this.queues.prefixes) {
      const failed = (await this.queues.queue(queue, prefix).getFailed(0, -1)) as Job[];
      for (const job of failed) {
        const failedAt = job.finishedOn ?? job.timestamp;
        if (failedAt < from || !job.id) continue;
        retried.push({ queue, jobId: job.id, failedAt: new Date(failedAt).toISOString(), reason: job.failedReason ?? '' });
        // As on a first run: all its attempts again, or one transient error would fail it for good.
        if (!options.dryRun) await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      }
    }
    return retried;
  }

  /** Removes the queue's jobs in `state` older than `olderThanMs`; how many went. */
  async clean(name: string, state: string, olderThanMs: number): Promise<number> {
    const queue = queueNamed(name);
    if (!(CLEANABLE as readonly string[]).includes(state)) {
      throw new GapflowError('VALIDATION_FAILED', `clean removes jobs that are ${CLEANABLE.join(', ')}, not "${state}" (active jobs belong to their workers).`);
    }
    const type = state === 'waiting' ? 'wait' : (state as 'completed' | 'failed' | 'delayed');
    let removed = 0;
    // A bound per call rather than none: a queue of millions is cleaned over several runs.
    for (const prefix of this.queues.prefixes) removed += (await this.queues.queue(queue, prefix).clean(olderThanMs, 100_000, type)).length;
    return removed;
  }
}
