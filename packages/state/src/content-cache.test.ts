import { TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { ContentCache } from './content-cache';
import { GapflowKeys } from './keys';

describe.each(TEST_REDIS_BACKENDS)('ContentCache on $name', ({ start }) => {
  let redis: TestRedis;
  const keys = new GapflowKeys('gapflow');

  beforeAll(async () => {
    redis = await start();
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('serves what one process stored to another, and counts hits and misses', async () => {
    const workerOne = new ContentCache({ client: redis.client(), keys, ttlSeconds: 60 });
    const workerTwo = new ContentCache({ client: redis.client(), keys, ttlSeconds: 60 });
    const hash = ContentCache.hashOf('embed-v1', ['Kubernetes']);
    expect(await workerOne.get(hash)).toBeUndefined();
    await workerOne.set(hash, [0.1, 0.2]);
    expect(await workerTwo.get(hash)).toEqual([0.1, 0.2]);
    expect(workerOne.stats).toEqual({ hits: 0, misses: 1 });
    expect(workerTwo.stats).toEqual({ hits: 1, misses: 0 });
  });

  it('keys by model as well as input', () => {
    expect(ContentCache.hashOf('model-a', 'x')).not.toBe(ContentCache.hashOf('model-b', 'x'));
    expect(ContentCache.hashOf('model-a', 'x')).toBe(ContentCache.hashOf('model-a', 'x'));
  });

  it('expires entries after their TTL', async () => {
    const cache = new ContentCache({ client: redis.client(), keys, ttlSeconds: 60 });
    const hash = ContentCache.hashOf('m', 'ttl');
    await cache.set(hash, 'v');
    const ttl = await redis.client().ttl(keys.cacheEntry(hash));
    expect(ttl).toBeGreaterThan(50);
    expect(ttl).toBeLessThanOrEqual(60);
  });
});
