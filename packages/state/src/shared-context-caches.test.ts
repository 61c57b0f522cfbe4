import { randomUUID } from 'node:crypto';
import { TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { GapflowKeys } from './keys';
import { SharedContextCaches, type ContextCacheBackend } from './shared-context-caches';

/** A backend that takes its time, like a remote cache creation, and counts what it was asked. */
class SlowBackend implements ContextCacheBackend {
  creates = 0;
  extends = 0;
  /** Refuse creations, as Gemini does for a prefix below the model's minimum. */
  refuse = false;
  /** Gemini may give a cache less time than asked; a test sets this to see an extension. */
  constructor(private readonly grantedSeconds?: number) {}
  async create(_model: string, _prefix: string, ttlSeconds: number) {
    this.creates += 1;
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (this.refuse) throw new Error('Cached content is too small.');
    return { name: `cachedContents/c${this.creates}`, expiresAt: Date.now() + (this.grantedSeconds ?? ttlSeconds) * 1000 };
  }
  async extend(name: string, ttlSeconds: number) {
    this.extends += 1;
    return { name, expiresAt: Date.now() + ttlSeconds * 1000 };
  }
}

describe.each(TEST_REDIS_BACKENDS)('SharedContextCaches on $name', ({ start }) => {
  let redis: TestRedis;
  const keys = new GapflowKeys('gapflow');
  const prefix = 'instructions and a CV '.repeat(200);
  const session = () => `ses-${randomUUID()}`;

  beforeAll(async () => {
    redis = await start();
  });
  afterAll(async () => {
    await redis.stop();
  });

  function replica(backend: ContextCacheBackend, ttlSeconds = 3_600) {
    return new SharedContextCaches({ client: redis.client(), keys, backend, ttlSeconds, minTokensFor: () => 100 });
  }

  it('creates one cache when ten workers ask at the same instant, and all of them use it', async () => {
    const backend = new SlowBackend();
    const id = session();
    const found = await Promise.all(Array.from({ length: 10 }, () => replica(backend).lookup(id, prefix, 'gemini-2.5-flash')));
    expect(backend.creates).toBe(1);
    expect(new Set(found.map((lookup) => (lookup.status === 'ready' ? lookup.name : lookup.status)))).toEqual(new Set(['cachedContents/c1']));
    expect(await replica(backend).namesOf(id)).toEqual(['cachedContents/c1']);
  });

  it('never shares a cache between two sessions, even with byte-identical documents', async () => {
    const backend = new SlowBackend();
    const caches = replica(backend);
    const [a, b] = [session(), session()];
    const first = await caches.lookup(a, prefix, 'gemini-2.5-flash');
    const second = await caches.lookup(b, prefix, 'gemini-2.5-flash');
    expect(backend.creates).toBe(2);
    expect(first).not.toEqual(second);
    expect(await caches.namesOf(a)).toEqual(['cachedContents/c1']);
    expect(await caches.namesOf(b)).toEqual(['cachedContents/c2']);
  });

  it('reuses the session cache for the same prefix and replaces it when the prefix changes', async () => {
    const backend = new SlowBackend();
    const caches = replica(backend);
    const id = session();
    const one = await caches.lookup(id, `${prefix} one`, 'gemini-2.5-flash');
    expect(await caches.lookup(id, `${prefix} one`, 'gemini-2.5-flash')).toEqual(one);
    const two = await caches.lookup(id, `${prefix} two`, 'gemini-2.5-flash');
    expect(two).not.toEqual(one);
    expect(caches.stats).toMatchObject({ created: 2, reused: 1 });
    // Both names stay recorded against the session, so erasure deletes both at Gemini.
    expect((await caches.namesOf(id)).sort()).toEqual(['cachedContents/c1', 'cachedContents/c2']);
  });

  it('does not cache outside a session or below the model minimum', async () => {
    const backend = new SlowBackend();
    const caches = new SharedContextCaches({ client: redis.client(), keys, backend, minTokensFor: () => 1_000_000 });
    expect(await caches.lookup(session(), prefix, 'gemini-2.5-flash')).toEqual({ status: 'ineligible' });
    expect(await replica(backend).lookup(undefined, prefix, 'gemini-2.5-flash')).toEqual({ status: 'ineligible' });
    expect(backend.creates).toBe(0);
    expect(caches.stats.ineligible).toBe(1);
  });

  it('after a refused creation, the session goes without a cache for a while instead of asking again on every call', async () => {
    const backend = new SlowBackend();
    backend.refuse = true;
    const caches = replica(backend);
    const id = session();
    expect(await caches.lookup(id, prefix, 'm')).toEqual({ status: 'unavailable' });
    expect(await caches.lookup(id, prefix, 'm')).toEqual({ status: 'unavailable' });
    expect(backend.creates).toBe(1);
    expect(caches.stats.uncached).toBe(2);
  });

  it('forgets a cache Gemini no longer has, so the next call creates a new one', async () => {
    const backend = new SlowBackend();
    const caches = replica(backend);
    const id = session();
    const first = await caches.lookup(id, prefix, 'm');
    await caches.forget(id, 'cachedContents/some-other');
    expect(await caches.lookup(id, prefix, 'm')).toEqual(first);
    await caches.forget(id, (first as { name: string }).name);
    expect(await caches.lookup(id, prefix, 'm')).toEqual({ status: 'ready', name: 'cachedContents/c2' });
  });

  it('extends a cache that has used half of its time', async () => {
    // Asked for 300 s, granted 100 s: usable (more than the 60 s margin) but past its half.
    const backend = new SlowBackend(100);
    const caches = replica(backend, 300);
    const id = session();
    await caches.lookup(id, prefix, 'm');
    await caches.lookup(id, prefix, 'm');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(backend.extends).toBe(1);
  });
});
