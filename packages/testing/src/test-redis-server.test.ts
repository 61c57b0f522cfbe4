import { TestRedisServer } from './test-redis-server';

describe('TestRedisServer', () => {
  let redis: TestRedisServer;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('runs a redis-server of its own on a free port, not the machine-wide 6379', async () => {
    expect(redis.port).not.toBe(6379);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    await expect(redis.client().ping()).resolves.toBe('PONG');
  });

  it('keeps acknowledged writes through a SIGKILL and a restart (AOF)', async () => {
    const client = redis.client();
    await client.set('durable', 'written-before-the-crash');
    await client.rpush('list', 'a', 'b', 'c');

    await redis.kill();
    expect(redis.running).toBe(false);
    await expect(redis.client().ping()).rejects.toThrow();

    await redis.restart();
    expect(redis.running).toBe(true);
    const after = redis.client();
    await expect(after.get('durable')).resolves.toBe('written-before-the-crash');
    await expect(after.lrange('list', 0, -1)).resolves.toEqual(['a', 'b', 'c']);
  });

  it('loses everything on restart when AOF is off', async () => {
    const volatile = await TestRedisServer.start({ appendOnly: false });
    try {
      await volatile.client().set('gone', '1');
      await volatile.kill();
      await volatile.restart();
      await expect(volatile.client().get('gone')).resolves.toBeNull();
    } finally {
      await volatile.stop();
    }
  });

  it('gives two servers two ports', async () => {
    const other = await TestRedisServer.start();
    try {
      expect(other.port).not.toBe(redis.port);
      await other.client().set('only-here', '1');
      await expect(redis.client().get('only-here')).resolves.toBeNull();
    } finally {
      await other.stop();
    }
  });
});
