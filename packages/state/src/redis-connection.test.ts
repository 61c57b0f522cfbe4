import type { SessionEvent } from '@gapflow/core';
import { TestRedisServer } from '@gapflow/testing';
import { EventStream } from './event-stream';
import { GapflowKeys } from './keys';
import { createRedisConnection } from './redis-connection';

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
      const client = createRedisConnection(redis.url, { commandTimeoutMs: 100, connectionName: 'test-sse' });
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
      } finally {
        controller.abort();
        client.disconnect();
      }
    });
  });
});
