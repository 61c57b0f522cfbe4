import { randomUUID } from 'node:crypto';
import { TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { erasureTombstoneKey } from './erasure-tombstone';
import { GapflowKeys } from './keys';
import { SharedContextCaches, type ContextCacheBackend } from './shared-context-caches';

/** A backend that takes its time, like a remote cache creation, and counts what it was asked. */
class SlowBackend implements ContextCacheBackend {
  creates = 0;
  extends = 0;
  readonly deleted: string[] = [];
  /** Refuse creations: as Gemini does for a prefix below the model's minimum, or when it is down. */
  refuse: false | 'tooSmall' | 'down' = false;
  /** How long a creation takes. */
  createMs = 100;
  /** Runs while a creation is under way (after Gemini made the cache, before it answers). */
  duringCreate: (name: string) => Promise<void> = async () => undefined;
  /** Gemini may give a cache less time than asked; a test sets this to see an extension. */
  constructor(private readonly grantedSeconds?: number) {}
  async create(_model: string, _prefix: string, ttlSeconds: number) {
    this.creates += 1;
    const name = `cachedContents/c${this.creates}`;
    await new Promise((resolve) => setTimeout(resolve, this.createMs));
    if (this.refuse === 'tooSmall') throw new Error('Cached content is too small. total_token_count=900, min_total_token_count=1024');
    if (this.refuse === 'down') throw new Error('Gemini failed (HTTP 503).');
    await this.duringCreate(name);
    return { name, expiresAt: Date.now() + (this.grantedSeconds ?? ttlSeconds) * 1000 };
  }
  async delete(name: string) {
    this.deleted.push(name);
  }
  isTooSmall(error: unknown) {
    return error instanceof Error && error.message.startsWith('Cached content is too small');
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
    backend.refuse = 'down';
    const caches = replica(backend);
    const id = session();
    expect(await caches.lookup(id, prefix, 'm')).toEqual({ status: 'unavailable' });
    expect(await caches.lookup(id, prefix, 'm')).toEqual({ status: 'unavailable' });
    expect(backend.creates).toBe(1);
    expect(caches.stats.uncached).toBe(2);
  });

  it('after Gemini refused the prefix as too small, the session goes without a cache for its lifetime, and no call counts as a miss', async () => {
    const backend = new SlowBackend();
    backend.refuse = 'tooSmall';
    const caches = replica(backend);
    const id = session();
    expect(await caches.lookup(id, prefix, 'm')).toEqual({ status: 'ineligible' });
    expect(await caches.lookup(id, prefix, 'm')).toEqual({ status: 'ineligible' });
    expect(await replica(backend).lookup(id, prefix, 'm')).toEqual({ status: 'ineligible' });
    expect(backend.creates).toBe(1);
    expect(caches.stats).toMatchObject({ uncached: 0, ineligible: 2 });
    // For the session's lifetime, not for the minute of a failed creation.
    expect(await redis.client().pttl(keys.contextCache(id))).toBeGreaterThan(3_600_000);
  });

  it('caches only a prefix whose estimate is a safe margin above the minimum', async () => {
    const backend = new SlowBackend();
    const atMinimum = 'abcd'.repeat(1_000); // 1,000 tokens by chars/4
    const withMinimum = (minimum: number) => new SharedContextCaches({ client: redis.client(), keys, backend, minTokensFor: () => minimum });
    expect(await withMinimum(1_000).lookup(session(), atMinimum, 'm')).toEqual({ status: 'ineligible' });
    expect(await withMinimum(800).lookup(session(), atMinimum, 'm')).toEqual({ status: 'ready', name: 'cachedContents/c1' });
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

  describe('when a creation outlasts the lease it started with', () => {
    it('renews the lease while creating, so a second worker waits instead of creating a second cache', async () => {
      const backend = new SlowBackend();
      backend.createMs = 400;
      const id = session();
      const shortLease = () => new SharedContextCaches({ client: redis.client(), keys, backend, minTokensFor: () => 100, leaseMs: 200 });
      const first = shortLease().lookup(id, prefix, 'm');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await shortLease().lookup(id, prefix, 'm');
      expect(await first).toEqual({ status: 'ready', name: 'cachedContents/c1' });
      expect(second.status).not.toBe('ready');
      expect(backend.creates).toBe(1);
      expect(await shortLease().lookup(id, prefix, 'm')).toEqual({ status: 'ready', name: 'cachedContents/c1' });
    });

    it('derives the lease from the create timeout', async () => {
      const backend = new SlowBackend();
      const id = session();
      let leaseMs = -1;
      backend.duringCreate = async () => {
        leaseMs = await redis.client().pttl(keys.contextCacheLock(id));
      };
      await new SharedContextCaches({ client: redis.client(), keys, backend, minTokensFor: () => 100, createTimeoutMs: 30_000 }).lookup(id, prefix, 'm');
      expect(leaseMs).toBeGreaterThan(30_000);
    });

    it('a worker whose lease was taken meanwhile deletes its cache and hands out the holder\'s', async () => {
      const backend = new SlowBackend();
      const id = session();
      let second: Promise<unknown> | undefined;
      backend.duringCreate = async (name) => {
        if (name !== 'cachedContents/c1') return;
        // The lease lapses (a paused process) and another worker takes it and creates.
        await redis.client().del(keys.contextCacheLock(id));
        second = replica(backend).lookup(id, prefix, 'm');
        await second;
      };
      const first = await replica(backend).lookup(id, prefix, 'm');
      expect(await second).toEqual({ status: 'ready', name: 'cachedContents/c2' });
      expect(first).toEqual({ status: 'ready', name: 'cachedContents/c2' });
      expect(backend.deleted).toEqual(['cachedContents/c1']);
      expect(await replica(backend).namesOf(id)).toEqual(['cachedContents/c2']);
    });
  });

  describe('when the session is erased while its cache is being created', () => {
    it('deletes the new cache at Gemini and hands out nothing', async () => {
      const backend = new SlowBackend();
      const id = session();
      backend.duringCreate = async () => {
        await redis.client().set(erasureTombstoneKey(keys, id), '1', 'EX', 60);
      };
      const caches = replica(backend);
      expect(await caches.lookup(id, prefix, 'm')).toEqual({ status: 'ineligible' });
      expect(backend.deleted).toEqual(['cachedContents/c1']);
    });

    it('keeps the name for erasure when Gemini could not delete it either', async () => {
      const backend = new SlowBackend();
      backend.delete = async () => {
        throw new Error('Gemini is down');
      };
      const id = session();
      backend.duringCreate = async () => {
        await redis.client().set(erasureTombstoneKey(keys, id), '1', 'EX', 60);
      };
      const caches = replica(backend);
      expect(await caches.lookup(id, prefix, 'm')).toEqual({ status: 'ineligible' });
      expect(await caches.namesOf(id)).toEqual(['cachedContents/c1']);
    });
  });

  it('deletes a cache at Gemini when Redis refuses to record it, instead of losing its name', async () => {
    const backend = new SlowBackend();
    const id = session();
    backend.duringCreate = async () => {
      // The set of names is not a set: Redis refuses the script that records the cache.
      await redis.client().set(keys.sessionContextCaches(id), 'not a set');
    };
    expect(await replica(backend).lookup(id, prefix, 'm')).toEqual({ status: 'unavailable' });
    expect(backend.deleted).toEqual(['cachedContents/c1']);
  });
});
