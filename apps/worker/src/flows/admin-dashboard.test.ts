import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiKeyStore, GapflowKeys } from '@gapflow/state';
import { REPO_ROOT, TestRedisServer } from '@gapflow/testing';
import { startTestGateway } from '../../../gateway/src/gateway.fixture';
import { eventsUntil, useFlowStack } from './flow-stack.fixture';

const ADMIN_API_KEY = 'admin-credential-of-this-test-0123456789';
const corpus = join(REPO_ROOT, 'packages', 'documents', 'corpus');
/** Words that exist only in the candidate's documents and answers: none may reach a job. */
const CV_MARKER = 'Zanzibarquill';
const ANSWER_MARKER = 'Ottolinemarker';

describe('the queue dashboard', () => {
  const { stack, client } = useFlowStack({ ADMIN_API_KEY });
  const dashboard = (path: string, authorization?: string) => fetch(`${stack.gateway.url}/admin/queues${path}`, { headers: authorization ? { authorization } : {} });
  const basic = (password: string) => `Basic ${Buffer.from(`ops:${password}`).toString('base64')}`;

  it('refuses without the admin credential — asking a browser for it — and opens with ADMIN_API_KEY or a key of admin scope', async () => {
    const anonymous = await dashboard('');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="gapflow admin"/);
    expect((await dashboard('', `Bearer ${stack.key}`)).status).toBe(401);
    expect((await dashboard('', basic('wrong-credential-0123456789'))).status).toBe(401);
    const page = await dashboard('', basic(ADMIN_API_KEY));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('gapflow queues');
    // Nothing from another origin: Bull Board's font link is taken out.
    expect(html).not.toMatch(/https?:\/\//);
    const adminKey = await new ApiKeyStore(stack.redis.client(), new GapflowKeys('gapflow')).create('ops', { scope: 'admin' });
    expect((await dashboard('/api/queues', `Bearer ${adminKey}`)).status).toBe(200);
  });

  it('shows every queue, and no job of a whole session carries the CV’s or the answers’ text', async () => {
    const api = client();
    const cvText = `${readFileSync(join(corpus, 'cv', '00-platform-engineer.txt'), 'utf8')}\nHobbies: ${CV_MARKER} sailing`;
    const jdText = readFileSync(join(corpus, 'jd', '00-platform-engineer.md'), 'utf8');
    const created = await api.createSession({ cv: { text: cvText }, jd: { text: jdText } });
    const ready = await eventsUntil(api, created.id, 'gaps.ready', undefined, 30_000);
    await api.submitQuestions(created.id);
    const grouped = await eventsUntil(api, created.id, 'group.completed', ready.at(-1)?.id, 30_000);
    const question = (await api.getSession(created.id)).questions[0]!;
    await api.submitAnswer(created.id, question.id, `In 2023 I led the ${question.skill} work myself with the ${ANSWER_MARKER} team. I rewrote the setup and cut failures from 12 a week to 1.`);
    await eventsUntil(api, created.id, 'evaluation.ready', grouped.at(-1)?.id, 30_000);

    const listed = await dashboard('/api/queues', basic(ADMIN_API_KEY));
    const body = await listed.text();
    for (const name of ['document-parsing', 'gap-analysis', 'question-batches', 'questions', 'question-groups', 'evaluations', 'maintenance']) expect(body).toContain(`"${name}"`);

    // Every job BullMQ keeps — its data, its return value, its progress — of every queue.
    const redis = stack.redis.client();
    const jobKeys = (await redis.keys('{gapflow}:*')).filter((key) => /^\{gapflow\}:[a-z-]+:[^:]+$/.test(key));
    const hashes = [];
    for (const key of jobKeys) if ((await redis.type(key)) === 'hash') hashes.push(JSON.stringify(await redis.hgetall(key)));
    expect(hashes.length).toBeGreaterThan(5);
    expect(hashes.filter((job) => job.includes(CV_MARKER) || job.includes(ANSWER_MARKER))).toEqual([]);
    for (const queue of ['document-parsing', 'questions', 'evaluations']) {
      // Bull Board names a queue by its prefix and name.
      const listedJobs = (await (await dashboard(`/api/queues?activeQueue=${encodeURIComponent(`{gapflow}${queue}`)}&status=completed&page=1`, basic(ADMIN_API_KEY))).json()) as { queues: { name: string; jobs: unknown[] }[] };
      const jobs = listedJobs.queues.find((candidate) => candidate.name === `{gapflow}${queue}`)?.jobs ?? [];
      expect([queue, jobs.length > 0]).toEqual([queue, true]);
      expect([queue, JSON.stringify(jobs).includes(CV_MARKER) || JSON.stringify(jobs).includes(ANSWER_MARKER)]).toEqual([queue, false]);
    }
  });

  it('lets an operator pause, resume and retry, but not add, edit, empty or obliterate, nor act from another site', async () => {
    const change = (method: string, path: string, headers: Record<string, string> = {}) =>
      fetch(`${stack.gateway.url}/admin/queues${path}`, { method, headers: { authorization: basic(ADMIN_API_KEY), 'content-type': 'application/json', ...headers }, body: method === 'GET' ? undefined : '{}' }).then((response) => response.status);
    const queue = encodeURIComponent('{gapflow}maintenance');
    expect(await change('PUT', `/api/queues/${queue}/pause`)).toBe(200);
    expect(await change('PUT', `/api/queues/${queue}/resume`)).toBe(200);
    for (const [method, path] of [['PUT', `/api/queues/${queue}/obliterate`], ['PUT', `/api/queues/${queue}/empty`], ['POST', `/api/queues/${queue}/add`], ['PATCH', `/api/queues/${queue}/job-1/update-data`], ['PUT', `/api/queues/${queue}/concurrency`]] as const) {
      expect([path, await change(method, path)]).toEqual([path, 403]);
    }
    expect(await change('PUT', `/api/queues/${queue}/pause`, { 'sec-fetch-site': 'cross-site' })).toBe(403);
  });

  it('is not there at all when no admin credential is configured', async () => {
    const redis = await TestRedisServer.start({ appendOnly: false });
    const gateway = await startTestGateway(redis);
    try {
      expect((await fetch(`${gateway.url}/admin/queues`)).status).toBe(404);
    } finally {
      await gateway.close();
      await redis.stop();
    }
  });
});
