import { GapflowClient } from '@gapflow/client';
import { ApiKeyStore, findFreePort, GapflowKeys } from '@gapflow/state';
import { AppProcess, loadSample, runWholeSession, TestRedisCluster } from '@gapflow/testing';
import { createBrain, type Brain } from '@gapflow/workflow';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';
import { eventsUntil } from './flow-stack.fixture';
import type { WorkerProcess } from '../worker-process';
import { startTestWorker } from '../worker.fixture';

const sample = loadSample('platform-engineer');
const SKILLS = ['Terraform', 'Go', 'Helm', 'Kafka', 'Rust', 'GraphQL', 'Kubernetes', 'Python'];
const gapsOf = (skills: readonly string[]) => skills.map((skill) => ({ id: `gap-${skill.toLowerCase()}`, skill, severity: 'critical' as const, reason: `No ${skill} in the CV.`, evidence: [] }));

/** A gate the test opens: question calls past the first `passing` wait at it. */
function questionGate(passing: number) {
  let started = 0;
  let open!: () => void;
  let reachedHalfway!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const halfway = new Promise<void>((resolve) => (reachedHalfway = resolve));
  return {
    open,
    halfway,
    async pass(): Promise<void> {
      started += 1;
      if (started === passing) reachedHalfway();
      if (started > passing) await opened;
    },
  };
}

/**
 * gateway and worker (in this process) on a six-node Redis Cluster, every connection a
 * cluster client: state, checkpoints, BullMQ queues, workers and flows, locks, SSE.
 */
describe('a session on a six-node Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let gateway: TestGateway;
  let worker: WorkerProcess;
  let key: string;
  let gate = questionGate(Number.POSITIVE_INFINITY);

  beforeAll(async () => {
    cluster = await TestRedisCluster.start();
    // One deep-dive round: runWholeSession replies to one.
    const env = { MAX_DEEP_DIVE_ROUNDS: '1' };
    gateway = await startTestGateway(cluster, env);
    const embedded = await createBrain();
    const brain: Brain = {
      ...embedded,
      model: {
        provider: 'offline',
        composeAnswer: (call, options) => embedded.model.composeAnswer(call, options),
        generate: async (call, options) => {
          if (call.kind === 'question') await gate.pass();
          return embedded.model.generate(call, options);
        },
      },
    };
    worker = await startTestWorker(cluster, { brain }, env);
    key = await gateway.keyFor('acme');
  }, 60_000);

  afterAll(async () => {
    gate.open();
    await worker?.close();
    await gateway?.close();
    await cluster?.stop();
  });

  const gapIdsOf = (events: { type: string; data: unknown }[]) => events.filter((event) => event.type === 'question.ready').map((event) => (event.data as { gapId: string }).gapId);

  it('runs a whole session: questions, thin answers, deep dives, final answers', async () => {
    const result = await runWholeSession({
      baseUrl: gateway.url,
      apiKey: key,
      cv: sample.cv,
      jd: sample.jd,
      gaps: gapsOf(['Terraform', 'Go']),
      answer: (skill) => `We used ${skill} on the team.`,
      followUp: (skill) => `I set up ${skill} myself for 3 services; releases went from 2 days to 4 hours.`,
    });
    expect(result.session.questions.map((question) => question.skill).sort()).toEqual(['Go', 'Terraform']);
    expect(result.session.answers).toHaveLength(2);
    for (const answer of result.session.answers) expect(answer.finalAnswer?.text.length).toBeGreaterThan(0);
  });

  it('delivers every question exactly once when the queues’ primary fails over in the middle of a batch', async () => {
    gate = questionGate(SKILLS.length / 2);
    const client = new GapflowClient({ baseUrl: gateway.url, token: key });
    const { id } = await client.createSession({ cv: sample.cv, jd: sample.jd, gaps: gapsOf(SKILLS) });
    await client.submitQuestions(id);
    // Followed from before the failover to the end: the stream must survive it too (the
    // client resumes with Last-Event-ID if the gateway's read is cut).
    const following = eventsUntil(client, id, 'group.completed', undefined, 60_000);

    // Half the questions are done, the other half are in their model call, and the batch's
    // parent waits for its children: now the primary of BullMQ's {gapflow} slot (and then that
    // of the session's slot, when it is another) hands over to its replica.
    await gate.halfway;
    const redis = cluster.client();
    const primaryOf = async (key: string) => {
      const slot = (await redis.cluster('KEYSLOT', key)) as number;
      const range = (await redis.cluster('SLOTS')).find(([from, to]) => slot >= from && slot <= to);
      return `${range?.[2]?.[0]}:${range?.[2]?.[1]}`;
    };
    const queuesPrimary = await primaryOf('{gapflow}:questions:meta');
    const sessionPrimary = await primaryOf(`gapflow:{${id}}:session`);
    await cluster.failover(queuesPrimary);
    if (sessionPrimary !== queuesPrimary) await cluster.failover(sessionPrimary);
    expect(await cluster.primaries()).not.toContain(queuesPrimary);
    gate.open();

    const events = await following;
    expect(gapIdsOf(events).sort()).toEqual(gapsOf(SKILLS).map((gap) => gap.id).sort());
    const completed = events.find((event) => event.type === 'group.completed')?.data as { completed: string[]; failed: unknown[] };
    expect(completed.failed).toEqual([]);
    // Read again from the start, the stream holds each question once as well.
    expect(gapIdsOf(await eventsUntil(client, id, 'group.completed')).sort()).toEqual(gapsOf(SKILLS).map((gap) => gap.id).sort());
    const session = await client.getSession(id);
    expect(session.questions.map((question) => question.gapId).sort()).toEqual(gapsOf(SKILLS).map((gap) => gap.id).sort());
  }, 90_000);

  it('runs a batch through a gateway and a worker started as processes with REDIS_CLUSTER_NODES', async () => {
    const port = await findFreePort();
    const env = { ...cluster.environment, JOB_BACKOFF_MS: '50' };
    const apps = [await AppProcess.start('gateway', { ...env, PORT: String(port) }, 'gateway listening'), await AppProcess.start('worker', env, 'worker ready')];
    try {
      const base = `http://127.0.0.1:${port}`;
      const ready = (await (await fetch(`${base}/readyz`)).json()) as { checks: { redisCluster?: { state: string; size: number } } };
      expect(ready.checks.redisCluster).toMatchObject({ state: 'ok', size: 3 });
      const apiKey = await new ApiKeyStore(cluster.client(), GapflowKeys.fromPrefix('{gapflow}')).create('acme');
      const client = new GapflowClient({ baseUrl: base, token: apiKey });
      const { id } = await client.createSession({ cv: sample.cv, jd: sample.jd, gaps: gapsOf(['Helm', 'Kafka', 'Rust']) });
      await client.submitQuestions(id);
      const events = await eventsUntil(client, id, 'group.completed', undefined, 45_000);
      expect(gapIdsOf(events).sort()).toEqual(['gap-helm', 'gap-kafka', 'gap-rust']);
    } finally {
      await Promise.all(apps.map((app) => app.kill()));
    }
  }, 90_000);
});
