import { TestRedisServer } from '@gapflow/testing';
import { GapflowKeys } from './keys';
import { SharedContextCaches, type ContextCacheBackend } from './shared-context-caches';

/** A backend that takes its time, like a remote cache creation, and counts what it was asked. */
class SlowBackend implements ContextCacheBackend {
  creates = 0;
  extends = 0;
  /** Gemini may give a cache less time than asked; a test sets this to see an extension. */
  constructor(private readonly grantedSeconds?: number) {}
  async create(_model: string, _prefix: string, ttlSeconds: number) {
    this.creates += 1;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { name: `cachedContents/c${this.creates}`, expiresAt: Date.now() + (this.grantedSeconds ?? ttlSeconds) * 1000 };
  }
  async extend(name: string, ttlSeconds: number) {
    this.extends += 1;
    return { name, expiresAt: Date.now() + ttlSeconds * 1000 };
  }
}

describe('SharedContextCaches', () => {
  let redis: TestRedisServer;
  const keys = new GapflowKeys('gapflow');
  const prefix = 'instructions and a CV '.repeat(200);

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
  });
  afterAll(async () => {
    await redis.stop();
  });

  function replica(backend: ContextCacheBackend, ttlSeconds = 3_600) {
    return new SharedContextCaches({ client: redis.client(), keys, backend, ttlSeconds, minTokensFor: () => 100 });
  }

  it('creates one cache when ten workers ask at the same instant, and all of them use it', async () => {
    const backend = new SlowBackend();
    const names = await Promise.all(Array.from({ length: 10 }, () => replica(backend).nameFor(prefix, 'gemini-2.5-flash', 'ses-a')));
    expect(backend.creates).toBe(1);
    expect(new Set(names)).toEqual(new Set(['cachedContents/c1']));
    expect(await replica(backend).namesOf('ses-a')).toEqual(['cachedContents/c1']);
  });

  it('keeps one cache per model and prefix', async () => {
    const backend = new SlowBackend();
    const caches = replica(backend);
    const a = await caches.nameFor(`${prefix} one`, 'gemini-2.5-flash');
    const b = await caches.nameFor(`${prefix} two`, 'gemini-2.5-flash');
    const c = await caches.nameFor(`${prefix} one`, 'gemini-2.5-pro');
    expect(new Set([a, b, c]).size).toBe(3);
    expect(await caches.nameFor(`${prefix} one`, 'gemini-2.5-flash')).toBe(a);
    expect(caches.stats).toMatchObject({ created: 3, reused: 1 });
  });

  it('does not cache a prefix below the model minimum', async () => {
    const backend = new SlowBackend();
    const caches = new SharedContextCaches({ client: redis.client(), keys, backend, minTokensFor: () => 1_000_000 });
    expect(await caches.nameFor(prefix, 'gemini-2.5-flash')).toBeUndefined();
    expect(backend.creates).toBe(0);
    expect(caches.stats.uncached).toBe(1);
  });

  it('extends a cache that has used half of its time', async () => {
    // Asked for 300 s, granted 100 s: usable (more than the 60 s margin) but past its half.
    const backend = new SlowBackend(100);
    const caches = replica(backend, 300);
    await caches.nameFor(`${prefix} short-lived`, 'm');
    await caches.nameFor(`${prefix} short-lived`, 'm');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(backend.extends).toBe(1);
  });
});
