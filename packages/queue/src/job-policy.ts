import type { JobsOptions } from 'bullmq';

export interface JobPolicyOptions {
  /** Tries per job, the first included. @defaultValue 3 */
  attempts?: number;
  /** First retry delay; each next one doubles, with jitter. @defaultValue 1000 */
  backoffMs?: number;
  /** How long finished jobs stay readable (`GET /v1/jobs/{id}`). @defaultValue 86400 */
  keepFinishedSeconds?: number;
}

/** Jobs that failed for good kept per queue, at most, for an operator to read and replay. */
const KEEP_FAILED = 10_000;

/**
 * Retries with exponential backoff and jitter (so a fleet's retries do not arrive together),
 * and finished jobs kept as long as a session lives, then dropped; failed ones also bounded
 * in number, with the reason they failed (`gapflow queues retry-failed` replays them).
 */
export function jobPolicy(options: JobPolicyOptions = {}): JobsOptions {
  const keep = { age: options.keepFinishedSeconds ?? 86_400 };
  return {
    attempts: options.attempts ?? 3,
    backoff: { type: 'exponential', delay: options.backoffMs ?? 1_000, jitter: 0.5 },
    removeOnComplete: keep,
    removeOnFail: { ...keep, count: KEEP_FAILED },
  };
}
