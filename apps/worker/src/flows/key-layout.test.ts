import { createHash } from 'node:crypto';
import { GapflowClient, type TypedSessionEvent } from '@gapflow/client';
import type { Redis } from 'ioredis';
import { encodeKeyPart, hashApiKey } from '@gapflow/state';
import { loadSample, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';
import type { WorkerProcess } from '../worker-process';
import { startTestWorker } from '../worker.fixture';

const sample = loadSample('platform-engineer');
const gaps = ['Terraform', 'Go'].map((skill) => ({ id: `gap-${skill.toLowerCase()}`, skill, severity: 'critical' as const, reason: `No ${skill} in the CV.`, evidence: [] }));

/** Whose a key is: one of these, or BullMQ's own (`{gapflow}:<queue>:…`), never everyone's. */
type Owner = 'session' | 'tenant' | 'model' | 'bullmq';

/**
 * Keyspace notifications (`notify-keyspace-events KEA`): every key any connection writes,
 * in order. A marker key written after a step and seen here closes the step, since
 * notifications reach one subscriber in the order the server sent them.
 */
class KeyWriteRecorder {
  private current: string[] = [];
  private waitingFor: { marker: string; resolve: () => void } | undefined;

  constructor(private readonly writer: Redis, private readonly subscriber: Redis) {}

  async start(): Promise<void> {
    await this.writer.config('SET', 'notify-keyspace-events', 'KEA');
    this.subscriber.on('pmessage', (_pattern, _channel, key: string) => {
      if (this.waitingFor && key === this.waitingFor.marker) this.waitingFor.resolve();
      else this.current.push(key);
    });
    await this.subscriber.psubscribe('__keyevent@0__:*');
  }

  /** The keys written since the last call (each once). */
  async step(name: string): Promise<string[]> {
    const marker = `test-marker:${name}`;
    const seen = new Promise<void>((resolve) => (this.waitingFor = { marker, resolve }));
    await this.writer.set(marker, '1', 'EX', 60);
    await seen;
    const keys = [...new Set(this.current)];
    this.current = [];
    return keys;
  }
}

describe('the keys one session writes, step by step', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let worker: WorkerProcess;
  let key: string;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    const env = { MAX_DEEP_DIVE_ROUNDS: '1' };
    gateway = await startTestGateway(redis, env);
    worker = await startTestWorker(redis, {}, env);
    key = await gateway.keyFor('acme');
  });

  afterAll(async () => {
    await worker?.close();
    await gateway?.close();
    await redis?.stop();
  });

  /** The session's events from the first, until `enough` says so (or 20 s have passed). */
  const follow = async (client: GapflowClient, sessionId: string, enough: (events: TypedSessionEvent[]) => boolean) => {
    const events: TypedSessionEvent[] = [];
    for await (const event of client.events(sessionId, { signal: AbortSignal.timeout(20_000) })) {
      events.push(event);
      if (enough(events)) break;
    }
    return events;
  };
  const count = (events: TypedSessionEvent[], type: string) => events.filter((event) => event.type === type).length;

  it('writes only keys of the session, its tenant or a model, besides BullMQ’s own', async () => {
    const recorder = new KeyWriteRecorder(redis.client(), redis.client());
    await recorder.start();
    const written = new Map<string, string[]>();

    const client = new GapflowClient({ baseUrl: gateway.url, token: key });
    const { id } = await client.createSession({ cv: sample.cv, jd: sample.jd, gaps });
    written.set('create', await recorder.step('create'));

    await client.submitQuestions(id);
    await follow(client, id, (events) => count(events, 'group.completed') > 0);
    written.set('questions', await recorder.step('questions'));

    const session = await client.getSession(id);
    for (const question of session.questions) await client.submitAnswer(id, question.id, `We used ${question.skill} on the team.`);
    await follow(client, id, (events) => count(events, 'deepdive.ready') + count(events, 'answer.completed') >= session.questions.length);
    written.set('thin answers', await recorder.step('answers'));

    for (const question of session.questions) {
      await client.submitAnswer(id, question.id, `I set up ${question.skill} myself for 3 services; releases went from 2 days to 4 hours.`);
    }
    await follow(client, id, (events) => count(events, 'answer.completed') >= session.questions.length);
    await client.getReport(id);
    written.set('deep dives and final answers', await recorder.step('final'));

    await client.eraseSession(id);
    written.set('erase', await recorder.step('erase'));

    const tag = `{${encodeKeyPart(id)}}`;
    const tenantKeyHash = hashApiKey(key);
    const ownerOf = (written: string): Owner | undefined => {
      if (written.startsWith('{gapflow}:')) return 'bullmq';
      if (written.includes(tag)) return 'session';
      if (written === `gapflow:erased:${createHash('sha256').update(id).digest('hex')}`) return 'session';
      if (written.startsWith(`gapflow:rate:${tenantKeyHash}:`) || written === `gapflow:apikey:${tenantKeyHash}` || written === 'gapflow:tenant:{acme}:sessions') return 'tenant';
      if (/^gapflow:(quota|embedding):\{[^}]+\}:/.test(written)) return 'model';
      return undefined;
    };

    const unowned = [...written.values()].flat().filter((written) => ownerOf(written) === undefined);
    expect(unowned).toEqual([]);
    // Each step wrote something of the session itself, so the listing is not vacuous.
    for (const [step, keys] of written) expect({ step, sessionKeys: keys.some((k) => ownerOf(k) === 'session') }).toEqual({ step, sessionKeys: true });
    // The session's document, its events, results, checkpoints and the tombstone were among them.
    const all = [...written.values()].flat();
    expect(all).toEqual(expect.arrayContaining([`gapflow:${tag}:session`, `gapflow:${tag}:events`, `gapflow:${tag}:results`, `gapflow:erased:${createHash('sha256').update(id).digest('hex')}`]));
    expect(all.some((k) => k.startsWith(`gapflow:cp:${tag}:`))).toBe(true);
  });
});
