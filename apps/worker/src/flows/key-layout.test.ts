import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { encodeKeyPart, hashApiKey } from '@gapflow/state';
import { loadSample, readServerSentEvents, TestRedisServer, type ReceivedEvent } from '@gapflow/testing';
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

  const headers = () => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
  const api = (path: string, init: RequestInit = {}) => fetch(`${gateway.url}${path}`, { ...init, headers: headers() });
  const follow = (sessionId: string, until: (events: ReceivedEvent[]) => boolean) =>
    readServerSentEvents(`${gateway.url}/v1/sessions/${sessionId}/events`, { headers: headers(), until });
  const count = (events: ReceivedEvent[], type: string) => events.filter((event) => event.event === type).length;

  it('writes only keys of the session, its tenant or a model, besides BullMQ’s own', async () => {
    const recorder = new KeyWriteRecorder(redis.client(), redis.client());
    await recorder.start();
    const written = new Map<string, string[]>();

    const created = await api('/v1/sessions', { method: 'POST', body: JSON.stringify({ cv: sample.cv, jd: sample.jd, gaps }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    written.set('create', await recorder.step('create'));

    expect((await api(`/v1/sessions/${id}/questions`, { method: 'POST', body: '{}' })).status).toBe(202);
    await follow(id, (events) => count(events, 'group.completed') > 0);
    written.set('questions', await recorder.step('questions'));

    const session = (await (await api(`/v1/sessions/${id}`)).json()) as { questions: { id: string; skill: string }[] };
    for (const question of session.questions) {
      const answered = await api(`/v1/sessions/${id}/questions/${question.id}/answers`, { method: 'POST', body: JSON.stringify({ text: `We used ${question.skill} on the team.` }) });
      expect(answered.status).toBe(202);
    }
    await follow(id, (events) => count(events, 'deepdive.ready') + count(events, 'answer.completed') >= session.questions.length);
    written.set('thin answers', await recorder.step('answers'));

    for (const question of session.questions) {
      const text = `I set up ${question.skill} myself for 3 services; releases went from 2 days to 4 hours.`;
      await api(`/v1/sessions/${id}/questions/${question.id}/answers`, { method: 'POST', body: JSON.stringify({ text }) });
    }
    await follow(id, (events) => count(events, 'answer.completed') >= session.questions.length);
    expect((await api(`/v1/sessions/${id}/report`)).status).toBe(200);
    written.set('deep dives and final answers', await recorder.step('final'));

    expect((await api(`/v1/sessions/${id}`, { method: 'DELETE' })).status).toBeLessThan(300);
    written.set('erase', await recorder.step('erase'));

    const tag = `{${encodeKeyPart(id)}}`;
    const tenantKeyHash = hashApiKey(key);
    const ownerOf = (written: string): Owner | undefined => {
      if (written.startsWith('{gapflow}:')) return 'bullmq';
      if (written.includes(tag)) return 'session';
      if (written === `gapflow:erased:${createHash('sha256').update(id).digest('hex')}`) return 'session';
      if (written.startsWith(`gapflow:rate:${tenantKeyHash}:`) || written === `gapflow:apikey:${tenantKeyHash}`) return 'tenant';
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
