import { GapflowKeys, ApiKeyStore, findFreePort } from '@gapflow/state';
import { GapflowClient, type SessionEvent } from '@gapflow/client';
import { AppProcess, ANSWER_TABLE, loadSample, TestRedisServer } from '@gapflow/testing';
import { eventsUntil } from './flow-stack.fixture';

const sample = loadSample('platform-engineer');
const gaps = ['Terraform', 'Kubernetes', 'Go', 'Observability', 'CI/CD', 'Helm', 'Incident management', 'AWS'].map((skill, index) => ({
  id: `gap-${index}`,
  skill,
  severity: 'important' as const,
  reason: `The CV does not show ${skill}.`,
  evidence: [],
}));

/** Two gateways and two workers as real processes over one Redis, as a small deployment. */
describe('gapflow across processes', () => {
  let redis: TestRedisServer;
  let apps: AppProcess[] = [];
  let apiKey: string;

  beforeEach(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    apiKey = await new ApiKeyStore(redis.client(), GapflowKeys.fromPrefix('{gapflow}')).create('acme');
  });

  afterEach(async () => {
    await Promise.all(apps.map((app) => app.kill()));
    apps = [];
    await redis.stop();
  });

  async function deployment(workerEnv: Record<string, string>): Promise<{ gateways: string[]; workers: AppProcess[] }> {
    const ports = [await findFreePort(), await findFreePort()];
    const common = { REDIS_URL: redis.url, JOB_BACKOFF_MS: '50' };
    const gatewayApps = await Promise.all(ports.map((port) => AppProcess.start('gateway', { ...common, PORT: String(port) }, 'gateway listening')));
    const workers = await Promise.all([1, 2].map(() => AppProcess.start('worker', { ...common, ...workerEnv }, 'worker ready')));
    apps.push(...gatewayApps, ...workers);
    return { gateways: ports.map((port) => `http://127.0.0.1:${port}`), workers };
  }

  const clientOf = (gateway: string) => new GapflowClient({ baseUrl: gateway, token: apiKey });

  async function submitBatch(gateway: string): Promise<string> {
    const { id } = await clientOf(gateway).createSession({ ...sample, gaps });
    await clientOf(gateway).submitQuestions(id);
    return id;
  }

  function follow(gateway: string, sessionId: string): Promise<SessionEvent[]> {
    return eventsUntil(clientOf(gateway), sessionId, 'group.completed', undefined, 45_000);
  }

  function questionGapIds(events: SessionEvent[]): string[] {
    return events.filter((event) => event.type === 'question.ready').map((event) => (event.data as { gapId: string }).gapId);
  }

  it('creates on gateway 1, streams from gateway 2, and delivers exactly one question per gap', async () => {
    const { gateways } = await deployment({});
    const sessionId = await submitBatch(gateways[0] as string);
    const events = await follow(gateways[1] as string, sessionId);
    expect(questionGapIds(events).sort()).toEqual(gaps.map((gap) => gap.id).sort());
  });

  it('still delivers exactly one question per gap when a worker is SIGKILLed mid-batch', async () => {
    // Slow model calls keep the jobs in flight long enough to kill a worker holding some;
    // short lock and stall settings let the survivor take them over within seconds.
    const { gateways, workers } = await deployment({ LOG_LEVEL: 'debug', SIMULATED_LLM_LATENCY_MS: '1500', WORKER_STALLED_INTERVAL_MS: '1000', WORKER_LOCK_DURATION_MS: '2000' });
    const victim = workers[0] as AppProcess;
    const sessionId = await submitBatch(gateways[0] as string);
    const following = follow(gateways[1] as string, sessionId);
    const startedOnVictim = (line: string) => line.includes('"queue":"questions"') && line.includes('job started');
    await victim.output.waitFor(startedOnVictim, 15_000);
    // The victim is now inside a 1.5 s model call of at least one question job.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const heldByVictim = victim.output.lines.filter(startedOnVictim).length;
    const finishedByVictim = victim.output.lines.filter((line) => line.includes('"queue":"questions"') && line.includes('job completed')).length;
    await victim.kill();
    expect(heldByVictim - finishedByVictim).toBeGreaterThan(0);
    const events = await following;
    expect(questionGapIds(events).sort()).toEqual(gaps.map((gap) => gap.id).sort());
    expect(events.filter((event) => event.type === 'group.completed')).toHaveLength(1);
  });

  it('finishes its jobs in hand on SIGTERM, takes no new ones, and exits cleanly; another worker does the rest', async () => {
    const port = await findFreePort();
    const common = { REDIS_URL: redis.url, JOB_BACKOFF_MS: '50' };
    const gateway = await AppProcess.start('gateway', { ...common, PORT: String(port) }, 'gateway listening');
    const first = await AppProcess.start('worker', { ...common, LOG_LEVEL: 'debug', SIMULATED_LLM_LATENCY_MS: '1500', WORKER_CONCURRENCY: '2' }, 'worker ready');
    apps.push(gateway, first);
    const url = `http://127.0.0.1:${port}`;
    const sessionId = await submitBatch(url);
    const following = follow(url, sessionId);
    const isQuestionStart = (line: string) => line.includes('"queue":"questions"') && line.includes('job started');
    await first.output.waitFor(isQuestionStart, 15_000);

    expect(await first.stop()).toBe(0);
    const started = first.output.lines.filter(isQuestionStart).length;
    const completed = first.output.lines.filter((line) => line.includes('"queue":"questions"') && line.includes('job completed')).length;
    expect(started).toBeGreaterThan(0);
    expect(completed).toBe(started);
    expect(started).toBeLessThan(gaps.length);

    apps.push(await AppProcess.start('worker', common, 'worker ready'));
    const events = await following;
    expect(questionGapIds(events).sort()).toEqual(gaps.map((gap) => gap.id).sort());
  });

  it('pauses a thin answer with deep dives, survives a restart of every worker, and resumes on the other gateway', async () => {
    const { gateways } = await deployment({});
    const [one, two] = gateways as [string, string];
    const sessionId = await submitBatch(one);
    await follow(one, sessionId);
    const session = await clientOf(one).getSession(sessionId);
    const question = session.questions.find((candidate) => candidate.skill === 'Kubernetes') ?? session.questions[0];
    const row = ANSWER_TABLE[0]!;

    await clientOf(one).submitAnswer(sessionId, question?.id as string, row.medium);
    const paused = await eventsUntil(clientOf(one), sessionId, 'deepdive.ready', undefined, 30_000);
    expect(paused.some((event) => event.type === 'deepdive.ready')).toBe(true);

    // Every worker goes away and new ones come up: nothing of the paused answer lived in them.
    for (const app of apps.filter((candidate) => candidate.child.spawnargs.some((arg) => arg.includes('worker')))) await app.stop();
    apps.push(...(await Promise.all([1, 2].map(() => AppProcess.start('worker', { REDIS_URL: redis.url }, 'worker ready')))));

    await clientOf(two).submitAnswer(sessionId, question?.id as string, row.strong);
    const resumed = await eventsUntil(clientOf(two), sessionId, 'answer.completed', paused[paused.length - 1]?.id, 30_000);
    const deltas = resumed.filter((event) => event.type === 'answer.delta').map((event) => event.data as { index: number; chunk: string });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((delta) => delta.index)).toEqual(deltas.map((_, index) => index));
    const completed = (resumed.find((event) => event.type === 'answer.completed')?.data as { answer: { text: string } }).answer.text;
    expect(deltas.map((delta) => delta.chunk).join('')).toBe(completed);
    const stored = await clientOf(two).getSession(sessionId);
    expect(stored.answers.find((progress) => progress.questionId === question?.id)?.finalAnswer?.text).toBe(completed);
  });
});
