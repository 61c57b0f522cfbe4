import type { ErrorCode } from './error-code';
import { isGapflowError, type ErrorDetail } from './gapflow-error';

export interface HttpErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: ErrorDetail[];
    requestId?: string;
  };
}

export interface HttpErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: HttpErrorBody;
}

export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'METHOD_NOT_ALLOWED':
      return 405;
    case 'CONFLICT':
      return 409;
    case 'SESSION_EXPIRED':
      return 410;
    case 'IDEMPOTENCY_KEY_REUSED':
    case 'DOCUMENT_REFUSED':
      return 422;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'RATE_LIMITED':
      return 429;
    case 'UPSTREAM_INVALID_OUTPUT':
      return 502;
    case 'UPSTREAM_UNAVAILABLE':
      return 503;
    case 'UPSTREAM_TIMEOUT':
      return 504;
    case 'CONFIG_INVALID':
    case 'INTERNAL':
      return 500;
    default:
      return assertNever(code);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled error code: ${String(value)}`);
}

/**
 * The HTTP answer for anything thrown while serving a request. A `GapflowError` keeps its
 * code and message; anything else becomes `INTERNAL` with a generic message, so internals
 * (stack traces, driver messages that may quote input) never reach a client.
 */
export function toHttpError(error: unknown, requestId?: string): HttpErrorResponse {
  if (!isGapflowError(error)) {
    return {
      status: 500,
      headers: {},
      body: {
        error: {
          code: 'INTERNAL',
          message: 'Something went wrong on our side. Try again; if it persists, report the requestId.',
          ...(requestId ? { requestId } : {}),
        },
      },
    };
  }
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) {
    headers['Retry-After'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
  }
  const status = httpStatusFor(error.code);
  // Config problems are ours, not the client's: do not tell them which variable is wrong.
  const message =
    error.code === 'CONFIG_INVALID'
      ? 'The service is misconfigured. Try again later; if it persists, report the requestId.'
      : error.message;
  return {
    status,
    headers,
    body: {
      error: {
        code: error.code,
        message,
        ...(error.details && error.details.length > 0 ? { details: error.details } : {}),
        ...(requestId ? { requestId } : {}),
      },
    },
  };
}
