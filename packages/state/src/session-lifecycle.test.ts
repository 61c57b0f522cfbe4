import { isGapflowError } from '@gapflow/core';
import { sampleSession, scanKeys, TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import type { Session } from '@gapflow/core';
import { SharedContextCaches } from './shared-context-caches';
import { encodeKeyPart } from './key-part';
import { pauseOnDeepDive } from './paused-thread.fixture';
import { threadIdFor } from './session-thread';
import type { RedisClient } from './redis-connection';
import { createStateStores, type StateStores } from './state-stores';

/** A whole session's worth of state: document, results, events, context cache, paused graph threads. */
async function runFullSession(state: StateStores, session: Session, client: RedisClient): Promise<void> {
  await state.sessions.create(session);
  await state.sessions.updateStatus(session.tenantId, session.id, 'interviewing');
  await state.results.put(session.id, { kind: 'gap', id: 'gap-terraform' }, { text: 'Tell me about Terraform.' });
  await state.results.put(session.id, { kind: 'job', id: 'job-1' }, { state: 'completed' });
  await state.events.append(session.id, { type: 'question.ready', data: { gapId: 'gap-terraform' }, idempotencyKey: 'q:gap-terraform' });
  await state.sessionJobs.record(session.id, ['evaluations-job-1']);
  await state.answerAttempts.next(session.id, 'q-1');
  // The session's Gemini context cache: its record and the set of names made for it.
  const contextCaches = new SharedContextCaches({
    client,
    keys: state.keys,
    backend: { create: async () => ({ name: 'cachedContents/c1', expiresAt: Date.now() + 3_600_000 }), extend: async (name) => ({ name, expiresAt: Date.now() + 3_600_000 }), delete: async () => undefined, isTooSmall: () => false },
    minTokensFor: () => 1,
  });
  await contextCaches.lookup(session.id, 'instructions and documents', 'gemini-2.5-flash');

  for (const question of ['q-1', 'q-2']) await pauseOnDeepDive(state, session.id, question);
}

describe.each(TEST_REDIS_BACKENDS)('a session in Redis from start to erasure on $name', ({ start }) => {
  let redis: TestRedis;
  let state: StateStores;

  beforeAll(async () => {
    redis = await start();
    state = createStateStores({ client: redis.client(), keyPrefix: '{gapflow}', ttlSeconds: 3_600 });
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('gives every key of the session a TTL, so nothing outlives it; its tenant’s list (ids only) keeps no TTL', async () => {
    const session = sampleSession('acme');
    await runFullSession(state, session, redis.client());
    const keys = await scanKeys(redis.client());
    expect(keys.length).toBeGreaterThan(10);
    const withoutTtl: string[] = [];
    for (const key of keys) if ((await redis.client().ttl(key)) < 0) withoutTtl.push(key);
    // The tenant's list is the tenant's, like its keys: it outlives sessions (an active one could
    // outlive any fixed TTL), and holds only ids, each dropped with its session.
    const tenantList = state.keys.tenantSessions('acme');
    expect(withoutTtl.filter((key) => key !== tenantList)).toEqual([]);
    expect(await redis.client().zrange(tenantList, 0, -1)).toEqual(expect.arrayContaining([session.id]));
  });

  it('erases every key of a session and nothing of another', async () => {
    const doomed = sampleSession('acme');
    const kept = sampleSession('acme');
    await runFullSession(state, doomed, redis.client());
    await runFullSession(state, kept, redis.client());
    const mentioning = (id: string) => scanKeys(redis.client(), `*${encodeKeyPart(id)}*`);
    const before = await mentioning(doomed.id);
    expect(before.length).toBeGreaterThan(8);
    const keptBefore = (await mentioning(kept.id)).length;

    const handed: { jobs: string[]; caches: string[] } = { jobs: [], caches: [] };
    const report = await state.eraser.erase('acme', doomed.id, {
      removeJobs: async (ids) => handed.jobs.push(...ids),
      deleteContextCaches: async (names) => handed.caches.push(...names),
    });

    expect(handed).toEqual({ jobs: ['evaluations-job-1'], caches: ['cachedContents/c1'] });
    expect(report.jobsRemoved).toBe(1);
    expect(await mentioning(doomed.id)).toEqual([]);
    // Every key that named the session was removed and counted.
    expect(report.keysRemoved).toBe(before.length);
    expect(await mentioning(kept.id)).toHaveLength(keptBefore);
    await expect(state.sessions.get('acme', doomed.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await state.checkpoints.getTuple({ configurable: { thread_id: threadIdFor(doomed.id, 'q-1') } })).toBeUndefined();
    expect(await state.checkpoints.getTuple({ configurable: { thread_id: threadIdFor(kept.id, 'q-1') } })).toBeDefined();
  });

  it('ends a subscription with session.erased, also for a subscriber that was between reads', async () => {
    const session = sampleSession('acme');
    await runFullSession(state, session, redis.client());
    const controller = new AbortController();
    // Created but not yet reading: its first read comes after the stream is gone.
    const subscription = state.events.subscribe(session.id, '$', { signal: controller.signal });
    await state.eraser.erase('acme', session.id);
    const received: string[] = [];
    for await (const event of subscription) received.push(event.type);
    controller.abort();
    expect(received).toEqual(['session.erased']);
  });

  it('marks the session erased before it reads the names of its Gemini caches, so a cache created meanwhile is deleted by its creator', async () => {
    const session = sampleSession('acme');
    await runFullSession(state, session, redis.client());
    let erasedWhenNamesRead: boolean | undefined;
    await state.eraser.erase('acme', session.id, {
      removeJobs: async () => undefined,
      deleteContextCaches: async (names) => {
        expect(names).toEqual(['cachedContents/c1']);
        erasedWhenNamesRead = await state.eraser.isErased(session.id);
      },
    });
    expect(erasedWhenNamesRead).toBe(true);
  });

  it("lets only the owning tenant erase a session", async () => {
    const session = sampleSession('acme');
    await runFullSession(state, session, redis.client());
    const error = await state.eraser.erase('globex', session.id).catch((e: unknown) => e);
    expect(isGapflowError(error, 'NOT_FOUND')).toBe(true);
    expect((await state.sessions.get('acme', session.id)).id).toBe(session.id);
  });
});
