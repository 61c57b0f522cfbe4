import { DelayedError, RateLimitError, UnrecoverableError, WaitingChildrenError, WaitingError, Worker, type Job, type WorkerOptions } from 'bullmq';
import { isGapflowError, isThreadRaceError } from '@gapflow/core';
import { SpanKind } from '@opentelemetry/api';
import { contextFrom, inSpan } from '@gapflow/observability';
import { JobPayloads, type JobPayload } from './job-payloads';
import { JobDefectError } from './job-defect-error';
import type { QueueName } from './queue-names';

export interface GapflowWorkerOptions {
  connection: WorkerOptions['connection'];
  prefix: string;
  /** Jobs this worker runs at once. @defaultValue 8 */
  concurrency?: number;
  /** How often stalled jobs (of dead workers) are looked for. @defaultValue 30000 */
  stalledIntervalMs?: number;
  /** How long a job's lock lasts without renewal. @defaultValue 30000 */
  lockDurationMs?: number;
  /**
   * Told of a run that lost the race for its graph thread, for the log: `retried` when its job
   * was delayed to be tried again; false when this run had lost the job's lock too (the job
   * runs elsewhere already), so it was simply dropped.
   */
  onThreadRace?: (job: Job, retried: boolean) => void;
  /**
   * How a lost race is tried again: after `delayMs` (plus up to half as much jitter), at most
   * `maxRetries` times. The processors' failure bookkeeping assumes the default (see
   * `isRetriedThreadRace`): change it in tests only. @defaultValue 1000 ms, 60
   */
  threadRaceRetry?: { delayMs: number; maxRetries: number };
}

/**
 * Sixty retries of a second or more: longer than a lock lapse plus the slowest model call, so
 * the winning run has ended before the loser gives up (and records a failure beside it).
 */
const THREAD_RACE_RETRY = { delayMs: 1_000, maxRetries: 60 };

/**
 * Whether a run that failed with `error` lost a race for its graph thread and will be tried
 * again for it, without spending an attempt: then there is no failure to record. A job that
 * keeps losing (some cause that does not pass) stops being retried for it after
 * `maxRetries`: the race then fails the attempt like any defect, and is recorded.
 */
export function isRetriedThreadRace(error: unknown, job: Job, maxRetries = THREAD_RACE_RETRY.maxRetries): boolean {
  // attemptsStarted counts every start (races and stalls included); attemptsMade the failures.
  return isThreadRaceError(error) && job.attemptsStarted - job.attemptsMade <= maxRetries;
}

/** What a processor gets: the validated payload, and the BullMQ job for progress and attempts. */
export type JobHandler<Q extends QueueName> = (payload: JobPayload<Q>, job: Job) => Promise<unknown>;

/** True on the last attempt a job gets: a failure now is final. */
export function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/** The errors a processor throws to steer BullMQ (move to delayed, wait for children, …): passed on as they are. */
function isBullMqSignal(error: unknown): boolean {
  return error instanceof DelayedError || error instanceof WaitingChildrenError || error instanceof WaitingError || error instanceof RateLimitError || error instanceof UnrecoverableError;
}

/**
 * A BullMQ worker whose payloads are validated against the catalog before the handler runs.
 * A payload that does not validate fails at once (no retry can fix it). A defect (any error
 * but a `GapflowError`) fails the attempt as a `JobDefectError`, whose message — the job's
 * failure reason — names only the defect's class. A run that lost the race for its graph
 * thread to another run of the same job (`ThreadRaceError`) is delayed and tried again, without
 * spending an attempt: the thread is fine, this run was simply second (see `isRetriedThreadRace`).
 *
 * @example
 * const worker = defineWorker('questions', async ({ sessionId, gapId }) => …, { connection, prefix });
 */
export function defineWorker<Q extends QueueName>(queueName: Q, handler: JobHandler<Q>, options: GapflowWorkerOptions): Worker {
  const raceRetry = options.threadRaceRetry ?? THREAD_RACE_RETRY;
  return new Worker(
    queueName,
    async (job: Job, token?: string) => {
      const parsed = JobPayloads[queueName].safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`Invalid ${queueName} payload: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
      const payload = parsed.data as JobPayload<Q>;
      // Continues the trace of whoever enqueued the job (messaging semantic conventions).
      return inSpan(
        `process ${queueName}`,
        {
          kind: SpanKind.CONSUMER,
          parent: contextFrom((payload as { trace?: Record<string, string> }).trace),
          attributes: { 'messaging.system': 'bullmq', 'messaging.operation.type': 'process', 'messaging.destination.name': queueName, 'messaging.message.id': String(job.id), 'gapflow.attempt': job.attemptsMade + 1 },
        },
        () =>
          handler(payload, job).catch(async (error: unknown) => {
            if (isRetriedThreadRace(error, job, raceRetry.maxRetries) && token) {
              // Refused when this run's lock lapsed (the job was handed out again): then the
              // job is another run's now, and this one only has to stop.
              const delayMs = raceRetry.delayMs * (1 + Math.random() / 2);
              const retried = await job.moveToDelayed(Date.now() + delayMs, token).then(
                () => true,
                () => false,
              );
              options.onThreadRace?.(job, retried);
              throw new DelayedError();
            }
            throw isGapflowError(error) || isBullMqSignal(error) ? error : new JobDefectError(error);
          }),
      );
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 8,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      lockDuration: options.lockDurationMs ?? 30_000,
      maxStalledCount: 2,
    },
  );
}
