import { randomUUID } from 'node:crypto';
import { TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { IdempotencyRecords } from './idempotency-records';
import { GapflowKeys } from './keys';

describe.each(TEST_REDIS_BACKENDS)('IdempotencyRecords on $name', ({ start }) => {
  let redis: TestRedis;
  const keys = new GapflowKeys('gapflow');

  beforeAll(async () => {
    redis = await start();
  });

  afterAll(async () => {
    await redis.stop();
  });

  const records = (ttlSeconds?: number) => new IdempotencyRecords({ client: redis.client(), keys, ...(ttlSeconds ? { ttlSeconds } : {}) });

  it('replays the first response for the same request, whatever the key order', async () => {
    const store = records();
    const sessionId = `ses-${randomUUID()}`;
    expect(await store.claim(sessionId, 'k1', { gapIds: ['a'], note: 1 }, { groupId: 'grp-1' })).toEqual({ outcome: 'claimed' });
    expect(await store.claim(sessionId, 'k1', { note: 1, gapIds: ['a'] }, { groupId: 'grp-2' })).toEqual({ outcome: 'replay', response: { groupId: 'grp-1' } });
  });

  it('tells a key reused for a different request from a replay', async () => {
    const store = records();
    const sessionId = `ses-${randomUUID()}`;
    await store.claim(sessionId, 'k1', { gapIds: ['a'] }, { groupId: 'grp-1' });
    expect(await store.claim(sessionId, 'k1', { gapIds: ['b'] }, { groupId: 'grp-2' })).toEqual({ outcome: 'reused' });
    expect(await store.claim(sessionId, 'k1', { gapIds: ['a', 'b'] }, { groupId: 'grp-2' })).toEqual({ outcome: 'reused' });
    // The same key in another session is another key.
    expect(await store.claim(`ses-${randomUUID()}`, 'k1', { gapIds: ['b'] }, { groupId: 'grp-3' })).toEqual({ outcome: 'claimed' });
  });

  it('lets exactly one of ten racing requests claim a key', async () => {
    const sessionId = `ses-${randomUUID()}`;
    const claims = await Promise.all(Array.from({ length: 10 }, (_, index) => records().claim(sessionId, 'race', {}, { attempt: index })));
    expect(claims.filter((claim) => claim.outcome === 'claimed')).toHaveLength(1);
    expect(claims.filter((claim) => claim.outcome === 'replay')).toHaveLength(9);
  });

  it('frees a released key for the next request, and keeps the records no longer than their TTL', async () => {
    const store = records(120);
    const sessionId = `ses-${randomUUID()}`;
    await store.claim(sessionId, 'k1', {}, { groupId: 'grp-1' });
    const ttl = await redis.client().ttl(keys.idempotency(sessionId));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120);
    await store.release(sessionId, 'k1');
    expect(await store.claim(sessionId, 'k1', { gapIds: ['b'] }, { groupId: 'grp-2' })).toEqual({ outcome: 'claimed' });
  });

  it('refuses to replay a record that claim did not write (no fingerprint proves the request the same)', async () => {
    const store = records();
    const sessionId = `ses-${randomUUID()}`;
    await store.claim(sessionId, 'k1', {}, { groupId: 'grp-1' });
    const [field] = await redis.client().hkeys(keys.idempotency(sessionId));
    await redis.client().hset(keys.idempotency(sessionId), field as string, JSON.stringify({ groupId: 'grp-old' }));
    await expect(store.claim(sessionId, 'k1', { gapIds: ['x'] }, { groupId: 'grp-2' })).rejects.toThrow('not one claim wrote');
  });
});
