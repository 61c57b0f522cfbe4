import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { ERROR_CODES, Limits } from '@gapflow/core';
import { loadSample, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from './gateway.fixture';

const sample = loadSample('ml-engineer');

/** The gateway alone (no worker): what it accepts, refuses, and how it says so. */
describe('the gateway API', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let key: string;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis, { RATE_LIMIT_PER_MINUTE: '1000' });
    key = await gateway.keyFor('acme');
  });

  afterAll(async () => {
    await gateway.close();
    await redis.stop();
  });

  async function call(method: string, path: string, options: { body?: string | Buffer; headers?: Record<string, string>; apiKey?: string | null } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.apiKey !== null) headers.authorization = `Bearer ${options.apiKey ?? key}`;
    const response = await fetch(`${gateway.url}${path}`, { method, headers, ...(options.body !== undefined ? { body: options.body } : {}) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as { error?: { code: string; message: string; details?: { path: string }[] } } & Record<string, unknown>) : {} };
  }

  it.each<[string, number, string, Parameters<typeof call>]>([
    ['no API key', 401, 'UNAUTHORIZED', ['GET', '/v1/sessions/ses_x', { apiKey: null }]],
    ['an unknown API key', 401, 'UNAUTHORIZED', ['GET', '/v1/sessions/ses_x', { apiKey: 'gf_unknown_key_123456' }]],
    ['a body that is not JSON', 400, 'VALIDATION_FAILED', ['POST', '/v1/sessions', { body: '{"cv":' }]],
    ['a body that is a list', 400, 'VALIDATION_FAILED', ['POST', '/v1/sessions', { body: '[]' }]],
    ['a form body', 415, 'UNSUPPORTED_MEDIA_TYPE', ['POST', '/v1/sessions', { body: 'cv=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }]],
    ['a body over the limit', 413, 'PAYLOAD_TOO_LARGE', ['POST', '/v1/sessions', { body: JSON.stringify({ pad: 'x'.repeat(1_600_000) }) }]],
    ['a malformed session id', 400, 'VALIDATION_FAILED', ['GET', '/v1/sessions/%2A%3A%7B', {}]],
    ['an unknown session', 404, 'NOT_FOUND', ['GET', '/v1/sessions/ses_nothing', {}]],
    ['an unknown job', 404, 'NOT_FOUND', ['GET', '/v1/jobs/grp_x-q-gap-a', {}]],
    ['a job id of no known kind', 404, 'NOT_FOUND', ['GET', '/v1/jobs/whatever', {}]],
    ['a hostile Last-Event-ID', 400, 'VALIDATION_FAILED', ['GET', '/v1/sessions/ses_x/events', { headers: { 'last-event-id': '$; FLUSHALL' } }]],
  ])('answers %s with %i %s', async (_label, status, code, args) => {
    const response = await call(...args);
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(code);
    expect(response.body.error?.message.length).toBeGreaterThan(10);
  });

  describe('when the path is not valid percent-encoding', () => {
    it.each<[string, string]>([
      ['GET', '/v1/jobs/%E0%A4%A'],
      ['GET', '/v1/sessions/%E0%A4%A'],
      ['GET', '/v1/sessions/%E0%A4%A/report'],
      ['GET', '/v1/sessions/%E0%A4%A/events'],
      ['DELETE', '/v1/sessions/%E0%A4%A'],
      ['POST', '/v1/sessions/%E0%A4%A/questions'],
      ['POST', '/v1/sessions/%E0%A4%A/questions/q-1/answers'],
      ['POST', '/v1/sessions/ses_x/questions/%C0%AF/answers'],
      ['GET', '/v1/sessions/%'],
    ])('answers %s %s with 400 VALIDATION_FAILED, not 500', async (method, path) => {
      const response = await call(method, path, method === 'POST' ? { body: '{"text":"An answer."}' } : {});
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('VALIDATION_FAILED');
      expect(response.body.error?.message).toContain('percent-encoding');
    });
  });

  describe('when the body says it is compressed', () => {
    it('refuses a body that is not the gzip it claims with 400', async () => {
      const response = await call('POST', '/v1/sessions', { body: JSON.stringify(sample), headers: { 'content-encoding': 'gzip' } });
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('VALIDATION_FAILED');
      expect(response.body.error?.message).toContain('Content-Encoding');
    });

    it('reads a body that is the gzip it claims', async () => {
      const response = await call('POST', '/v1/sessions', { body: gzipSync(JSON.stringify({ ...sample, gaps: [] })), headers: { 'content-encoding': 'gzip' } });
      expect(response.status).toBe(201);
    });

    it('refuses an encoding it does not support with 415', async () => {
      const response = await call('POST', '/v1/sessions', { body: JSON.stringify(sample), headers: { 'content-encoding': 'compress' } });
      expect(response.status).toBe(415);
      expect(response.body.error?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(response.body.error?.message).toContain('Content-Encoding');
    });
  });

  describe('error messages say what is true', () => {
    it.each<[string, string]>([
      ['null', 'null'],
      ['"hi"', 'a string'],
      ['42', 'a number'],
      ['[]', 'an array'],
    ])('calls %s valid JSON of the wrong shape', async (body, kind) => {
      const response = await call('POST', '/v1/sessions', { body });
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('VALIDATION_FAILED');
      expect(response.body.error?.message).toContain(`valid JSON, but ${kind}`);
      expect(response.body.error?.message).toContain('must be a JSON object');
    });

    it('calls an empty JSON body empty, not a content-type problem', async () => {
      for (const body of [undefined, '']) {
        const response = await call('POST', '/v1/sessions', body === undefined ? {} : { body });
        expect(response.status).toBe(400);
        expect(response.body.error?.code).toBe('VALIDATION_FAILED');
        expect(response.body.error?.message).toContain('The body is empty');
      }
      // Chunked with no chunk: a body was announced, none came.
      const chunked = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const request = httpRequest(`${gateway.url}/v1/sessions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += String(chunk)));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        });
        request.on('error', reject);
        request.end();
      });
      expect(chunked.status).toBe(400);
      expect(chunked.text).toContain('The body is empty');
    });

    it('speaks of answers when an answer is too large, and of CVs when a session is', async () => {
      const answer = await call('POST', '/v1/sessions/ses_x/questions/q-1/answers', { body: JSON.stringify({ text: 'x'.repeat(70_000) }) });
      expect(answer.status).toBe(413);
      expect(answer.body.error?.code).toBe('PAYLOAD_TOO_LARGE');
      expect(answer.body.error?.message).toContain('An answer is at most 10,000 bytes');
      expect(answer.body.error?.message).not.toContain('CV');
      const session = await call('POST', '/v1/sessions', { body: JSON.stringify({ pad: 'x'.repeat(1_600_000) }) });
      expect(session.body.error?.message).toContain('a CV and a JD');
    });

    it.each<[string, string, string]>([
      ['PUT', '/v1/sessions/ses_x', 'GET, PATCH, DELETE, HEAD'],
      ['PATCH', '/v1/sessions', 'GET, POST, HEAD'],
      ['GET', '/v1/sessions/ses_x/questions', 'POST'],
      ['DELETE', '/v1/jobs/job-1', 'GET, HEAD'],
      ['POST', '/healthz', 'GET, HEAD'],
    ])('answers %s on %s, a path that exists, with 405 and Allow: %s', async (method, path, allow) => {
      const response = await call(method, path, method === 'GET' || method === 'DELETE' ? {} : { body: '{}' });
      expect(response.status).toBe(405);
      expect(response.body.error?.code).toBe('METHOD_NOT_ALLOWED');
      expect(response.headers.get('allow')).toBe(allow);
    });

    it('answers OPTIONS on a known path with its Allow', async () => {
      const response = await fetch(`${gateway.url}/v1/sessions/ses_x`, { method: 'OPTIONS' });
      expect(response.status).toBe(204);
      expect(response.headers.get('allow')).toBe('GET, PATCH, DELETE, HEAD');
    });

    it.each(['bearer', 'BEARER', 'bEaReR'])('accepts the scheme spelled %s (RFC 9110: schemes are case-insensitive)', async (scheme) => {
      const response = await call('GET', '/v1/sessions/ses_nothing', { apiKey: null, headers: { authorization: `${scheme} ${key}` } });
      expect(response.status).toBe(404);
    });
  });

  it('answers 201 Created with the Location of the new session', async () => {
    const created = await call('POST', '/v1/sessions', { body: JSON.stringify({ ...sample, gaps: [] }) });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/sessions/${String(created.body.id)}`);
    const read = await call('GET', created.headers.get('location') as string);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(created.body.id);
  });

  describe('with an Idempotency-Key', () => {
    const gaps = [
      { id: 'gap-a', skill: 'Go', severity: 'critical', reason: 'r', evidence: [] },
      { id: 'gap-b', skill: 'Rust', severity: 'important', reason: 'r', evidence: [] },
    ];

    it('replays the first group for the same body, however it is spelled', async () => {
      const created = await call('POST', '/v1/sessions', { body: JSON.stringify({ ...sample, gaps }) });
      const path = `/v1/sessions/${String(created.body.id)}/questions`;
      const first = await call('POST', path, { body: '{"gapIds":["gap-a"]}', headers: { 'idempotency-key': 'retry-1' } });
      const again = await call('POST', path, { body: '{ "gapIds": [ "gap-a" ] }', headers: { 'idempotency-key': 'retry-1' } });
      expect(first.status).toBe(202);
      expect(again.status).toBe(202);
      expect(again.body).toEqual(first.body);
    });

    it('refuses the key with a different body with 422, naming the key', async () => {
      const created = await call('POST', '/v1/sessions', { body: JSON.stringify({ ...sample, gaps }) });
      const path = `/v1/sessions/${String(created.body.id)}/questions`;
      const first = await call('POST', path, { body: '{"gapIds":["gap-a"]}', headers: { 'idempotency-key': 'retry-2' } });
      const other = await call('POST', path, { body: '{"gapIds":["gap-b"]}', headers: { 'idempotency-key': 'retry-2' } });
      expect(first.status).toBe(202);
      expect(other.status).toBe(422);
      expect(other.body.error?.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(other.body.error?.message).toContain('"retry-2"');
      // The first request is still the one the key stands for.
      const replay = await call('POST', path, { body: '{"gapIds":["gap-a"]}', headers: { 'idempotency-key': 'retry-2' } });
      expect(replay.body).toEqual(first.body);
    });
  });

  it('names each bad field of a session', async () => {
    const response = await call('POST', '/v1/sessions', { body: JSON.stringify({ cv: { skills: 'Go', experience: [] }, jd: { title: '', requirements: [] } }) });
    expect(response.status).toBe(400);
    expect(response.body.error?.details?.map((detail) => detail.path)).toEqual(['cv.skills', 'jd.title', 'jd.requirements']);
  });

  it('refuses questions while the gaps are still being computed (no worker runs here)', async () => {
    const created = await call('POST', '/v1/sessions', { body: JSON.stringify(sample) });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('analyzing');
    const submitted = await call('POST', `/v1/sessions/${String(created.body.id)}/questions`, { body: '{}' });
    expect(submitted.status).toBe(409);
    expect(submitted.body.error?.message).toContain('Wait for the gaps.ready event');
  });

  it('refuses gap ids that are not in the session, naming them', async () => {
    const gaps = [{ id: 'gap-a', skill: 'Go', severity: 'critical', reason: 'r', evidence: [] }];
    const created = await call('POST', '/v1/sessions', { body: JSON.stringify({ ...sample, gaps }) });
    const submitted = await call('POST', `/v1/sessions/${String(created.body.id)}/questions`, { body: JSON.stringify({ gapIds: ['gap-a', 'gap-zz'] }) });
    expect(submitted.status).toBe(400);
    expect(submitted.body.error?.message).toContain('gap-zz');
  });

  it('names every job of a group in its 202, and a child not yet created reads as waiting', async () => {
    const gaps = [{ id: 'gap-a', skill: 'Go', severity: 'critical', reason: 'r', evidence: [] }];
    const created = await call('POST', '/v1/sessions', { body: JSON.stringify({ ...sample, gaps }) });
    const submitted = await call('POST', `/v1/sessions/${String(created.body.id)}/questions`, { body: '{}' });
    expect(submitted.status).toBe(202);
    const jobs = submitted.body.jobs as { jobId: string; gapId: string }[];
    expect(jobs).toEqual([{ jobId: `${String(submitted.body.groupId)}-q-gap-a`, gapId: 'gap-a' }]);
    const job = await call('GET', `/v1/jobs/${jobs[0]?.jobId}`);
    expect(job.body).toMatchObject({ state: 'waiting', kind: 'question', sessionId: created.body.id });
    const other = await call('GET', `/v1/jobs/${jobs[0]?.jobId}`, { apiKey: await gateway.keyFor('globex') });
    expect(other.status).toBe(404);
  });

  it('limits requests per API key and says when to come back', async () => {
    const limited = await startTestGateway(redis, { RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const limitedKey = await limited.keyFor('tiny');
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let index = 0; index < 5; index += 1) {
        const response = await fetch(`${limited.url}/v1/sessions/ses_x`, { headers: { authorization: `Bearer ${limitedKey}` } });
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get('retry-after');
      }
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
      // Another key has its own budget.
      const otherKey = await limited.keyFor('tiny');
      expect((await fetch(`${limited.url}/v1/sessions/ses_x`, { headers: { authorization: `Bearer ${otherKey}` } })).status).toBe(404);
    } finally {
      await limited.close();
    }
  });

  it('sets security headers', async () => {
    const response = await fetch(`${gateway.url}/healthz`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('publishes an OpenAPI 3.1 document built from the request schemas, and interactive docs', async () => {
    const document = (await (await fetch(`${gateway.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, { maxLength?: number; maxItems?: number }> }> } };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/sessions', '/v1/sessions/{id}', '/v1/sessions/{id}/questions', '/v1/sessions/{id}/events', '/v1/jobs/{id}']));
    expect(document.components.schemas.CreateSessionRequest?.properties?.gaps?.maxItems).toBe(Limits.maxGaps);
    const errorCodes = (document.components.schemas.Error as unknown as { properties: { error: { properties: { code: { enum: string[] } } } } }).properties.error.properties.code.enum;
    expect(errorCodes).toEqual([...ERROR_CODES]);
    const docs = await fetch(`${gateway.url}/docs`);
    expect(docs.headers.get('content-type')).toContain('text/html');
    // Read to the end: an unread body of this size leaves fetch's socket paused, and the
    // paused socket never sees the server close, which kept the jest worker from exiting.
    const bundle = await fetch(`${gateway.url}/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(await bundle.text()).toContain('SwaggerUIBundle');
  });
});
