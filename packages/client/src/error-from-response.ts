import { ERROR_CODES, ErrorResponseBody, type ErrorCode } from '@gapflow/core';
import { GapflowApiError } from './gapflow-api-error';
import { parseRetryAfterSeconds } from './retry-after';

/**
 * The code of a status whose body is not ours (a proxy's 502 page, a load balancer's 503):
 * the code the gateway itself would have used for that status.
 */
function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'VALIDATION_FAILED';
    case 401:
    case 403:
      return 'UNAUTHORIZED';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 409:
      return 'CONFLICT';
    case 410:
      return 'SESSION_EXPIRED';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 502:
    case 503:
      return 'UPSTREAM_UNAVAILABLE';
    case 504:
      return 'UPSTREAM_TIMEOUT';
    default:
      return 'INTERNAL';
  }
}

function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

/** The typed error of a non-2xx response; `what` names the call, e.g. `GET /v1/sessions/ses_1`. */
export async function errorFromResponse(response: Response, what: string): Promise<GapflowApiError> {
  const retryAfterSeconds = parseRetryAfterSeconds(response.headers.get('retry-after'));
  const text = await response.text().catch(() => '');
  let parsed: ErrorResponseBody | undefined;
  try {
    const result = ErrorResponseBody.safeParse(JSON.parse(text));
    if (result.success) parsed = result.data;
  } catch {
    // Not JSON: a proxy's page. The status alone says what happened.
  }
  const code = parsed && isErrorCode(parsed.error.code) ? parsed.error.code : codeForStatus(response.status);
  const message = parsed?.error.message ?? `${what} answered HTTP ${response.status} without a gapflow error body; something between you and the gateway answered instead.`;
  return new GapflowApiError(code, message, {
    status: response.status,
    requestId: parsed?.error.requestId ?? response.headers.get('x-request-id') ?? undefined,
    details: parsed?.error.details,
    retryAfterSeconds,
  });
}
