import { sampleSession, scanKeys, TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { encodeKeyPart } from './key-part';
import { pauseOnDeepDive } from './paused-thread.fixture';
import { SessionLifetime } from './session-lifetime';
import { threadIdFor } from './session-thread';
import { createStateStores, type StateStores } from './state-stores';

const TTL_SECONDS = 3_600;

describe.each(TEST_REDIS_BACKENDS)('the lifetime of a session on $name', ({ start }) => {
  let redis: TestRedis;
  let state: StateStores;

  beforeAll(async () => {
    redis = await start();
    state = createStateStores({ client: redis.client(), keyPrefix: '{gapflow}', ttlSeconds: TTL_SECONDS });
  });

  afterAll(async () => {
    await redis.stop();
  });

  const keysOf = (sessionId: string) => scanKeys(redis.client(), `*{${encodeKeyPart(sessionId)}}*`);

  /**
   * Ages every key of the session to `pttlMs` milliseconds left, as hours of silence would;
   * the marker of the last thread refresh, which lives a minute at most, is gone by then.
   */
  async function age(sessionId: string, pttlMs: number): Promise<string[]> {
    await redis.client().del(state.keys.threadsRefreshed(sessionId));
    const keys = await keysOf(sessionId);
    for (const key of keys) await redis.client().pexpire(key, pttlMs);
    return keys;
  }

  /** A session paused on a deep dive, then silent for most of a TTL (a minute left). */
  async function pausedAndAged(): Promise<{ session: ReturnType<typeof sampleSession>; lifetime: SessionLifetime }> {
    const session = sampleSession('acme');
    await state.sessions.create(session);
    await pauseOnDeepDive(state, session.id, 'q-1');
    await age(session.id, 60_000);
    return { session, lifetime: new SessionLifetime({ client: redis.client(), keys: state.keys, ttlSeconds: TTL_SECONDS }) };
  }

  it('refreshes the session document, its records and its paused threads when a result is written', async () => {
    const session = sampleSession('acme');
    await state.sessions.create(session);
    await pauseOnDeepDive(state, session.id, 'q-1');
    await state.answerAttempts.next(session.id, 'q-1');
    const aged = await age(session.id, 60_000);
    expect(aged).toContain(state.keys.answerAttempts(session.id));
    const checkpointKeys = aged.filter((key) => key.includes(':cp:'));
    expect(checkpointKeys.length).toBeGreaterThan(4);

    await state.results.set(session.id, { kind: 'answer', id: 'q-2' }, { status: 'evaluating' });

    const stale: string[] = [];
    for (const key of aged) if ((await redis.client().pttl(key)) <= 60_000) stale.push(key);
    expect(stale).toEqual([]);
    expect(await state.checkpoints.getTuple({ configurable: { thread_id: threadIdFor(session.id, 'q-1') } })).toBeDefined();
  });

  it('refreshes them on a session update too', async () => {
    const session = sampleSession('acme');
    await state.sessions.create(session);
    await pauseOnDeepDive(state, session.id, 'q-1');
    const aged = await age(session.id, 60_000);
    await state.sessions.updateStatus('acme', session.id, 'interviewing');
    for (const key of aged) expect(await redis.client().pttl(key)).toBeGreaterThan(60_000);
  });

  it('refreshes the thread keys once per margin, and they still outlive the document on every touch', async () => {
    const { session, lifetime } = await pausedAndAged();
    await state.results.set(session.id, { kind: 'answer', id: 'q-1' }, { status: 'evaluating' });
    const threadKeys = (await keysOf(session.id)).filter((key) => key.includes(':cp:'));
    for (const key of threadKeys) expect(await redis.client().pttl(key)).toBeGreaterThan(TTL_SECONDS * 1_000);

    // Within the margin a touch leaves the thread keys as they are: one is set just above the
    // document's TTL, and another touch does not move it.
    const probe = threadKeys[0] as string;
    await redis.client().pexpire(probe, TTL_SECONDS * 1_000 + 30_000);
    await state.results.set(session.id, { kind: 'answer', id: 'q-1' }, { status: 'composing' });
    const probeTtl = await redis.client().pttl(probe);
    expect(probeTtl).toBeLessThanOrEqual(TTL_SECONDS * 1_000 + 30_000);
    // … and every thread key still outlives the document as touched now.
    const documentTtl = await redis.client().pttl(state.keys.session(session.id));
    for (const key of threadKeys) expect(await redis.client().pttl(key)).toBeGreaterThanOrEqual(documentTtl);

    // Once the margin has passed (its marker gone), the next touch refreshes them all again.
    await redis.client().del(state.keys.threadsRefreshed(session.id));
    await lifetime.touch(session.id);
    expect(await redis.client().pttl(probe)).toBeGreaterThan(TTL_SECONDS * 1_000 + 30_000);
  });

  it('keeps every thread key alive past the document when a touch comes near the end of a margin', async () => {
    const { session, lifetime } = await pausedAndAged();
    await lifetime.touch(session.id);
    // All but ten seconds of the margin pass: every key, the refresh's marker too, is that much
    // older. (Ten, not one: aging key by key takes real time on a busy machine, during which the
    // aged thread keys run down while the document is touched afresh.)
    const elapsedMs = (lifetime.threadMarginSeconds - 10) * 1_000;
    for (const key of await keysOf(session.id)) await redis.client().pexpire(key, (await redis.client().pttl(key)) - elapsedMs);
    expect(await redis.client().exists(state.keys.threadsRefreshed(session.id))).toBe(1);

    await lifetime.touch(session.id);

    const documentTtl = await redis.client().pttl(state.keys.session(session.id));
    expect(documentTtl).toBeGreaterThan(TTL_SECONDS * 1_000 - 5_000);
    const threadKeys = (await keysOf(session.id)).filter((key) => key.includes(':cp:'));
    expect(threadKeys.length).toBeGreaterThan(4);
    for (const key of threadKeys) expect(await redis.client().pttl(key)).toBeGreaterThanOrEqual(documentTtl);
  });

  it('never revives what is left of a session whose document expired', async () => {
    const session = sampleSession('acme');
    await state.sessions.create(session);
    await pauseOnDeepDive(state, session.id, 'q-1');
    await age(session.id, 60_000);
    await redis.client().del(state.keys.session(session.id));

    await state.results.set(session.id, { kind: 'answer', id: 'q-1' }, { status: 'evaluating' });

    const checkpointKeys = (await keysOf(session.id)).filter((key) => key.includes(':cp:'));
    expect(checkpointKeys.length).toBeGreaterThan(4);
    for (const key of checkpointKeys) expect(await redis.client().pttl(key)).toBeLessThanOrEqual(60_000);
  });
});
