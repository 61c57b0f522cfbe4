import { isGapflowError } from '@gapflow/core';
import { sampleSession, TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { GapflowKeys } from './keys';
import { SessionStore } from './session-store';

describe.each(TEST_REDIS_BACKENDS)('SessionStore on $name', ({ start }) => {
  let redis: TestRedis;
  let sessions: SessionStore;
  const keys = new GapflowKeys('gapflow');

  beforeAll(async () => {
    redis = await start();
    sessions = new SessionStore({ client: redis.client(), keys, ttlSeconds: 3_600 });
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('stores a session that any replica (another connection) reads back whole', async () => {
    const session = sampleSession('acme');
    await sessions.create(session);
    const replica = new SessionStore({ client: redis.client(), keys });
    expect(await replica.get('acme', session.id)).toEqual(session);
  });

  it('refuses to create a session twice', async () => {
    const session = sampleSession('acme');
    await sessions.create(session);
    await expect(sessions.create(session)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('hides a session from another tenant exactly as if it did not exist', async () => {
    const session = sampleSession('acme');
    await sessions.create(session);
    const asOther = await sessions.get('globex', session.id).catch((error: unknown) => error);
    const missing = await sessions.get('globex', 'ses_does_not_exist').catch((error: unknown) => error);
    expect(isGapflowError(asOther, 'NOT_FOUND')).toBe(true);
    expect((asOther as Error).message).toBe(`Session ${session.id} does not exist, has expired or was erased.`);
    expect(isGapflowError(missing, 'NOT_FOUND')).toBe(true);
    await expect(sessions.updateStatus('globex', session.id, 'failed')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await sessions.get('acme', session.id)).status).toBe('ready');
  });

  it('updates the status and the update time', async () => {
    const session = sampleSession('acme');
    await sessions.create(session);
    const updated = await sessions.updateStatus('acme', session.id, 'questioning');
    expect(updated.status).toBe('questioning');
    expect((await sessions.get('acme', session.id)).status).toBe('questioning');
  });

  it('loses no update when twenty replicas change one session at once', async () => {
    const session = sampleSession('acme');
    await sessions.create(session);
    const replicas = Array.from({ length: 20 }, () => new SessionStore({ client: redis.client(), keys }));
    await Promise.all(
      replicas.map((replica, index) =>
        replica.update('acme', session.id, (current) => ({
          ...current,
          failedGaps: [...current.failedGaps, { gapId: `gap-${index}`, code: 'INTERNAL', message: 'x' }],
        })),
      ),
    );
    const final = await sessions.get('acme', session.id);
    expect(final.failedGaps.map((gap) => gap.gapId).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `gap-${i}`).sort());
  });

  describe('when a session has expired', () => {
    it('tells its own tenant SESSION_EXPIRED, with what to do, and anyone else NOT_FOUND', async () => {
      const session = sampleSession('acme');
      await sessions.create(session);
      // The document's TTL ran out; its owner record outlives it by one TTL.
      await redis.client().del(keys.session(session.id));
      const error = await sessions.get('acme', session.id).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SESSION_EXPIRED' });
      expect((error as Error).message).toContain('POST /v1/sessions');
      await expect(sessions.get('globex', session.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(sessions.update('acme', session.id, (s) => s)).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    });

    it('keeps the owner record one TTL longer than the document', async () => {
      const session = sampleSession('acme');
      await sessions.create(session);
      const documentTtl = await redis.client().pttl(keys.session(session.id));
      const ownerTtl = await redis.client().pttl(keys.sessionOwner(session.id));
      expect(ownerTtl).toBeGreaterThan(documentTtl + 3_500_000);
    });
  });

  describe('parsing a session once per version', () => {
    it('reads what another replica wrote since, not the copy it parsed before', async () => {
      const session = sampleSession('acme');
      await sessions.create(session);
      expect((await sessions.get('acme', session.id)).status).toBe('ready');
      await new SessionStore({ client: redis.client(), keys }).updateStatus('acme', session.id, 'questioning');
      expect((await sessions.get('acme', session.id)).status).toBe('questioning');
    });

    it('does not read the document again while its version is the one it parsed', async () => {
      const session = sampleSession('acme');
      await sessions.create(session);
      await sessions.get('acme', session.id);
      // Only a write that bumps the version changes a session; this one (no version bump) is
      // never made by gapflow, and shows that the second read did not fetch the document.
      await redis.client().hset(keys.session(session.id), 'doc', '{"not": "read"}');
      expect(await sessions.get('acme', session.id)).toEqual(session);
    });

    it('hands out sessions that throw when a caller changes them, instead of changing every later read', async () => {
      const session = sampleSession('acme');
      await sessions.create(session);
      const read = await sessions.get('acme', session.id);
      expect(() => read.gaps.push({ ...read.gaps[0]!, id: 'gap-new' })).toThrow(TypeError);
      expect(() => Object.assign(read, { status: 'failed' })).toThrow(TypeError);
      const updated = await sessions.updateStatus('acme', session.id, 'questioning');
      expect(() => Object.assign(updated, { status: 'failed' })).toThrow(TypeError);
      expect((await sessions.get('acme', session.id)).gaps).toEqual(session.gaps);
    });

    it('tells a document from another written under the same version (a failover that lost a write)', async () => {
      const session = sampleSession('acme');
      await sessions.create(session);
      await sessions.updateStatus('acme', session.id, 'questioning');
      // As if the primary died before replicating that update, and another replica then wrote
      // its own version 2 on the promoted replica: same version number, another document.
      const other = { ...session, status: 'failed' as const };
      await redis.client().hset(keys.session(session.id), 'doc', JSON.stringify(other), 'version', 2, 'etag', 'written-elsewhere');
      expect((await sessions.get('acme', session.id)).status).toBe('failed');
    });

    it('treats a session hash without its document as absent, at once', async () => {
      const session = sampleSession('acme');
      await sessions.create(session);
      await redis.client().hdel(keys.session(session.id), 'doc');
      await expect(sessions.get('acme', session.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const cached = sampleSession('acme');
      await sessions.create(cached);
      await sessions.get('acme', cached.id);
      await redis.client().hdel(keys.session(cached.id), 'doc');
      await redis.client().hset(keys.session(cached.id), 'etag', 'changed');
      await expect(sessions.get('acme', cached.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('reads and keeps a document written before etags existed, without trusting a copy of it', async () => {
      const session = sampleSession('acme');
      await redis.client().hset(keys.session(session.id), 'doc', JSON.stringify(session), 'version', 1);
      expect(await sessions.get('acme', session.id)).toEqual(session);
      await redis.client().hset(keys.session(session.id), 'doc', JSON.stringify({ ...session, status: 'failed' }));
      expect((await sessions.get('acme', session.id)).status).toBe('failed');
    });

    it('still hides a cached session from another tenant', async () => {
      const session = sampleSession('acme');
      await sessions.create(session);
      await sessions.get('acme', session.id);
      await expect(sessions.get('globex', session.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  it('treats a damaged document as absent rather than serving it', async () => {
    const session = sampleSession('acme');
    await sessions.create(session);
    await redis.client().hset(keys.session(session.id), 'doc', '{"id": 1');
    await expect(sessions.get('acme', session.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives the session a TTL', async () => {
    const session = sampleSession('acme');
    await sessions.create(session);
    const ttl = await redis.client().ttl(keys.session(session.id));
    expect(ttl).toBeGreaterThan(3_500);
    expect(ttl).toBeLessThanOrEqual(3_600);
  });
});
