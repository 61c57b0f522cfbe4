import { createServer, type Server } from 'node:net';
import { isGapflowError, loadConfig } from '@gapflow/core';
import { createLogger } from '@gapflow/observability';
import { ApiKeyStore, findFreePort, GapflowKeys } from '@gapflow/state';
import { loadSample, TestRedisServer } from '@gapflow/testing';
import { GatewayServer } from './gateway-server';

describe('a gateway whose port is taken', () => {
  let redis: TestRedisServer;
  let squatter: Server;
  let port: number;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    port = (squatter.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    await redis.stop();
  });

  it('fails to start with CONFIG_INVALID naming the port and PORT, instead of a TypeError later', async () => {
    const config = loadConfig({ REDIS_URL: redis.url, PORT: String(port), HOST: '127.0.0.1' });
    const logger = createLogger({ name: 'gateway', level: 'silent', pretty: false });
    const error = await GatewayServer.start(config, logger, redis.url).catch((cause: unknown) => cause);
    expect(isGapflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain(`Port ${port} on 127.0.0.1 is in use`);
    expect((error as Error).message).toContain('set PORT');
  });
});

describe('a gateway told to stop', () => {
  let redis: TestRedisServer;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('leaves the load balancer first, keeps serving through its grace period, then ends its event streams with a retry hint', async () => {
    const config = loadConfig({ REDIS_URL: redis.url, PORT: String(await findFreePort()), HOST: '127.0.0.1' });
    const gateway = await GatewayServer.start(config, createLogger({ name: 'gateway', level: 'silent', pretty: false }), redis.url);
    const url = `http://127.0.0.1:${gateway.port}`;
    const key = await new ApiKeyStore(redis.client(), new GapflowKeys('gapflow')).create('acme');
    const sample = loadSample('platform-engineer');
    const created = (await (await fetch(`${url}/v1/sessions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ cv: sample.cv, jd: sample.jd, gaps: [{ id: 'gap-go', skill: 'Go', severity: 'critical', reason: 'r', evidence: [] }] }) })).json()) as { id: string };
    const stream = await fetch(`${url}/v1/sessions/${created.id}/events`, { headers: { authorization: `Bearer ${key}` } });
    const body = stream.text();

    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const drained = gateway.drain(600);
    const readiness = await fetch(`${url}/readyz`);
    expect([readiness.status, ((await readiness.json()) as { status: string }).status]).toEqual([503, 'draining']);
    // Still serving what comes, during the grace period.
    expect((await fetch(`${url}/v1/sessions/${created.id}`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    await drained;
    const text = await body;
    expect(text).toContain('event: session.created');
    expect(text.trimEnd().endsWith('retry: 1000')).toBe(true);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
