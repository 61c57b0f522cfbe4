import { loadSample, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../gateway.fixture';

/** CORS_ORIGINS allows exactly the origins it lists; with none, same-origin only. */
describe('CORS', () => {
  let redis: TestRedisServer;
  let listed: TestGateway;
  let unlisted: TestGateway;
  let key: string;
  let sessionId: string;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    listed = await startTestGateway(redis, { CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' });
    unlisted = await startTestGateway(redis);
    key = await listed.keyFor('acme');
    const gaps = [{ id: 'gap-terraform', skill: 'Terraform', severity: 'critical', reason: 'r', evidence: [] }];
    const created = await fetch(`${listed.url}/v1/sessions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...loadSample('platform-engineer'), gaps }) });
    sessionId = ((await created.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await listed.close();
    await unlisted.close();
    await redis.stop();
  });

  const preflight = (url: string, origin: string) =>
    fetch(`${url}/v1/sessions/${sessionId}/events`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization, last-event-id' } });

  it('answers a preflight from a listed origin, with the headers the API uses, Last-Event-ID among them', async () => {
    for (const origin of ['https://app.example.com', 'http://localhost:5173']) {
      const response = await preflight(listed.url, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      expect(response.headers.get('access-control-allow-headers')).toMatch(/Last-Event-ID/);
      expect(response.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('lets a listed origin read an answer and its Location, and tells caches answers vary by origin', async () => {
    const response = await fetch(`${listed.url}/v1/sessions/${sessionId}`, { headers: { origin: 'https://app.example.com', authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/Location/);
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  it('gives any other origin no CORS header: a lookalike, another scheme, another port, null', async () => {
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'http://app.example.com', 'http://localhost:5174', 'null']) {
      // (OPTIONS itself is answered, with Allow; without CORS headers the browser keeps it from the page.)
      const response = await preflight(listed.url, origin);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-headers')).toBeNull();
      const read = await fetch(`${listed.url}/v1/sessions/${sessionId}`, { headers: { origin, authorization: `Bearer ${key}` } });
      expect(read.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('sends no CORS header at all when CORS_ORIGINS is empty: same-origin only', async () => {
    const response = await preflight(unlisted.url, 'https://app.example.com');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${unlisted.url}/v1/sessions/${sessionId}`, { headers: { origin: 'https://app.example.com', authorization: `Bearer ${key}` } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });
});
