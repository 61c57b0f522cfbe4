import { request as httpRequest } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { ERROR_CODES } from '@gapflow/core';
import { loadSample, scanKeys, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from './gateway.fixture';

const sample = loadSample('sales-manager');
const HOSTILE = ['__proto__', 'constructor', '{gapflow}:*', '*', '%00', '\u0000', '../../etc/passwd', '<script>alert(1)</script>', "' OR 1=1 --", 'x'.repeat(5_000), '🦄'.repeat(100), '-1', '1e309', 'null'];

/** Anything a careless or hostile client could put in a JSON body. */
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 300 }),
  fc.integer(),
  fc.double(),
  fc.constant(null),
);

/** A valid session request with one part replaced by something hostile. */
const mutatedSession = fc
  .tuple(fc.constantFrom('cv', 'jd', 'gaps', 'cv.skills', 'cv.experience', 'jd.requirements', 'jd.title', 'jd.seniority', 'gaps.0.id', 'gaps.0.severity'), hostileValue)
  .map(([path, value]) => {
    const body = JSON.parse(JSON.stringify({ ...sample, gaps: [{ id: 'gap-a', skill: 'Go', severity: 'critical', reason: 'r', evidence: [] }] })) as Record<string, unknown>;
    const parts = path.split('.');
    let target: Record<string, unknown> = body;
    for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
    target[parts[parts.length - 1] as string] = value;
    return JSON.stringify(body);
  });

const bodies = fc.oneof(
  mutatedSession,
  hostileValue.map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('', '{', '{"cv":', '[]', '"x"', '{"gapIds":"all"}', '{"gapIds":[1,2]}', '{"text":{}}'),
  fc.constant(JSON.stringify({ cv: { skills: [], experience: [], summary: 'x'.repeat(120_000) }, jd: sample.jd })),
);

const ids = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom(...HOSTILE), fc.constant('ses_valid_but_unknown'));

const requests = fc.record({
  route: fc.constantFrom('create', 'get', 'questions', 'events', 'job', 'unknown'),
  id: ids,
  body: bodies,
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''),
  authorization: fc.constantFrom('valid', 'none', 'Bearer ', 'Basic abc', 'Bearer gf_not_a_real_key_at_all', 'Bearer \u00e9\u00e9\u00e9'),
  idempotencyKey: fc.option(fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom(...HOSTILE)), { nil: undefined }),
  lastEventId: fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('0', '1-1', '99999999999999999999999-0')), { nil: undefined }),
});

/** Percent-escapes as a careless client writes them: truncated, overlong, surrogates, not hex. */
const malformedEscape = fc.oneof(
  fc.constantFrom('%', '%E0%A4%A', '%C0%AF', '%FF', '%ZZ', '%%', '%E0%A4', '%ED%A0%80', '%F4%90%80%80', '%2', '%u00e9'),
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 6 }).map((bytes) => bytes.map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('')),
);

/** A path segment of raw bytes as they go on the wire: plain characters around a bad escape. */
const rawSegment = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9_.~-]{0,8}$/), malformedEscape, fc.stringMatching(/^[A-Za-z0-9_.~-]{0,8}$/))
  .map(([before, escape, after]) => `${before}${escape}${after}`);

/** Every route with a path parameter, and some without, with each parameter a raw segment. */
const rawPath = fc
  .tuple(
    fc.constantFrom('/v1/sessions/:s', '/v1/sessions/:s/report', '/v1/sessions/:s/events', '/v1/sessions/:s/questions', '/v1/sessions/:s/questions/:s/answers', '/v1/jobs/:s', '/v1/:s', '/docs/assets/:s', '/:s'),
    rawSegment,
    rawSegment,
  )
  .map(([template, first, second]) => template.replace(':s', first).replace(':s', second));

/** A body as bytes: JSON or not, compressed as its Content-Encoding says, or only claiming to be. */
const encodedBody = fc
  .record({
    text: bodies,
    contentEncoding: fc.constantFrom(undefined, 'identity', 'gzip', 'deflate', 'br', 'GZIP', 'compress', 'gzip, br', 'x-unheard-of'),
    honest: fc.boolean(),
  })
  .map(({ text, contentEncoding, honest }) => {
    const plain = Buffer.from(text, 'utf8');
    const encode: Record<string, (input: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };
    const encoder = contentEncoding ? encode[contentEncoding.toLowerCase()] : undefined;
    return { contentEncoding, bytes: honest && encoder ? encoder(plain) : plain };
  });

/** Sends a request with its path exactly as given: fetch would normalise what this test is about. */
function rawRequest(url: string, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; body: string; contentType: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}${path}`, { method, headers, path }, (response) => {
      const chunks: Buffer[] = [];
      if (response.headers['content-type']?.includes('text/event-stream')) {
        resolve({ status: response.statusCode ?? 0, body: '', contentType: 'text/event-stream' });
        response.destroy();
        return;
      }
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), contentType: response.headers['content-type'] ?? '' }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

function headerSafe(value: string): string {
  // fetch refuses header values outside Latin-1 before they leave the client; encode them
  // the way a raw client's bytes would arrive.
  return Buffer.from(value, 'utf8').toString('latin1').replace(/[\r\n\0]/g, ' ');
}

describe('the gateway under malformed, oversized, wrongly typed and hostile requests', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let key: string;
  let sessionId: string;
  const created: string[] = [];

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis, { RATE_LIMIT_PER_MINUTE: '1000000' });
    key = await gateway.keyFor('acme');
    const response = await fetch(`${gateway.url}/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...sample, gaps: [{ id: 'gap-a', skill: 'Go', severity: 'critical', reason: 'r', evidence: [] }] }),
    });
    sessionId = ((await response.json()) as { id: string }).id;
    created.push(sessionId);
  });

  afterAll(async () => {
    await gateway.close();
    await redis.stop();
  });

  it('answers every request with a documented 4xx (or a success), never a 5xx, and writes no partial session', async () => {
    const documented = new Set<string>(ERROR_CODES);
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const id = request.id === 'ses_valid_but_unknown' ? sessionId : request.id;
        const path = {
          create: '/v1/sessions',
          get: `/v1/sessions/${encodeURIComponent(id)}`,
          questions: `/v1/sessions/${encodeURIComponent(id)}/questions`,
          events: `/v1/sessions/${encodeURIComponent(id)}/events`,
          job: `/v1/jobs/${encodeURIComponent(id)}`,
          unknown: `/v1/${encodeURIComponent(id)}`,
        }[request.route];
        const method = request.route === 'create' || request.route === 'questions' ? 'POST' : 'GET';
        const headers: Record<string, string> = {};
        if (request.contentType) headers['content-type'] = request.contentType;
        if (request.authorization === 'valid') headers.authorization = `Bearer ${key}`;
        else if (request.authorization !== 'none') headers.authorization = headerSafe(request.authorization);
        if (request.idempotencyKey !== undefined) headers['idempotency-key'] = headerSafe(request.idempotencyKey);
        if (request.lastEventId !== undefined) headers['last-event-id'] = headerSafe(request.lastEventId);

        const controller = new AbortController();
        const response = await fetch(`${gateway.url}${path}`, { method, headers, ...(method === 'POST' ? { body: request.body } : {}), signal: controller.signal });
        try {
          expect(response.status).toBeLessThan(500);
          if (response.headers.get('content-type')?.includes('text/event-stream')) return;
          const body = (await response.json()) as { id?: string; error?: { code: string; message: string } };
          if (response.status >= 400) {
            expect(documented.has(body.error?.code ?? '')).toBe(true);
            expect(body.error?.message.length).toBeGreaterThan(0);
          } else if (request.route === 'create') {
            created.push(body.id as string);
          }
        } finally {
          controller.abort();
        }
      }),
      { numRuns: 400, seed: 20261128 },
    );
    // Only the sessions that were answered 201 exist: a refused request wrote nothing.
    await expectOnlyCreatedSessions();
  });

  it('answers raw malformed paths, any method, and bodies in any Content-Encoding with a documented 4xx, never a 5xx', async () => {
    const documented = new Set<string>(ERROR_CODES);
    await fc.assert(
      fc.asyncProperty(
        fc.record({ path: rawPath, method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD'), body: encodedBody, authorized: fc.boolean() }),
        async ({ path, method, body, authorized }) => {
          const headers: Record<string, string> = {};
          if (authorized) headers.authorization = `Bearer ${key}`;
          const sendsBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
          if (sendsBody) {
            headers['content-type'] = 'application/json';
            if (body.contentEncoding) headers['content-encoding'] = body.contentEncoding;
          }
          const response = await rawRequest(gateway.url, method, path, headers, sendsBody ? body.bytes : undefined);
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400 && method !== 'HEAD') {
            const error = (JSON.parse(response.body) as { error?: { code: string; message: string } }).error;
            expect(documented.has(error?.code ?? '')).toBe(true);
            expect(error?.message.length).toBeGreaterThan(0);
          } else if (response.status === 201) {
            created.push((JSON.parse(response.body) as { id: string }).id);
          }
        },
      ),
      { numRuns: 400, seed: 20261129 },
    );
    await expectOnlyCreatedSessions();
  });

  async function expectOnlyCreatedSessions(): Promise<void> {
    const sessionKeys = await scanKeys(redis.client(), 'gapflow:{*}:session');
    expect(sessionKeys).toHaveLength(created.length);
    // And the process is alive and ready.
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
  }
});
