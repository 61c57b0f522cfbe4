import type { RedisClient } from './redis-connection';

/**
 * True when `redis` answers PING within `timeoutMs`. A client that is not connected answers
 * false at once instead of queueing the PING behind its reconnection.
 */
export async function isRedisResponsive(redis: RedisClient, timeoutMs = 1_000): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([redis.ping().then((reply) => reply === 'PONG'), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
