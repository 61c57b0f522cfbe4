import { loadSample, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../gateway.fixture';

/** A candidate's link: one session, read, answered, followed and erased by it — and nothing else. */
describe('candidate links', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let key: string;
  const gaps = [{ id: 'gap-terraform', skill: 'Terraform', severity: 'critical' as const, reason: 'r', evidence: [] }];

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis);
    key = await gateway.keyFor('acme');
  });

  afterAll(async () => {
    await gateway.close();
    await redis.stop();
  });

  const call = (path: string, token: string, init: RequestInit = {}) => fetch(`${gateway.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const createSession = async (apiKey = key) => {
    const response = await call('/v1/sessions', apiKey, { method: 'POST', body: JSON.stringify({ ...loadSample('platform-engineer'), gaps }) });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; candidateToken: string };
  };

  it('returns a link with a new session that reads it, follows its events with ?token= and reads its report, never showing its hash', async () => {
    const { id, candidateToken } = await createSession();
    expect(candidateToken).toMatch(new RegExp(`^gfc\\.${id}\\.[A-Za-z0-9_-]{43}$`));
    const read = await call(`/v1/sessions/${id}`, candidateToken);
    expect(read.status).toBe(200);
    const body = (await read.json()) as Record<string, unknown>;
    expect(body.id).toBe(id);
    expect(JSON.stringify(body)).not.toMatch(/candidateToken|[0-9a-f]{64}/);
    expect((await call(`/v1/sessions/${id}/report`, candidateToken)).status).toBe(200);
    const controller = new AbortController();
    const events = await fetch(`${gateway.url}/v1/sessions/${id}/events?token=${encodeURIComponent(candidateToken)}`, { signal: controller.signal });
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
    controller.abort();
  });

  it('cannot read another session of the same tenant, create a session, or read a job', async () => {
    const mine = await createSession();
    const other = await createSession();
    for (const [path, init] of [
      [`/v1/sessions/${other.id}`, {}],
      [`/v1/sessions/${other.id}/report`, {}],
      ['/v1/sessions', { method: 'POST', body: JSON.stringify({ ...loadSample('platform-engineer'), gaps }) }],
      ['/v1/jobs/job_anything', {}],
    ] as const) {
      const response = await call(path, mine.candidateToken, init);
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    }
    const onOther = [
      ['PATCH', `/v1/sessions/${other.id}`],
      ['DELETE', `/v1/sessions/${other.id}`],
      ['POST', `/v1/sessions/${other.id}/questions`],
      ['POST', `/v1/sessions/${other.id}/questions/q_1/answers`],
      ['GET', `/v1/sessions/${other.id}/events`],
      ['GET', `/v1/sessions/${other.id.toUpperCase()}`],
      ['GET', `/v1/sessions/${mine.id}%2F..%2F${other.id}`],
      ['GET', `/v1/sessions/${mine.id}x`],
    ] as const;
    for (const [method, path] of onOther) expect([403, 404]).toContain((await call(path, mine.candidateToken, { method, ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }) })).status);
    expect((await fetch(`${gateway.url}/v1/sessions/${other.id}/events?token=${encodeURIComponent(mine.candidateToken)}`)).status).toBe(403);
    // Its own documents are the tenant's to correct.
    expect((await call(`/v1/sessions/${mine.id}`, mine.candidateToken, { method: 'PATCH', body: JSON.stringify({ cv: loadSample('platform-engineer').cv }) })).status).toBe(403);
    // A link with another session's id and this session's secret opens neither.
    const forged = `gfc.${other.id}.${mine.candidateToken.split('.')[2]}`;
    expect((await call(`/v1/sessions/${other.id}`, forged)).status).toBe(401);
  });

  it('tells a cut-off link from a wrong key', async () => {
    const { id, candidateToken } = await createSession();
    const cut = await call(`/v1/sessions/${id}`, candidateToken.slice(0, -10));
    expect(cut.status).toBe(401);
    expect(((await cut.json()) as { error: { message: string } }).error.message).toMatch(/link is incomplete/);
  });

  it('answers a wrong secret and a session that never existed alike', async () => {
    const { id } = await createSession();
    const wrongSecret = await call(`/v1/sessions/${id}`, `gfc.${id}.${'A'.repeat(43)}`);
    const noSession = await call('/v1/sessions/ses_0123456789abcdef0123456789abcdef', `gfc.ses_0123456789abcdef0123456789abcdef.${'A'.repeat(43)}`);
    expect([wrongSecret.status, noSession.status]).toEqual([401, 401]);
    const message = async (response: Response) => ((await response.json()) as { error: { message: string } }).error.message;
    expect(await message(wrongSecret)).toBe(await message(noSession));
  });

  it('comes in the query string on the events endpoint only, and an API key never does', async () => {
    const { id, candidateToken } = await createSession();
    const inQuery = await fetch(`${gateway.url}/v1/sessions/${id}?token=${encodeURIComponent(candidateToken)}`);
    expect(inQuery.status).toBe(401);
    expect(((await inQuery.json()) as { error: { message: string } }).error.message).toMatch(/events only; send it as "Authorization: Bearer/);
    expect((await fetch(`${gateway.url}/v1/sessions/${id}/events?token=${encodeURIComponent(key)}`)).status).toBe(401);
  });

  it('stops working when its session is erased, by the candidate or the tenant', async () => {
    const first = await createSession();
    expect((await call(`/v1/sessions/${first.id}`, first.candidateToken, { method: 'DELETE' })).status).toBe(204);
    const afterOwnErasure = await call(`/v1/sessions/${first.id}`, first.candidateToken);
    expect(afterOwnErasure.status).toBe(401);
    expect(((await afterOwnErasure.json()) as { error: { message: string } }).error.message).toMatch(/expired or was erased/);
    const second = await createSession();
    expect((await call(`/v1/sessions/${second.id}`, key, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/v1/sessions/${second.id}/events`, second.candidateToken)).status).toBe(401);
  });

  it('belongs to its tenant only: another tenant’s key cannot read the session, and the link is no API key', async () => {
    const { id, candidateToken } = await createSession();
    const otherTenant = await gateway.keyFor('globex');
    expect((await call(`/v1/sessions/${id}`, otherTenant)).status).toBe(404);
    expect(await gateway.deps.apiKeys.tenantOf(candidateToken)).toBeUndefined();
  });
});
