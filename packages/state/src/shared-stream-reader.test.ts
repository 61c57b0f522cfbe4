import type { SessionEvent } from '@gapflow/core';
import calculateSlot from 'cluster-key-slot';
import { TestRedisCluster, TestRedisServer } from '@gapflow/testing';
import { setMaxListeners } from 'node:events';
import type { Redis } from 'ioredis';
import { erasureTombstoneKey } from './erasure-tombstone';
import { EventStream } from './event-stream';
import { GapflowKeys } from './keys';
import { isSubscriberTooSlow } from './subscriber-too-slow-error';

describe('SharedStreamReader', () => {
  let redis: TestRedisServer;
  let admin: Redis;
  const keys = new GapflowKeys('gapflow');
  let sessionCounter = 0;
  const newSession = () => `ses-reader-${(sessionCounter += 1)}-${Date.now()}`;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    admin = redis.client();
  });

  afterAll(async () => {
    await redis.stop();
  });

  /** Connections blocked in XREAD on the test's server. */
  const blockingReads = async () => String(await admin.client('LIST')).split('\n').filter((line) => line.includes('cmd=xread')).length;

  const waitFor = async (condition: () => boolean | Promise<boolean>) => {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  /** Takes events until `stop` says so, pulling as fast as it can. */
  async function take(stream: AsyncGenerator<SessionEvent>, stop: (events: SessionEvent[]) => boolean): Promise<SessionEvent[]> {
    const events: SessionEvent[] = [];
    for await (const event of stream) {
      events.push(event);
      if (stop(events)) break;
    }
    return events;
  }

  describe('with many clients over many sessions', () => {
    it('reads them all over one blocking connection and gives every client every event of its session, in order, once', async () => {
      // A block time far longer than the test: a session that joins late is heard only because the reader is woken.
      const events = new EventStream({ client: redis.client(), keys, reader: { blockMs: 60_000 } });
      const sessions = Array.from({ length: 10 }, newSession);
      const controller = new AbortController();
      setMaxListeners(100, controller.signal);
      const eventsPerSession = 20;
      const received = sessions.flatMap((sessionId) =>
        Array.from({ length: 5 }, () => take(events.subscribe(sessionId, '0', { signal: controller.signal }), (seen) => seen.length === eventsPerSession).then((seen) => ({ sessionId, seen }))),
      );
      await waitFor(() => events.reader.stats().subscribers === 50 && events.reader.stats().streams === 10);
      await waitFor(async () => (await blockingReads()) === 1);
      for (let index = 0; index < eventsPerSession; index += 1) {
        await Promise.all(sessions.map((sessionId) => events.append(sessionId, { type: 'question.ready', data: { sessionId, index } })));
      }
      const results = await Promise.all(received);
      controller.abort();

      for (const { sessionId, seen } of results) {
        expect(seen.map((event) => event.data)).toEqual(Array.from({ length: eventsPerSession }, (_, index) => ({ sessionId, index })));
      }
      // Every client gone: nothing followed any more, and the blocking connection closed.
      expect(events.reader.stats()).toEqual({ streams: 0, subscribers: 0, activeLanes: 0 });
      await waitFor(async () => (await blockingReads()) === 0);
    });
  });

  describe('when a session joins while the reader is blocked', () => {
    it('wakes the read so the new session is heard at once, not after the block time', async () => {
      // The test's own timeout is far below this block time.
      const events = new EventStream({ client: redis.client(), keys, reader: { blockMs: 600_000 } });
      const [first, late] = [newSession(), newSession()];
      const controller = new AbortController();
      const firstClient = events.subscribe(first, '$', { signal: controller.signal });
      const firstNext = firstClient.next();
      await waitFor(async () => (await blockingReads()) === 1);
      const lateClient = events.subscribe(late, '$', { signal: controller.signal });
      const lateNext = lateClient.next();
      await waitFor(() => events.reader.stats().streams === 2);
      await events.append(late, { type: 'question.ready', data: 'late' });
      expect((await lateNext).value).toMatchObject({ data: 'late' });
      await events.append(first, { type: 'question.ready', data: 'first' });
      expect((await firstNext).value).toMatchObject({ data: 'first' });
      controller.abort();
      await waitFor(async () => (await blockingReads()) === 0);
    });
  });

  describe('when a client resumes with Last-Event-ID while others follow the session live', () => {
    it('catches up from its own cursor, then joins the live events without a gap or a duplicate', async () => {
      const events = new EventStream({ client: redis.client(), keys, reader: { blockMs: 60_000 } });
      const sessionId = newSession();
      const ids: string[] = [];
      for (let index = 0; index < 30; index += 1) ids.push(await events.append(sessionId, { type: 'answer.delta', data: index }));
      const controller = new AbortController();
      const total = 300;
      const live = take(events.subscribe(sessionId, ids[29] as string, { signal: controller.signal }), (seen) => seen.length === total - 30);
      await waitFor(() => events.reader.stats().streams === 1);
      // Appends run while the resuming client catches up, so the shared cursor moves under it.
      const appending = (async () => {
        for (let index = 30; index < total; index += 1) await events.append(sessionId, { type: 'answer.delta', data: index });
      })();
      await new Promise((resolve) => setTimeout(resolve, 20));
      // A small bound makes the catch-up take many pages.
      const resumed = take(events.subscribe(sessionId, ids[9] as string, { signal: controller.signal, maxQueuedEvents: 400 }), (seen) => seen.length === total - 10);
      await appending;
      const [liveSeen, resumedSeen] = await Promise.all([live, resumed]);
      controller.abort();

      expect(liveSeen.map((event) => event.data)).toEqual(Array.from({ length: total - 30 }, (_, index) => index + 30));
      expect(resumedSeen.map((event) => event.data)).toEqual(Array.from({ length: total - 10 }, (_, index) => index + 10));
    });
  });

  describe('when a client stops taking events', () => {
    it('drops it once more than its bound is held, and keeps serving the others', async () => {
      const events = new EventStream({ client: redis.client(), keys, reader: { blockMs: 60_000 } });
      const sessionId = newSession();
      const controller = new AbortController();
      const slow = events.subscribe(sessionId, '$', { signal: controller.signal, maxQueuedEvents: 10 });
      // Takes the first event, then nothing more for a while.
      const first = slow.next();
      const healthy = take(events.subscribe(sessionId, '$', { signal: controller.signal }), (seen) => seen.length === 50);
      await waitFor(() => events.reader.stats().subscribers === 2);
      await waitFor(async () => (await blockingReads()) === 1);
      for (let index = 0; index < 50; index += 1) await events.append(sessionId, { type: 'answer.delta', data: index });
      expect((await first).value).toMatchObject({ data: 0 });
      expect((await healthy).map((event) => event.data)).toEqual(Array.from({ length: 50 }, (_, index) => index));
      // Dropped while it was not reading: its memory went with it.
      expect(events.reader.stats().subscribers).toBe(0);
      const error = await slow.next().catch((caught: unknown) => caught);
      expect(isSubscriberTooSlow(error)).toBe(true);
      controller.abort();
    });
  });

  describe('when the session is erased', () => {
    it('ends every client with session.erased as the last event', async () => {
      const events = new EventStream({ client: redis.client(), keys, reader: { blockMs: 60_000 } });
      const sessionId = newSession();
      await events.append(sessionId, { type: 'session.created', data: {} });
      const controller = new AbortController();
      const clients = Array.from({ length: 3 }, () => take(events.subscribe(sessionId, '0', { signal: controller.signal }), () => false));
      await waitFor(() => events.reader.stats().subscribers === 3);
      await events.append(sessionId, { type: 'session.erased', data: {}, idempotencyKey: 'session.erased' });
      for (const seen of await Promise.all(clients)) expect(seen.map((event) => event.type)).toEqual(['session.created', 'session.erased']);
      expect(events.reader.stats().streams).toBe(0);
      controller.abort();
    });

    it('ends a client whose stream went before the reader saw its last event, from the tombstone', async () => {
      const events = new EventStream({ client: redis.client(), keys, reader: { blockMs: 100 } });
      const sessionId = newSession();
      const controller = new AbortController();
      const client = take(events.subscribe(sessionId, '$', { signal: controller.signal }), () => false);
      await waitFor(() => events.reader.stats().subscribers === 1);
      await waitFor(async () => (await blockingReads()) === 1);
      // As erasure does it, but with the stream deleted in the same round trip as the last event,
      // so that the reader finds only the tombstone.
      await admin
        .multi()
        .set(erasureTombstoneKey(keys, sessionId), '1', 'EX', 60)
        .xadd(keys.events(sessionId), '*', 'type', 'session.erased', 'data', '{}', 'at', new Date().toISOString())
        .del(keys.events(sessionId))
        .exec();
      expect((await client).map((event) => event.type)).toEqual(['session.erased']);
      controller.abort();
    });
  });

  describe('when the reader loses its connection', () => {
    it('reconnects and delivers what was appended meanwhile, once', async () => {
      const events = new EventStream({ client: redis.client(), keys, reader: { blockMs: 60_000 } });
      const sessionId = newSession();
      const controller = new AbortController();
      const client = take(events.subscribe(sessionId, '$', { signal: controller.signal }), (seen) => seen.length === 4);
      await waitFor(async () => (await blockingReads()) === 1);
      await events.append(sessionId, { type: 'answer.delta', data: 0 });
      await events.append(sessionId, { type: 'answer.delta', data: 1 });
      await waitFor(async () => (await blockingReads()) === 1);
      const readerId = /id=(\d+)[^\n]*cmd=xread/.exec(String(await admin.client('LIST')))?.[1] as string;
      await admin.client('KILL', 'ID', readerId);
      await events.append(sessionId, { type: 'answer.delta', data: 2 });
      await events.append(sessionId, { type: 'answer.delta', data: 3 });
      expect((await client).map((event) => event.data)).toEqual([0, 1, 2, 3]);
      controller.abort();
    });
  });

  describe('when a client leaves mid-stream', () => {
    it('stops following its session when the last client leaves, and closes the blocking connection with the last session', async () => {
      const events = new EventStream({ client: redis.client(), keys, reader: { blockMs: 60_000 } });
      const [leaving, staying] = [newSession(), newSession()];
      const leaveController = new AbortController();
      const stayController = new AbortController();
      const leaver = events.subscribe(leaving, '$', { signal: leaveController.signal });
      const leaverFirst = leaver.next();
      const stayer = take(events.subscribe(staying, '$', { signal: stayController.signal }), (seen) => seen.length === 2);
      await waitFor(() => events.reader.stats().streams === 2);
      await waitFor(async () => (await blockingReads()) === 1);
      await events.append(leaving, { type: 'answer.delta', data: 'to the leaver' });
      expect((await leaverFirst).value).toMatchObject({ data: 'to the leaver' });

      leaveController.abort();
      expect(await leaver.next()).toEqual({ done: true, value: undefined });
      expect(events.reader.stats()).toEqual({ streams: 1, subscribers: 1, activeLanes: 1 });
      // The leaver's session goes on without it; the other client is unaffected.
      await events.append(leaving, { type: 'answer.delta', data: 'nobody listens' });
      await events.append(staying, { type: 'answer.delta', data: 1 });
      await events.append(staying, { type: 'answer.delta', data: 2 });
      expect((await stayer).map((event) => event.data)).toEqual([1, 2]);

      stayController.abort();
      expect(events.reader.stats()).toEqual({ streams: 0, subscribers: 0, activeLanes: 0 });
      await waitFor(async () => (await blockingReads()) === 0);
    });
  });
});

describe('SharedStreamReader on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  const keys = new GapflowKeys('gapflow');

  beforeAll(async () => {
    cluster = await TestRedisCluster.start();
  });

  afterAll(async () => {
    await cluster.stop();
  });

  it('reads sessions of different slots in lanes of their own (one XREAD over two slots is CROSSSLOT) and gives each its events', async () => {
    const client = cluster.client();
    const events = new EventStream({ client, keys, reader: { blockMs: 500 } });
    const sessions = Array.from({ length: 6 }, (_, index) => `ses-cluster-reader-${index}-${Date.now()}`);
    const slots = new Set(sessions.map((sessionId) => calculateSlot(keys.events(sessionId))));
    expect(slots.size).toBeGreaterThan(1);
    const controller = new AbortController();
    const received = sessions.map(async (sessionId) => {
      const seen: SessionEvent[] = [];
      for await (const event of events.subscribe(sessionId, '0', { signal: controller.signal })) {
        seen.push(event);
        if (seen.length === 3) break;
      }
      return { sessionId, seen };
    });
    for (let index = 0; index < 3; index += 1) {
      await Promise.all(sessions.map((sessionId) => events.append(sessionId, { type: 'question.ready', data: { sessionId, index } })));
    }
    for (const { sessionId, seen } of await Promise.all(received)) {
      expect(seen.map((event) => event.data)).toEqual([0, 1, 2].map((index) => ({ sessionId, index })));
    }
    expect(events.reader.stats().streams).toBe(0);
    controller.abort();
  });
});
