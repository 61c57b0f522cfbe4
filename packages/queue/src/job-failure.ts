import { ERROR_CODES, type GapflowError } from '@gapflow/core';

/** What a failed job's status says: a stable code and a sentence to act on. */
export interface JobFailure {
  code: string;
  message: string;
}

/**
 * The reason a job fails for good with, keeping the error's code: BullMQ stores only a message
 * (`failedReason`), so the code leads it (`DOCUMENT_REFUSED: The CV is a PDF …`), and
 * `jobFailureOf` reads it back.
 */
export function failureReasonOf(error: GapflowError): string {
  return `${error.code}: ${error.message}`;
}

const CODED = new RegExp(`^(${ERROR_CODES.join('|')}): ([\\s\\S]+)$`);
/** BullMQ's reason for a parent failed by its child (`failParentOnFailure`): "child {prefix}:queue:id failed". */
const CHILD_FAILED = /^child .+:([A-Za-z0-9_-]+) failed$/;

/**
 * A failed job's reason as its status gives it: the code it failed with when it kept one, a
 * pointer to the job it waited for when that one failed (not BullMQ's Redis key), else
 * `JOB_FAILED` with the message.
 */
export function jobFailureOf(failedReason: string | undefined): JobFailure {
  if (!failedReason) return { code: 'JOB_FAILED', message: 'The job failed.' };
  const coded = CODED.exec(failedReason);
  if (coded) return { code: coded[1] as string, message: coded[2] as string };
  const child = CHILD_FAILED.exec(failedReason);
  if (child) return { code: 'JOB_FAILED', message: `This job did not run: the job it waited for, ${child[1]}, failed. GET /v1/jobs/${child[1]} says why.` };
  return { code: 'JOB_FAILED', message: failedReason };
}
