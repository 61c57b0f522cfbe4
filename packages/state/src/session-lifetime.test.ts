import { sampleSession, scanKeys, TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { encodeKeyPart } from './key-part';
import { pauseOnDeepDive } from './paused-thread.fixture';
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

  /** Ages every key of the session to `pttlMs` milliseconds left, as hours of silence would. */
  async function age(sessionId: string, pttlMs: number): Promise<string[]> {
    const keys = await keysOf(sessionId);
    for (const key of keys) await redis.client().pexpire(key, pttlMs);
    return keys;
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
