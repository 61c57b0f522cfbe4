import { GapflowClient, type TypedSessionEvent } from '@gapflow/client';
import { ApiKeyStore, findFreePort, GapflowKeys } from '@gapflow/state';
import { AppProcess, ANSWER_TABLE, loadSample, SeverableProxy, TestRedisServer } from '@gapflow/testing';

const sample = loadSample('platform-engineer');
const gaps = ['Terraform', 'Kubernetes', 'Go', 'Observability', 'CI/CD', 'Helm', 'Incident management', 'AWS'].map((skill, index) => ({
  id: `gap-${index}`,
  skill,
  severity: 'important' as const,
  reason: `The CV does not show ${skill}.`,
  evidence: [],
}));

/**
 * A rolling deploy of a small deployment — two gateways behind a load balancer (a proxy that
 * sends new connections where it is told), two workers — while a batch of questions and an
 * answer run: each gateway and each worker is stopped (SIGTERM) and started again, one by one.
 * The client, following the session's events all along, must see every event once.
 */
describe('a rolling deploy', () => {
  jest.setTimeout(180_000);
  let redis: TestRedisServer;
  let balancer: SeverableProxy;
  const apps = new Set<AppProcess>();

  afterAll(async () => {
    await Promise.all([...apps].map((app) => app.kill()));
    await balancer?.close();
    await redis?.stop();
  });

  it('loses and repeats nothing while both gateways and both workers are replaced during a batch and an answer', async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    const apiKey = await new ApiKeyStore(redis.client(), GapflowKeys.fromPrefix('{gapflow}')).create('acme');
    // Model calls that take a while, so that the batch and the answer are still running while processes change.
    // One job at a time per worker, a second per model call: the batch (eight questions) and the
    // answer (five criteria, the writing) are still running while the processes change.
    const common = { REDIS_URL: redis.url, JOB_BACKOFF_MS: '50', SIMULATED_LLM_LATENCY_MS: '1000', WORKER_CONCURRENCY: '1', SHUTDOWN_GRACE_MS: '300' };
    const ports = [await findFreePort(), await findFreePort()];
    const gatewayUrl = (index: number) => `http://127.0.0.1:${ports[index]}`;
    const startGateway = async (index: number) => {
      const app = await AppProcess.start('gateway', { ...common, PORT: String(ports[index]) }, 'gateway listening');
      apps.add(app);
      return app;
    };
    const startWorker = async () => {
      const app = await AppProcess.start('worker', common, 'worker ready');
      apps.add(app);
      return app;
    };
    const stop = async (app: AppProcess) => {
      expect(await app.stop()).toBe(0);
      apps.delete(app);
    };
    const gateways = [await startGateway(0), await startGateway(1)];
    const workers = [await startWorker(), await startWorker()];
    balancer = await SeverableProxy.start(gatewayUrl(0));
    const api = new GapflowClient({ baseUrl: balancer.url, token: apiKey });

    const { id } = await api.createSession({ ...sample, gaps });
    await api.submitQuestions(id);
    const seen: TypedSessionEvent[] = [];
    const following = (async () => {
      for await (const event of api.events(id, { reconnectDelayMs: 100 })) {
        seen.push(event);
        if (event.type === 'answer.completed') return;
      }
    })();

    /** A gateway rolled: the balancer sends new connections to the other, this one drains and comes back. */
    const rollGateway = async (index: number) => {
      balancer.retarget(gatewayUrl(1 - index));
      await stop(gateways[index]!);
      gateways[index] = await startGateway(index);
      balancer.retarget(gatewayUrl(index));
    };
    /** A worker rolled: it finishes its jobs in hand and exits; a new one takes its place. */
    const rollWorker = async (index: number) => {
      await stop(workers[index]!);
      workers[index] = await startWorker();
    };
    const waitFor = async (type: TypedSessionEvent['type']) => {
      while (!seen.some((event) => event.type === type)) await new Promise((resolve) => setTimeout(resolve, 50));
    };

    // During the batch: every process, one by one.
    await rollGateway(0);
    await rollWorker(0);
    await rollGateway(1);
    await rollWorker(1);
    await waitFor('group.completed');

    // During the answer (and its follow-ups, if the story asks for them): again.
    const question = (await api.getSession(id)).questions.find((candidate) => candidate.skill === 'Kubernetes')!;
    const row = ANSWER_TABLE.find((candidate) => candidate.skill === 'Kubernetes')!;
    await api.submitAnswer(id, question.id, row.strong);
    await rollWorker(0);
    await rollGateway(0);
    await rollWorker(1);
    await rollGateway(1);
    for (let round = 1; round <= 3 && !seen.some((event) => event.type === 'answer.completed'); round += 1) {
      while (!seen.some((event) => event.type === 'answer.completed' || (event.type === 'deepdive.ready' && event.data.round === round))) await new Promise((resolve) => setTimeout(resolve, 50));
      if (!seen.some((event) => event.type === 'answer.completed')) await api.submitAnswer(id, question.id, row.strong);
    }
    await following;

    const ids = seen.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    const questions = seen.filter((event) => event.type === 'question.ready').map((event) => (event.data as { gapId: string }).gapId);
    expect(questions.sort()).toEqual(gaps.map((gap) => gap.id).sort());
    expect(seen.filter((event) => event.type === 'group.completed')).toHaveLength(1);
    expect(seen.filter((event) => event.type === 'answer.completed')).toHaveLength(1);
    const completed = seen.find((event) => event.type === 'answer.completed')!.data as { answer: { text: string }; attempt?: number };
    const deltas = seen.filter((event) => event.type === 'answer.delta').map((event) => event.data as { attempt: number; index: number; chunk: string });
    const kept = deltas.filter((delta) => delta.attempt === (completed.attempt ?? deltas.at(-1)?.attempt));
    expect(kept.map((delta) => delta.index)).toEqual(kept.map((_, index) => index));
    expect(kept.map((delta) => delta.chunk).join('')).toBe(completed.answer.text);
  });
});
