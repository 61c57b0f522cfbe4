import { TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../gateway.fixture';

describe('health endpoints', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let base: string;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    gateway = await startTestGateway(redis);
    base = gateway.url;
  });

  afterAll(async () => {
    await gateway.close();
    await redis.stop();
  });

  async function waitForStatus(path: string, status: number): Promise<number> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const response = await fetch(`${base}${path}`);
      if (response.status === status) return response.status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return (await fetch(`${base}${path}`)).status;
  }

  it('answers /healthz with 200', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 only while Redis answers', async () => {
    expect(await waitForStatus('/readyz', 200)).toBe(200);

    await redis.kill();
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', checks: { redis: 'unreachable' } });
    // Liveness does not depend on Redis: restarting the gateway would not bring Redis back.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    await redis.restart();
    expect(await waitForStatus('/readyz', 200)).toBe(200);
  });

  it('answers an unknown route with a NOT_FOUND error body and a request id', async () => {
    const response = await fetch(`${base}/nothing-here`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toContain('GET /nothing-here');
    expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('keeps a well-formed request id the caller sent, and replaces a hostile one', async () => {
    const kept = await fetch(`${base}/healthz`, { headers: { 'X-Request-Id': 'trace-abc-123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-abc-123');
    const replaced = await fetch(`${base}/healthz`, { headers: { 'X-Request-Id': 'x"; DROP TABLE sessions' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
