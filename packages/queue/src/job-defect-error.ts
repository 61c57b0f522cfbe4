import { defectReason } from '@gapflow/core';

/**
 * What a job fails with when its processor threw a defect (any error but a `GapflowError`):
 * BullMQ stores the thrown error's message as the job's failure reason and its stack in the
 * job, both readable by clients, so they carry the defect's class and a fixed sentence only.
 * The defect itself rides along for the worker's log (`defectForLog`).
 */
export class JobDefectError extends Error {
  // A literal, not `this.constructor.name`, which minifiers rename.
  override readonly name = 'JobDefectError';

  constructor(readonly defect: unknown) {
    super(defectReason(defect));
    // The stack BullMQ records: this message and the defect's frames, never its message.
    const frames = typeof (defect as { stack?: unknown })?.stack === 'string' ? ((defect as Error).stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)) : [];
    this.stack = [`${this.name}: ${this.message}`, ...frames].join('\n');
  }
}

/** True for a `JobDefectError`, also across bundles. */
export function isJobDefectError(value: unknown): value is JobDefectError {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'JobDefectError' && 'defect' in value;
}
