import { isGapflowApiError } from '@gapflow/client';

/** A sentence for the person in front of the page: the API's own message, which says what to do. */
export function describeError(error: unknown): string {
  if (isGapflowApiError(error)) {
    if (error.status === 429 && error.retryAfterSeconds !== undefined) return `${error.message} (try again in ${error.retryAfterSeconds} s)`;
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong; reload the page to try again.';
}
