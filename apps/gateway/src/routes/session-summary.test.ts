import { GapflowClient } from '@gapflow/client';
import { loadSample, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../gateway.fixture';

/** `GET /v1/sessions/{id}`: a summary unless the documents are asked for. */
describe('reading a session', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let key: string;
  const sample = loadSample('platform-engineer');

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis);
    key = await gateway.keyFor('acme');
  });

  afterAll(async () => {
    await gateway.close();
    await redis.stop();
  });

  const get = async (path: string, token = key) => {
    const response = await fetch(`${gateway.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
  };

  it('leaves the CV and job description out of the summary, and gives them with ?include=documents', async () => {
    const api = new GapflowClient({ baseUrl: gateway.url, token: key });
    const created = await api.createSession({ cv: sample.cv, jd: sample.jd, gaps: [{ id: 'gap-terraform', skill: 'Terraform', severity: 'critical', reason: 'r', evidence: [] }] });
    const summary = await get(`/v1/sessions/${created.id}`);
    expect(summary.status).toBe(200);
    expect(Object.keys(summary.body)).toEqual(expect.arrayContaining(['id', 'status', 'gaps', 'questions', 'answers']));
    expect(summary.body).not.toHaveProperty('cv');
    expect(summary.body).not.toHaveProperty('jd');
    expect(summary.body).not.toHaveProperty('documents');
    expect(JSON.stringify(summary.body)).not.toContain(sample.cv.experience[0]!.title);
    const whole = await api.getSession(created.id, { include: 'documents' });
    expect(whole.cv).toEqual(sample.cv);
    expect(whole.jd).toEqual(sample.jd);
    // A candidate's link reads its documents too: they are the candidate's own.
    expect((await new GapflowClient({ baseUrl: gateway.url, token: created.candidateToken! }).getSession(created.id, { include: 'documents' })).cv).toEqual(sample.cv);
  });

  it('refuses another include, naming it, and lets a cache-busting parameter be', async () => {
    expect(await get('/v1/sessions/ses_x?include=everything')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('include may only be "documents"') } } });
    const api = new GapflowClient({ baseUrl: gateway.url, token: key });
    const created = await api.createSession({ cv: sample.cv, jd: sample.jd, gaps: [{ id: 'gap-go', skill: 'Go', severity: 'critical', reason: 'r', evidence: [] }] });
    const busted = await get(`/v1/sessions/${created.id}?_=1732780800000`);
    expect(busted.status).toBe(200);
    expect(busted.body).not.toHaveProperty('cv');
  });
});
