import type { SessionEvent } from '@gapflow/core';
import { Cluster } from 'ioredis';
import { TestRedisCluster, TestRedisServer } from '@gapflow/testing';
import { EventStream } from './event-stream';
import { GapflowKeys } from './keys';
import { createRedisConnection, type RedisClient, type RedisTarget } from './redis-connection';

/**
 * An event stream on a client with a 100 ms command timeout still gets an event appended
 * 400 ms into its blocking read. Returns the (disconnected) client, for checks of its options.
 */
async function expectBlockingReadToOutlastCommandTimeout(target: RedisTarget): Promise<RedisClient> {
  const client = createRedisConnection(target, { commandTimeoutMs: 100, connectionName: 'test-sse' });
  client.on('error', () => undefined);
  const events = new EventStream({ client, keys: new GapflowKeys('gapflow'), reader: { blockMs: 1_000 } });
  const controller = new AbortController();
  try {
    const stream = events.subscribe('ses-blocking', '0', { signal: controller.signal });
    const first = stream.next();
    // Appended well after the command timeout: the XREAD BLOCK must still be waiting.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await events.append('ses-blocking', { type: 'question.ready', data: { gap: 'a' } });
    const { value } = (await first) as IteratorResult<SessionEvent>;
    expect(value?.data).toEqual({ gap: 'a' });
    return client;
  } finally {
    controller.abort();
    client.disconnect();
  }
}

describe('createRedisConnection', () => {
  let redis: TestRedisServer;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
  });

  afterAll(async () => {
    await redis.stop();
  });

  describe('with a command timeout, when Redis hangs', () => {
    it('fails the command with a clear error instead of waiting for ever', async () => {
      const client = createRedisConnection(redis.url, { commandTimeoutMs: 300, connectionName: 'test-hung' });
      client.on('error', () => undefined);
      try {
        await client.set('before-the-hang', '1');
        redis.pause();
        const error = await client.get('before-the-hang').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toBe('Command timed out');
      } finally {
        redis.resume();
        client.disconnect();
      }
    });

    it('answers again once Redis is back', async () => {
      const client = createRedisConnection(redis.url, { commandTimeoutMs: 300, connectionName: 'test-back' });
      client.on('error', () => undefined);
      try {
        redis.pause();
        await client.ping().catch(() => undefined);
        redis.resume();
        expect(await client.ping()).toBe('PONG');
      } finally {
        client.disconnect();
      }
    });
  });

  describe('with a command timeout shorter than a blocking read', () => {
    it('leaves the event stream’s blocking reads alone (they wait on a connection of their own)', async () => {
      await expectBlockingReadToOutlastCommandTimeout({ url: redis.url });
    });
  });
});

describe('createRedisConnection on a Redis Cluster', () => {
  let cluster: TestRedisCluster;

  beforeAll(async () => {
    cluster = await TestRedisCluster.start();
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('gives a cluster client that follows the slots, with BullMQ’s null maxRetriesPerRequest where BullMQ reads it', async () => {
    const client = createRedisConnection(cluster.target, { maxRetriesPerRequest: null, connectionName: 'test-bullmq' });
    try {
      expect(client).toBeInstanceOf(Cluster);
      expect((client as Cluster).options.redisOptions?.maxRetriesPerRequest).toBeNull();
      await Promise.all(Array.from({ length: 30 }, (_, index) => client.set(`key-${index}`, String(index))));
      expect(await client.get('key-29')).toBe('29');
    } finally {
      client.disconnect();
    }
  });

  it('leaves the event stream’s blocking reads alone under a command timeout, also on a cluster', async () => {
    const client = await expectBlockingReadToOutlastCommandTimeout(cluster.target);
    // The client itself keeps its timeout: the duplicate dropped it, not the original.
    expect((client as Cluster).options.redisOptions?.commandTimeout).toBe(100);
  });

  it('passes a NAT map through to ioredis, for a cluster whose announced addresses are not reachable', () => {
    const natMap = { '10.0.0.1:6379': { host: '127.0.0.1', port: 7000 } };
    const client = createRedisConnection({ clusterNodes: cluster.nodes, natMap }, { connectionName: 'test-nat' }) as Cluster;
    client.on('error', () => undefined);
    try {
      expect(client.options.natMap).toEqual(natMap);
    } finally {
      client.disconnect();
    }
  });
});
