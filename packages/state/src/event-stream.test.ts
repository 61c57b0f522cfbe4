import type { SessionEvent } from '@gapflow/core';
import { everyPrimary, TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { EventStream } from './event-stream';
import { GapflowKeys } from './keys';

describe.each(TEST_REDIS_BACKENDS)('EventStream on $name', ({ start }) => {
  let redis: TestRedis;
  const keys = new GapflowKeys('gapflow');

  beforeAll(async () => {
    redis = await start();
  });

  afterAll(async () => {
    await redis.stop();
  });

  async function collect(stream: AsyncGenerator<SessionEvent>, count: number): Promise<SessionEvent[]> {
    const events: SessionEvent[] = [];
    for await (const event of stream) {
      events.push(event);
      if (events.length === count) break;
    }
    return events;
  }

  /** The stream as stored, oldest first, after `afterId` (exclusive). */
  async function stored(sessionId: string, afterId?: string): Promise<{ id: string; data: unknown }[]> {
    const entries = (await redis.client().xrange(keys.events(sessionId), afterId ? `(${afterId}` : '-', '+')) as [string, string[]][];
    return entries.map(([id, fields]) => ({ id, data: JSON.parse(fields[fields.indexOf('data') + 1] as string) as unknown }));
  }

  it('appends events in order, each with its own id', async () => {
    const events = new EventStream({ client: redis.client(), keys });
    const ids = [];
    for (let index = 0; index < 5; index += 1) ids.push(await events.append('ses-read', { type: 'question.ready', data: { index } }));
    expect((await stored('ses-read')).map((event) => (event.data as { index: number }).index)).toEqual([0, 1, 2, 3, 4]);
    expect((await stored('ses-read', ids[2])).map((event) => event.id)).toEqual(ids.slice(3));
  });

  it('appends once per idempotency key, returning the first id', async () => {
    const events = new EventStream({ client: redis.client(), keys });
    const first = await events.append('ses-idem', { type: 'question.ready', data: { gap: 'a' }, idempotencyKey: 'question:gap-a' });
    const again = await events.append('ses-idem', { type: 'question.ready', data: { gap: 'a' }, idempotencyKey: 'question:gap-a' });
    expect(again).toBe(first);
    expect(await stored('ses-idem')).toHaveLength(1);
  });

  it('keeps the stream bounded', async () => {
    const events = new EventStream({ client: redis.client(), keys, maxLength: 100 });
    for (let index = 0; index < 1_000; index += 1) await events.append('ses-bounded', { type: 'answer.delta', data: index });
    // MAXLEN ~ trims whole macro nodes, so the length settles near the bound, not at it.
    expect(await redis.client().xlen(keys.events('ses-bounded'))).toBeLessThan(300);
  });

  it('gives a client that reconnects to another replica with Last-Event-ID every missed event, once', async () => {
    const writer = new EventStream({ client: redis.client(), keys });
    const gatewayOne = new EventStream({ client: redis.client(), keys, reader: { blockMs: 100 } });
    const gatewayTwo = new EventStream({ client: redis.client(), keys, reader: { blockMs: 100 } });
    for (let index = 0; index < 3; index += 1) await writer.append('ses-sse', { type: 'question.ready', data: index });

    const first = new AbortController();
    const seenOnOne = await collect(gatewayOne.subscribe('ses-sse', '0', { signal: first.signal }), 3);
    first.abort();
    const lastEventId = seenOnOne[seenOnOne.length - 1]?.id as string;

    // While the client is away, more events happen.
    for (let index = 3; index < 6; index += 1) await writer.append('ses-sse', { type: 'question.ready', data: index });

    const second = new AbortController();
    const resumed = gatewayTwo.subscribe('ses-sse', lastEventId, { signal: second.signal });
    const late = setTimeout(() => void writer.append('ses-sse', { type: 'group.completed', data: 'done' }), 200);
    const seenOnTwo = await collect(resumed, 4);
    second.abort();
    clearTimeout(late);

    expect([...seenOnOne, ...seenOnTwo].map((event) => event.data)).toEqual([0, 1, 2, 3, 4, 5, 'done']);
  });

  it('ends a subscription promptly when the client goes away', async () => {
    const events = new EventStream({ client: redis.client(), keys, reader: { blockMs: 60_000 } });
    const controller = new AbortController();
    const stream = events.subscribe('ses-quiet', '0', { signal: controller.signal });
    const next = stream.next();
    setTimeout(() => controller.abort(), 50);
    await expect(next).resolves.toEqual({ done: true, value: undefined });
  });

  it('closes its connection once, leaving no timer that would hold the process open', async () => {
    const admin = redis.client();
    const subscribers = async () => {
      const lists = await Promise.all((await everyPrimary(admin)).map((server) => server.client('LIST')));
      return lists.join('\n').split('\n').filter((line) => line.includes('cmd=xread')).length;
    };
    const timers = () => process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length;
    const events = new EventStream({ client: redis.client(), keys, reader: { blockMs: 60_000 } });
    const timersBefore = timers();
    const controller = new AbortController();
    const stream = events.subscribe('ses-closing', '0', { signal: controller.signal });
    const next = stream.next();
    while ((await subscribers()) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await next;
    while ((await subscribers()) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setImmediate(resolve));
    // A second disconnect() of an ended ioredis connection arms a 2 s timer that nothing
    // clears: the jest worker that ran this could not exit in time and was force-killed.
    // Other clients' own short timers (a cluster client's slot refresh) may be running at this
    // instant: they get half a second to end, which the 2 s timer outlasts.
    for (let waited = 0; timers() > timersBefore && waited < 500; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(timers()).toBeLessThanOrEqual(timersBefore);
  });
});
