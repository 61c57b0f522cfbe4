import { GapflowKeys } from '@gapflow/state';
import { runGapflowCli, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';

/** `npx gapflow keys …` against the test's own Redis, as an operator runs it. */
function gapflow(redisUrl: string, ...args: string[]) {
  return runGapflowCli(args, { REDIS_URL: redisUrl });
}

describe('gapflow keys', () => {
  let redis: TestRedisServer;
  let first: TestGateway;
  let second: TestGateway;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    first = await startTestGateway(redis);
    second = await startTestGateway(redis);
  });

  afterAll(async () => {
    await first.close();
    await second.close();
    await redis.stop();
  });

  const statusWith = (gateway: TestGateway, key: string) => fetch(`${gateway.url}/v1/sessions`, { headers: { authorization: `Bearer ${key}` } }).then((response) => response.status);

  it('lists keys by prefix, tenant, scope, creation and last use — never a key — and revokes one on every gateway at once', async () => {
    const created = await gapflow(redis.url, 'keys', 'create', '--tenant', 'acme');
    expect(created.code).toBe(0);
    const { apiKey } = JSON.parse(created.stdout) as { apiKey: string };
    const other = JSON.parse((await gapflow(redis.url, 'keys', 'create', '--tenant', 'globex', '--expires-in', '90d')).stdout) as { apiKey: string; expiresAt: string };
    expect([await statusWith(first, apiKey), await statusWith(second, apiKey)]).toEqual([200, 200]);

    const listed = await gapflow(redis.url, 'keys', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(apiKey);
    expect(listed.stdout).not.toContain(other.apiKey);
    const keys = JSON.parse(listed.stdout) as { prefix: string; tenantId: string; scope: string; createdAt: string; lastUsedAt?: string; expiresAt?: string }[];
    const acme = keys.find((key) => key.tenantId === 'acme');
    expect(acme).toMatchObject({ prefix: apiKey.slice(0, 10), scope: 'tenant', createdAt: expect.any(String), lastUsedAt: expect.any(String) });
    expect(keys.find((key) => key.tenantId === 'globex')).toMatchObject({ expiresAt: other.expiresAt });
    expect((JSON.parse((await gapflow(redis.url, 'keys', 'list', '--tenant', 'globex')).stdout) as unknown[]).length).toBe(1);

    const revoked = await gapflow(redis.url, 'keys', 'revoke', acme!.prefix);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ revoked: { prefix: acme!.prefix, tenantId: 'acme' } });
    // Nothing is cached in a gateway: both refuse it at once.
    expect([await statusWith(first, apiKey), await statusWith(second, apiKey)]).toEqual([401, 401]);
    expect(await statusWith(first, other.apiKey)).toBe(200);
  });

  it('stops an expired key, keeps an admin key out of the sessions, and says what to do with a wrong prefix or duration', async () => {
    const { apiKey } = JSON.parse((await gapflow(redis.url, 'keys', 'create', '--tenant', 'shortlived', '--expires-in', '1h')).stdout) as { apiKey: string };
    expect(await statusWith(first, apiKey)).toBe(200);
    // An hour later, as far as the key's own record goes.
    const { createHash } = await import('node:crypto');
    await redis.client().hset(new GapflowKeys('gapflow').apiKey(createHash('sha256').update(apiKey).digest('hex')), 'expiresAt', new Date(Date.now() - 1_000).toISOString());
    expect(await statusWith(first, apiKey)).toBe(401);

    const admin = JSON.parse((await gapflow(redis.url, 'keys', 'create', '--tenant', 'ops', '--scope', 'admin')).stdout) as { apiKey: string; scope: string };
    expect(admin.scope).toBe('admin');
    const refused = await fetch(`${first.url}/v1/sessions`, { headers: { authorization: `Bearer ${admin.apiKey}` } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('admin key');

    expect(await gapflow(redis.url, 'keys', 'revoke', 'gf_nothing')).toMatchObject({ code: 1, stderr: expect.stringContaining('No key starts with "gf_nothing"') });
    expect(await gapflow(redis.url, 'keys', 'revoke', 'gf_')).toMatchObject({ code: 1, stderr: expect.stringContaining('Give at least 8 characters of the key') });
    expect(await gapflow(redis.url, 'keys', 'create', '--tenant', 'x', '--expires-in', 'soon')).toMatchObject({ code: 1, stderr: expect.stringContaining('--expires-in must be a whole number and a unit, e.g. 90d') });
    expect(await gapflow(redis.url, 'keys', 'create', '--tenant', 'x', '--scope', 'root')).toMatchObject({ code: 1, stderr: expect.stringContaining('--scope is tenant') });
  });
});
