import { ERROR_CODES, type ErrorCode } from './error-code';
import { GapflowError, isGapflowError } from './gapflow-error';
import { httpStatusFor, toHttpError } from './http-error';

describe('turning errors into HTTP answers', () => {
  it.each<[ErrorCode, number]>([
    ['VALIDATION_FAILED', 400],
    ['UNAUTHORIZED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['METHOD_NOT_ALLOWED', 405],
    ['CONFLICT', 409],
    ['SESSION_EXPIRED', 410],
    ['IDEMPOTENCY_KEY_REUSED', 422],
    ['DOCUMENT_REFUSED', 422],
    ['PAYLOAD_TOO_LARGE', 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415],
    ['RATE_LIMITED', 429],
    ['UPSTREAM_INVALID_OUTPUT', 502],
    ['UPSTREAM_UNAVAILABLE', 503],
    ['UPSTREAM_TIMEOUT', 504],
    ['CONFIG_INVALID', 500],
    ['INTERNAL', 500],
  ])('maps %s to %i', (code, status) => {
    expect(httpStatusFor(code)).toBe(status);
  });

  it('has a status for every code there is', () => {
    for (const code of ERROR_CODES) expect(httpStatusFor(code)).toBeGreaterThanOrEqual(400);
  });

  it('keeps the code, message and details of a GapflowError', () => {
    const error = new GapflowError('VALIDATION_FAILED', 'cv.skills: must be a list', {
      details: [{ path: 'cv.skills', message: 'must be a list' }],
    });
    expect(toHttpError(error, 'req-1')).toEqual({
      status: 400,
      headers: {},
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'cv.skills: must be a list',
          details: [{ path: 'cv.skills', message: 'must be a list' }],
          requestId: 'req-1',
        },
      },
    });
  });

  it('tells a rate-limited client when to come back, in whole seconds', () => {
    const error = new GapflowError('RATE_LIMITED', 'Too many requests.', { retryAfterSeconds: 2.2 });
    expect(toHttpError(error).headers).toEqual({ 'Retry-After': '3' });
  });

  it('hides what an unexpected error says', () => {
    const response = toHttpError(new Error('ECONNREFUSED 10.0.0.7:6379 while writing cv of Ada'), 'req-2');
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(response.body)).not.toContain('Ada');
    expect(response.body.error.requestId).toBe('req-2');
  });

  it('does not tell a client which variable is misconfigured', () => {
    const response = toHttpError(new GapflowError('CONFIG_INVALID', 'GEMINI_API_KEY is malformed'));
    expect(response.body.error.message).not.toContain('GEMINI_API_KEY');
  });

  it('recognises a GapflowError by its name and code, also when it crossed a boundary as data', () => {
    const error = new GapflowError('NOT_FOUND', 'no such session');
    expect(isGapflowError(error)).toBe(true);
    expect(isGapflowError(error, 'NOT_FOUND')).toBe(true);
    expect(isGapflowError(error, 'CONFLICT')).toBe(false);
    expect(isGapflowError({ name: 'GapflowError', code: 'CONFLICT' }, 'CONFLICT')).toBe(true);
    expect(isGapflowError(new Error('plain'))).toBe(false);
    expect(error.name).toBe('GapflowError');
  });
});
