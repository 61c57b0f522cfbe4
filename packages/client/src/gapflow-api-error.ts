import { GapflowError, type ErrorCode, type ErrorDetail } from '@gapflow/core';

export interface GapflowApiErrorOptions {
  /** The HTTP status of the response; `0` when no response arrived. */
  status: number;
  /** The gateway's `requestId` (also its `X-Request-Id` header), to quote in a report. */
  requestId?: string | undefined;
  details?: ErrorDetail[] | undefined;
  /** From `Retry-After` (429, 503): when trying again makes sense. */
  retryAfterSeconds?: number | undefined;
  cause?: unknown;
}

/**
 * An error answer of the gapflow API, as a `GapflowError` (so `isGapflowError(e, 'NOT_FOUND')`
 * works on it) that also carries the HTTP status and the request id.
 */
export class GapflowApiError extends GapflowError {
  readonly status: number;
  readonly requestId: string | undefined;

  constructor(code: ErrorCode, message: string, options: GapflowApiErrorOptions) {
    super(code, message, { details: options.details, retryAfterSeconds: options.retryAfterSeconds, cause: options.cause });
    this.status = options.status;
    this.requestId = options.requestId;
  }
}

/** True for an error answer of the API (optionally of one code), also across bundles. */
export function isGapflowApiError(value: unknown, code?: ErrorCode): value is GapflowApiError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown; status?: unknown };
  if (candidate.name !== 'GapflowError' || typeof candidate.code !== 'string' || typeof candidate.status !== 'number') return false;
  return code === undefined || candidate.code === code;
}
