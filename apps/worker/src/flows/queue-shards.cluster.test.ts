import { Redis } from 'ioredis';
import { GapflowClient, GapflowError } from '@gapflow/client';
import type { SessionEvent } from '@gapflow/core';
import { GapflowMetrics } from '@gapflow/observability';
import { collectQueueMetrics, GapflowQueues, JobIds, shardOfSession } from '@gapflow/queue';
import { loadSample, TestRedisCluster } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';
import type { WorkerProcess } from '../worker-process';
import { startTestWorker } from '../worker.fixture';

const sample = loadSample('platform-engineer');
const SHARDS = 3;
const gapsOf = (skills: readonly string[]) => skills.map((skill) => ({ id: `gap-${skill.toLowerCase()}`, skill, severity: 'critical' as const, reason: `No ${skill} in the CV.`, evidence: [] }));
const GAPS = gapsOf(['Terraform', 'Go', 'Helm']);

/** QUEUE_SHARDS=3 on a six-node cluster: sessions on different prefixes, every worker on all of them. */
describe('queue shards on a six-node Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let gateway: TestGateway;
  let worker: WorkerProcess;
  let client: GapflowClient;
  /** One session per shard, index = shard. */
  const sessionOfShard: string[] = [];
  /** Every job id of each session, as the API named them. */
  const jobsOfSession = new Map<string, string[]>();

  beforeAll(async () => {
    cluster = await TestRedisCluster.start();
    // No deep dive: an answer is evaluated and composed in one job.
    const env = { QUEUE_SHARDS: String(SHARDS), MAX_DEEP_DIVE_ROUNDS: '0' };
    gateway = await startTestGateway(cluster, env);
    worker = await startTestWorker(cluster, {}, env);
    client = new GapflowClient({ baseUrl: gateway.url, token: await gateway.keyFor('acme') });
    // Session ids are random: create sessions until every shard has one.
    for (let attempt = 0; attempt < 100 && sessionOfShard.filter(Boolean).length < SHARDS; attempt += 1) {
      const { id } = await client.createSession({ cv: sample.cv, jd: sample.jd, gaps: GAPS });
      sessionOfShard[shardOfSession(id, SHARDS)] ??= id;
    }
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await gateway?.close();
    await cluster?.stop();
  });

  const redis = () => cluster.client();
  const ownerOfSlot = async (slot: number) => {
    const range = (await redis().cluster('SLOTS')).find(([from, to]) => slot >= from && slot <= to);
    return `${range?.[2]?.[0]}:${range?.[2]?.[1]}`;
  };
  /** Asks that very node, not the cluster client (which would follow MOVED elsewhere). */
  const onNode = async <T>(address: string, ask: (node: Redis) => Promise<T>): Promise<T> => {
    const [host, port] = address.split(':');
    const node = new Redis({ host, port: Number(port), lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await node.connect();
      return await ask(node);
    } finally {
      node.disconnect();
    }
  };
  const storedOn = (owner: string, key: string) => onNode(owner, async (node) => (await node.exists(key)) === 1);

  /** Follows a session's events until `done` says so; each event once. */
  async function follow(sessionId: string, done: (events: SessionEvent[]) => boolean): Promise<SessionEvent[]> {
    const events: SessionEvent[] = [];
    for await (const event of client.events(sessionId, { signal: AbortSignal.timeout(45_000) })) {
      events.push(event);
      if (done(events)) break;
    }
    return events;
  }

  it('puts the shards on different slots, and on more than one primary', async () => {
    expect(sessionOfShard.filter(Boolean)).toHaveLength(SHARDS);
    const slots = await Promise.all(sessionOfShard.map((_, shard) => redis().cluster('KEYSLOT', `{gapflow-${shard}}:questions:meta`) as Promise<number>));
    expect(new Set(slots).size).toBe(SHARDS);
    const owners = await Promise.all(slots.map(ownerOfSlot));
    // Three hash tags over three primaries: which primary owns which depends on CRC16; with the
    // even slot split {gapflow-0} and {gapflow-1} share one (docs/scale.md), yet never all one.
    expect(new Set(owners).size).toBeGreaterThan(1);
  });

  it('runs each session’s batch and answer on its own shard, each question and answer exactly once', async () => {
    await Promise.all(
      sessionOfShard.map(async (sessionId, shard) => {
        const following = follow(sessionId, (events) => events.some((event) => event.type === 'group.completed'));
        const { groupId, jobs } = await client.submitQuestions(sessionId);
        const events = await following;
        const asked = events.filter((event) => event.type === 'question.ready').map((event) => (event.data as { gapId: string }).gapId);
        expect(asked.sort()).toEqual(GAPS.map((gap) => gap.id).sort());

        // The batch, its group and its questions sit under the session's shard, on the primary
        // that owns that shard's slot; no other prefix has them.
        const prefix = `{gapflow-${shard}}`;
        const owner = await ownerOfSlot((await redis().cluster('KEYSLOT', prefix)) as number);
        expect(await storedOn(owner, `${prefix}:question-batches:${JobIds.batch(groupId)}`)).toBe(true);
        expect(await storedOn(owner, `${prefix}:question-groups:${JobIds.groupCompletion(groupId)}`)).toBe(true);
        for (const { jobId } of jobs) expect(await storedOn(owner, `${prefix}:questions:${jobId}`)).toBe(true);
        for (const other of ['{gapflow}', ...sessionOfShard.map((_, i) => `{gapflow-${i}}`).filter((p) => p !== prefix)]) {
          expect(await redis().exists(`${other}:question-batches:${JobIds.batch(groupId)}`)).toBe(0);
        }

        // GET /v1/jobs/{id} finds them on their shard.
        expect(await client.getJob(JobIds.batch(groupId))).toMatchObject({ sessionId, state: 'completed', kind: 'question-batch' });
        for (const { jobId } of jobs) expect(await client.getJob(jobId)).toMatchObject({ sessionId, state: 'completed', kind: 'question' });

        const session = await client.getSession(sessionId);
        const question = session.questions[0];
        if (!question) throw new Error('no question');
        const answered = follow(sessionId, (seen) => seen.some((event) => event.type === 'answer.completed'));
        const { jobId } = await client.submitAnswer(sessionId, question.id, 'I ran it for 3 services myself; releases went from 2 days to 4 hours.');
        const afterAnswer = await answered;
        expect(afterAnswer.filter((event) => event.type === 'answer.completed')).toHaveLength(1);
        expect(await redis().exists(`${prefix}:evaluations:${jobId}`)).toBe(1);
        let status = await client.getJob(jobId);
        // answer.completed is appended by the job itself: it is done or about to be.
        for (let i = 0; i < 200 && status.state !== 'completed'; i += 1) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          status = await client.getJob(jobId);
        }
        expect(status).toMatchObject({ sessionId, state: 'completed', kind: 'evaluation' });
        jobsOfSession.set(sessionId, [JobIds.batch(groupId), JobIds.groupCompletion(groupId), ...jobs.map((job) => job.jobId), jobId]);
      }),
    );
  }, 90_000);

  it('counts the jobs of every shard in the queue metrics', async () => {
    const queues = new GapflowQueues({ connection: redis(), prefix: '{gapflow}', shards: SHARDS });
    const metrics = new GapflowMetrics('gateway');
    collectQueueMetrics(metrics, queues);
    try {
      const { body } = await metrics.render();
      // Three sessions, one batch of three gaps each: nine question jobs over three shards.
      expect(body).toMatch(/^gapflow_queue_jobs\{queue="questions",state="completed",service="gateway"\} 9$/m);
      expect(body).toMatch(/^gapflow_queue_jobs\{queue="question-batches",state="completed",service="gateway"\} 3$/m);
    } finally {
      await queues.close();
    }
  });

  it('erases a session’s jobs on its shard', async () => {
    const shard = 2;
    const sessionId = sessionOfShard[shard];
    if (!sessionId) throw new Error('no session');
    const jobIds = jobsOfSession.get(sessionId) ?? [];
    expect(jobIds.length).toBeGreaterThan(3);
    const prefix = `{gapflow-${shard}}`;
    const owner = await ownerOfSlot((await redis().cluster('KEYSLOT', prefix)) as number);
    const keysOfJobs = async () => (await onNode(owner, (node) => node.keys(`${prefix}:*`))).filter((key) => jobIds.some((id) => key.endsWith(`:${id}`) || key.includes(`:${id}:`)));
    expect(await keysOfJobs()).not.toEqual([]);
    await client.eraseSession(sessionId);
    await expect(client.getSession(sessionId)).rejects.toBeInstanceOf(GapflowError);
    expect(await keysOfJobs()).toEqual([]);
    for (const jobId of jobIds) await expect(client.getJob(jobId)).rejects.toBeInstanceOf(GapflowError);
    // The other shards' sessions keep their jobs.
    for (const other of [0, 1]) {
      const otherSession = sessionOfShard[other] ?? '';
      const [batchJobId] = jobsOfSession.get(otherSession) ?? [];
      expect(await client.getJob(batchJobId ?? 'none-batch')).toMatchObject({ sessionId: otherSession, state: 'completed' });
    }
  });

  it('keeps a session created before QUEUE_SHARDS grew on its shard; new sessions use the new count', async () => {
    // A session made with 3 shards whose id would hash elsewhere with 4.
    let moved: { id: string; shard: number } | undefined;
    for (let attempt = 0; attempt < 100 && !moved; attempt += 1) {
      const { id } = await client.createSession({ cv: sample.cv, jd: sample.jd, gaps: GAPS });
      if (shardOfSession(id, 3) !== shardOfSession(id, 4)) moved = { id, shard: shardOfSession(id, 3) };
    }
    if (!moved) throw new Error('no session whose shard changes');
    const env = { QUEUE_SHARDS: '4', MAX_DEEP_DIVE_ROUNDS: '0' };
    const grownGateway = await startTestGateway(cluster, env);
    const grownWorker = await startTestWorker(cluster, {}, env);
    // Only the grown deployment from here on: the old worker stops.
    await worker.close();
    try {
      const grown = new GapflowClient({ baseUrl: grownGateway.url, token: await grownGateway.keyFor('acme') });
      const { id: fresh } = await grown.createSession({ cv: sample.cv, jd: sample.jd, gaps: GAPS });
      for (const [sessionId, prefix] of [
        [moved.id, `{gapflow-${moved.shard}}`],
        [fresh, `{gapflow-${shardOfSession(fresh, 4)}}`],
      ] as const) {
        const following = (async () => {
          const events: SessionEvent[] = [];
          for await (const event of grown.events(sessionId, { signal: AbortSignal.timeout(45_000) })) {
            events.push(event);
            if (event.type === 'group.completed') break;
          }
          return events;
        })();
        const { groupId } = await grown.submitQuestions(sessionId);
        const asked = (await following).filter((event) => event.type === 'question.ready').map((event) => (event.data as { gapId: string }).gapId);
        expect(asked.sort()).toEqual(GAPS.map((gap) => gap.id).sort());
        expect(await redis().exists(`${prefix}:question-batches:${JobIds.batch(groupId)}`)).toBe(1);
        expect(await redis().exists(`${prefix}:question-groups:${JobIds.groupCompletion(groupId)}`)).toBe(1);
      }
    } finally {
      await grownWorker.close();
      await grownGateway.close();
    }
  }, 90_000);
});
