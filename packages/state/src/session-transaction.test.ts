import { sampleSession, TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { createStateStores, type StateStores } from './state-stores';

describe.each(TEST_REDIS_BACKENDS)('writes of one session committed together on $name', ({ start }) => {
  let redis: TestRedis;
  let state: StateStores;

  beforeAll(async () => {
    redis = await start();
    state = createStateStores({ client: redis.client(), keyPrefix: '{gapflow}', ttlSeconds: 3_600 });
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('stores a result with the event that announces it, touches the session, and a second run changes neither', async () => {
    const session = sampleSession('acme');
    await state.sessions.create(session);
    await redis.client().pexpire(state.keys.session(session.id), 60_000);
    const announce = (text: string) => [
      state.results.putFirstWrite(session.id, { kind: 'gap', id: 'gap-a' }, { text }),
      state.events.appendWrite(session.id, { type: 'question.ready', data: { gapId: 'gap-a', text }, idempotencyKey: 'question:gap-a' }),
    ];

    await state.commitTogether(announce('first'));
    await state.commitTogether(announce('retried'));

    expect(await state.results.get(session.id, { kind: 'gap', id: 'gap-a' })).toEqual({ text: 'first' });
    const events = await redis.client().xrange(state.keys.events(session.id), '-', '+');
    expect(events.map(([, fields]) => fields[3])).toEqual([JSON.stringify({ gapId: 'gap-a', text: 'first' })]);
    // The result touched the session: its document lives a TTL again.
    expect(await redis.client().pttl(state.keys.session(session.id))).toBeGreaterThan(60_000);
  });

  it('fails when one of the writes is refused, leaving the others applied (no rollback), so the caller tries again', async () => {
    const session = sampleSession('acme');
    await state.sessions.create(session);
    // The events key holds a string: XADD on it is refused (WRONGTYPE).
    await redis.client().set(state.keys.events(session.id), 'not a stream');
    const committed = state.commitTogether([
      state.results.putFirstWrite(session.id, { kind: 'gap', id: 'gap-b' }, { text: 'kept' }),
      state.events.appendWrite(session.id, { type: 'question.ready', data: {}, idempotencyKey: 'question:gap-b' }),
    ]);
    await expect(committed).rejects.toThrow(/WRONGTYPE/);
    expect(await state.results.get(session.id, { kind: 'gap', id: 'gap-b' })).toEqual({ text: 'kept' });

    // The retry, once the key is right again, lands where a whole commit would have.
    await redis.client().del(state.keys.events(session.id));
    await state.commitTogether([
      state.results.putFirstWrite(session.id, { kind: 'gap', id: 'gap-b' }, { text: 'retried' }),
      state.events.appendWrite(session.id, { type: 'question.ready', data: {}, idempotencyKey: 'question:gap-b' }),
    ]);
    expect(await state.results.get(session.id, { kind: 'gap', id: 'gap-b' })).toEqual({ text: 'kept' });
    expect(await redis.client().xlen(state.keys.events(session.id))).toBe(1);
  });
});
