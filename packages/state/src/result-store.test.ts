import { TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { GapflowKeys } from './keys';
import { ResultStore } from './result-store';

describe.each(TEST_REDIS_BACKENDS)('ResultStore on $name', ({ start }) => {
  let redis: TestRedis;
  const keys = new GapflowKeys('gapflow');

  beforeAll(async () => {
    redis = await start();
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('keeps the first result when a retried job writes it again', async () => {
    const results = new ResultStore({ client: redis.client(), keys });
    expect(await results.put('ses-1', { kind: 'gap', id: 'gap-a' }, { text: 'first' })).toBe(true);
    expect(await results.put('ses-1', { kind: 'gap', id: 'gap-a' }, { text: 'retry' })).toBe(false);
    expect(await results.get('ses-1', { kind: 'gap', id: 'gap-a' })).toEqual({ text: 'first' });
    expect((await results.all('ses-1', 'gap')).size).toBe(1);
  });

  it('stores one result when ten writers race', async () => {
    const writers = Array.from({ length: 10 }, () => new ResultStore({ client: redis.client(), keys }));
    const outcomes = await Promise.all(writers.map((writer, index) => writer.put('ses-2', { kind: 'job', id: 'job-1' }, { attempt: index })));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('moves an evolving record forward only: a lower rank never writes over a higher one', async () => {
    const results = new ResultStore({ client: redis.client(), keys });
    const subject = { kind: 'answer', id: 'q-1' } as const;
    expect(await results.advance('ses-rank', subject, { status: 'composing' }, 20)).toBe(true);
    expect(await results.advance('ses-rank', subject, { status: 'completed' }, 21)).toBe(true);
    // A run that fell behind, still recording the step before.
    expect(await results.advance('ses-rank', subject, { status: 'composing' }, 20)).toBe(false);
    expect(await results.get('ses-rank', subject)).toEqual({ status: 'completed' });
    // An equal rank replaces (the run records the state it ended with again).
    expect(await results.advance('ses-rank', subject, { status: 'completed', again: true }, 21)).toBe(true);
    // The rank is kept beside the record, not among the session's answers.
    expect([...(await results.all('ses-rank', 'answer')).keys()]).toEqual(['q-1']);
  });

  it('keeps the session document alive as long as its results', async () => {
    const results = new ResultStore({ client: redis.client(), keys, ttlSeconds: 3_600 });
    await redis.client().set(keys.session('ses-ttl'), 'doc', 'EX', 100);
    await results.put('ses-ttl', { kind: 'gap', id: 'gap-a' }, 1);
    expect(await redis.client().ttl(keys.session('ses-ttl'))).toBeGreaterThan(3_500);
    // A result never creates a session document that is not there.
    await results.set('ses-none', { kind: 'answer', id: 'q' }, 1);
    expect(await redis.client().exists(keys.session('ses-none'))).toBe(0);
  });

  it('is readable from another replica, per gap and per job', async () => {
    const writer = new ResultStore({ client: redis.client(), keys });
    await writer.put('ses-3', { kind: 'gap', id: 'gap-a' }, 1);
    await writer.put('ses-3', { kind: 'gap', id: 'gap-b' }, 2);
    await writer.put('ses-3', { kind: 'job', id: 'job-9' }, 'done');
    const reader = new ResultStore({ client: redis.client(), keys });
    expect(Object.fromEntries(await reader.all('ses-3', 'gap'))).toEqual({ 'gap-a': 1, 'gap-b': 2 });
    expect(await reader.get('ses-3', { kind: 'job', id: 'job-9' })).toBe('done');
    expect(await reader.get('ses-3', { kind: 'job', id: 'job-404' })).toBeUndefined();
  });
});
