import { GapflowClient, isGapflowApiError } from '@gapflow/client';
import { loadSample, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../gateway.fixture';

/** `GET /v1/sessions` over HTTP, as a client pages through it. */
describe('listing sessions', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let acme: GapflowClient;
  let globex: GapflowClient;
  const sample = loadSample('platform-engineer');
  const gaps = [{ id: 'gap-terraform', skill: 'Terraform', severity: 'critical' as const, reason: 'r', evidence: [] }];

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis);
    acme = new GapflowClient({ baseUrl: gateway.url, token: await gateway.keyFor('acme') });
    globex = new GapflowClient({ baseUrl: gateway.url, token: await gateway.keyFor('globex') });
  });

  afterAll(async () => {
    await gateway.close();
    await redis.stop();
  });

  it('pages through a tenant’s sessions newest first, each once, with nothing personal in them', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) ids.push((await acme.createSession({ cv: sample.cv, jd: sample.jd, gaps })).id);
    await globex.createSession({ cv: sample.cv, jd: sample.jd, gaps });
    const seen: string[] = [];
    let page = await acme.listSessions({ limit: 2 });
    expect(page.sessions[0]).toEqual({ id: expect.any(String), status: 'ready', createdAt: expect.any(String), updatedAt: expect.any(String), jobTitle: sample.jd.title, gaps: 1 });
    const createdAt: string[] = [];
    seen.push(...page.sessions.map((session) => session.id));
    createdAt.push(...page.sessions.map((session) => session.createdAt));
    while (page.nextCursor) {
      page = await acme.listSessions({ limit: 2, cursor: page.nextCursor });
      seen.push(...page.sessions.map((session) => session.id));
      createdAt.push(...page.sessions.map((session) => session.createdAt));
    }
    expect(createdAt).toEqual([...createdAt].sort().reverse());
    // Sessions created within one millisecond may come in either order; none is lost or repeated.
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(seen).toHaveLength(5);
    expect(JSON.stringify(await acme.listSessions())).not.toContain(sample.cv.experience[0]!.title);
    expect((await globex.listSessions()).sessions).toHaveLength(1);
  });

  it('lists one status, and not an erased session', async () => {
    const erased = await acme.createSession({ cv: sample.cv, jd: sample.jd, gaps });
    await acme.eraseSession(erased.id);
    const listed = await acme.listSessions({ limit: 100 });
    expect(listed.sessions.map((session) => session.id)).not.toContain(erased.id);
    expect((await acme.listSessions({ status: 'completed' })).sessions).toEqual([]);
    expect((await acme.listSessions({ status: 'ready', limit: 100 })).sessions.length).toBe(listed.sessions.length);
  });

  it('refuses what it cannot page by, naming it, and a candidate’s link', async () => {
    const refusal = async (query: string, token?: string) => {
      const response = await fetch(`${gateway.url}/v1/sessions${query}`, { headers: { authorization: `Bearer ${token ?? (await gateway.keyFor('acme'))}` } });
      return { status: response.status, body: (await response.json()) as { error: { code: string; message: string } } };
    };
    expect(await refusal('?limit=0')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('limit must be a whole number from 1 to 100') } } });
    expect(await refusal('?limit=500')).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('limit') } } });
    expect(await refusal('?status=finished')).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('status') } } });
    expect(await refusal('?cursor=abc')).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('cursor must be the nextCursor of an earlier page') } } });
    expect(await refusal('?staus=ready')).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('unknown query parameter "staus"') } } });
    const created = await acme.createSession({ cv: sample.cv, jd: sample.jd, gaps });
    const link = await refusal('', created.candidateToken);
    expect(link.status).toBe(403);
    expect(link.body.error.code).toBe('FORBIDDEN');
    const error = await new GapflowClient({ baseUrl: gateway.url, token: created.candidateToken! }).listSessions().catch((caught: unknown) => caught);
    expect(isGapflowApiError(error) && error.status).toBe(403);
  });
});
