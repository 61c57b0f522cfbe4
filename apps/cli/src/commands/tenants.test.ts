import { GapflowClient } from '@gapflow/client';
import { loadSample, runGapflowCli, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';

function gapflow(redisUrl: string, ...args: string[]) {
  return runGapflowCli(args, { REDIS_URL: redisUrl });
}

describe('gapflow tenants erase', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  const sample = loadSample('platform-engineer');
  const gaps = [{ id: 'gap-terraform', skill: 'Terraform', severity: 'critical' as const, reason: 'r', evidence: [] }];

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis);
  });

  afterAll(async () => {
    await gateway.close();
    await redis.stop();
  });

  it('erases every session of the tenant and revokes its keys, counting them, and leaves other tenants alone', async () => {
    const acmeKeys = [await gateway.keyFor('acme'), await gateway.keyFor('acme')];
    const acme = new GapflowClient({ baseUrl: gateway.url, token: acmeKeys[0]! });
    const globex = new GapflowClient({ baseUrl: gateway.url, token: await gateway.keyFor('globex') });
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) ids.push((await acme.createSession({ cv: sample.cv, jd: sample.jd, gaps })).id);
    await acme.submitQuestions(ids[0]!);
    const kept = await globex.createSession({ cv: sample.cv, jd: sample.jd, gaps });

    const erased = await gapflow(redis.url, 'tenants', 'erase', 'acme');
    expect(erased.code).toBe(0);
    expect(JSON.parse(erased.stdout)).toEqual({ tenant: 'acme', sessionsErased: 3, jobsRemoved: expect.any(Number), keysRevoked: 2 });
    expect(JSON.parse(erased.stdout).jobsRemoved).toBeGreaterThan(0);

    for (const key of acmeKeys) expect((await fetch(`${gateway.url}/v1/sessions`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
    for (const id of ids) expect(await redis.client().keys(`*${id}*`)).toEqual([]);
    expect((await globex.getSession(kept.id)).status).toBe('ready');
    // Run again (a run cut short): nothing left to erase, and it says so.
    expect(JSON.parse((await gapflow(redis.url, 'tenants', 'erase', 'acme')).stdout)).toEqual({ tenant: 'acme', sessionsErased: 0, jobsRemoved: 0, keysRevoked: 0 });
  });
});
