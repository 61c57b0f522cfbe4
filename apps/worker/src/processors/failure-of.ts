import { defectReason, isGapflowError, type FailedGap } from '@gapflow/core';

/**
 * What a person is told when a gap's question could not be written: the error's code and a
 * sentence they can act on. A defect is named by its class only: its message may quote the
 * CV or the job description (see `defectReason`).
 */
export function failureOf(gapId: string, skill: string, error: unknown): FailedGap {
  if (isGapflowError(error)) {
    return { gapId, code: error.code, message: `No question could be written for ${skill}: ${error.message} Submit this gap again to retry.` };
  }
  return {
    gapId,
    code: 'INTERNAL',
    message: `No question could be written for ${skill} (${defectReason(error)}). Submit this gap again to retry; if it keeps failing, report the session id.`,
  };
}
