import { errorFromResponse } from './error-from-response';
import { parseRetryAfterSeconds } from './retry-after';

describe('turning an error answer into a typed error', () => {
  it('keeps the code, message, details and request id of a gapflow error body, and Retry-After', async () => {
    const body = { error: { code: 'RATE_LIMITED', message: 'Too many requests for this API key. Try again in 3 s.', requestId: 'req-9', details: [{ path: '', message: 'm' }] } };
    const error = await errorFromResponse(new Response(JSON.stringify(body), { status: 429, headers: { 'Retry-After': '3' } }), 'GET /v1/jobs/j');
    expect(error).toMatchObject({ name: 'GapflowError', code: 'RATE_LIMITED', status: 429, requestId: 'req-9', retryAfterSeconds: 3, message: body.error.message, details: body.error.details });
  });

  it('names the code the gateway would use when something else answered (a proxy page)', async () => {
    const error = await errorFromResponse(new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'X-Request-Id': 'edge-1' } }), 'GET /v1/sessions/s');
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 502, requestId: 'edge-1' });
    expect(error.message).toContain('GET /v1/sessions/s answered HTTP 502');
  });

  it('does not take a code it does not know from a body', async () => {
    const error = await errorFromResponse(new Response(JSON.stringify({ error: { code: 'SOMETHING_NEW', message: 'm' } }), { status: 409 }), 'x');
    expect(error.code).toBe('CONFLICT');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(parseRetryAfterSeconds('120', now)).toBe(120);
    expect(parseRetryAfterSeconds('Sun, 29 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfterSeconds('soon', now)).toBeUndefined();
    expect(parseRetryAfterSeconds(null, now)).toBeUndefined();
  });
});
