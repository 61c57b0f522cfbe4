import { GapflowError, isGapflowError } from '@gapflow/core';

/** The retry delay a 429 carries (`RetryInfo.retryDelay: "7s"`), in seconds. */
function retryDelayOf(message: string): number | undefined {
  const match = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/**
 * Any failure of a call to Gemini as a `GapflowError`: 429 and 5xx and network failures are
 * `UPSTREAM_UNAVAILABLE` (retryable; a 429 keeps the server's retry delay), timeouts
 * `UPSTREAM_TIMEOUT`, a refused request `INTERNAL` (ours to fix, not worth a retry). The
 * message never quotes the request, which holds CV text.
 */
export function toUpstreamError(error: unknown, provider = 'Gemini'): GapflowError {
  if (isGapflowError(error)) return error;
  const status = (error as { status?: unknown })?.status;
  const message = error instanceof Error ? error.message : String(error);
  const name = (error as { name?: unknown })?.name;
  // The SDK wraps what is not an `Error` of its realm (a DOMException, under jest) in one.
  const causeName = ((error as { cause?: { name?: unknown } })?.cause ?? {}).name;
  if ([name, causeName].some((n) => n === 'AbortError' || n === 'TimeoutError') || /timed? ?out/i.test(message)) {
    return new GapflowError('UPSTREAM_TIMEOUT', `${provider} did not answer in time.`, { cause: error });
  }
  if (status === 429) {
    const retryAfterSeconds = retryDelayOf(message);
    return new GapflowError('UPSTREAM_UNAVAILABLE', `${provider} is over its quota.`, { cause: error, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
  }
  if (typeof status === 'number' && status >= 500) {
    return new GapflowError('UPSTREAM_UNAVAILABLE', `${provider} failed (HTTP ${status}).`, { cause: error });
  }
  if (typeof status === 'number') {
    return new GapflowError('INTERNAL', `${provider} refused the request (HTTP ${status}).`, { cause: error });
  }
  return new GapflowError('UPSTREAM_UNAVAILABLE', `${provider} could not be reached.`, { cause: error });
}
