import { isGapflowError } from '@gapflow/core';
import { TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { GapflowKeys } from './keys';
import { runLuaCommand } from './lua-scripts';
import { SharedQuota } from './shared-quota';

describe.each(TEST_REDIS_BACKENDS)('SharedQuota on $name', ({ start }) => {
  let redis: TestRedis;
  const keys = new GapflowKeys('gapflow');

  beforeAll(async () => {
    redis = await start();
  });
  afterAll(async () => {
    await redis.stop();
  });

  /** The most grants that fell inside any one window. */
  function busiestWindow(times: number[], windowMs: number): number {
    const sorted = [...times].sort((a, b) => a - b);
    return Math.max(...sorted.map((start) => sorted.filter((time) => time >= start && time < start + windowMs).length));
  }

  it('lets no more than N requests through in any window, across many processes', async () => {
    const windowMs = 1_000;
    const replicas = Array.from({ length: 4 }, () => new SharedQuota({ client: redis.client(), keys, windowMs, maxWaitMs: 10_000, limitsFor: () => ({ requestsPerWindow: 3, tokensPerWindow: 1_000_000 }) }));
    const granted: number[] = [];
    await Promise.all(Array.from({ length: 8 }, (_, index) => replicas[index % 4]!.acquire('model-a', 10).then(() => granted.push(Date.now()))));
    expect(granted).toHaveLength(8);
    expect(busiestWindow(granted, windowMs)).toBeLessThanOrEqual(3);
    expect(replicas.reduce((sum, replica) => sum + replica.stats.waits, 0)).toBeGreaterThan(0);
  });

  it('meters tokens too', async () => {
    const quota = new SharedQuota({ client: redis.client(), keys, windowMs: 1_000, limitsFor: () => ({ requestsPerWindow: 100, tokensPerWindow: 1_000 }) });
    const granted: number[] = [];
    await Promise.all(Array.from({ length: 4 }, () => quota.acquire('model-b', 400).then(() => granted.push(Date.now()))));
    // 400 tokens each against 1,000 per window: at most two in any window.
    expect(busiestWindow(granted, 1_000)).toBeLessThanOrEqual(2);
  });

  it('lets a request larger than the whole allowance go only alone, when the window is empty', async () => {
    const quota = new SharedQuota({ client: redis.client(), keys, windowMs: 1_000, limitsFor: () => ({ requestsPerWindow: 100, tokensPerWindow: 1_000 }) });
    const granted: { tokens: number; at: number }[] = [];
    await quota.acquire('model-d', 300).then(() => granted.push({ tokens: 300, at: Date.now() }));
    await quota.acquire('model-d', 5_000).then(() => granted.push({ tokens: 5_000, at: Date.now() }));
    expect((granted[1]?.at ?? 0) - (granted[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('refuses with RATE_LIMITED rather than waiting past its limit', async () => {
    const quota = new SharedQuota({ client: redis.client(), keys, windowMs: 10_000, maxWaitMs: 100, limitsFor: () => ({ requestsPerWindow: 1, tokensPerWindow: 1_000_000 }) });
    await quota.acquire('model-c', 1);
    const error = await quota.acquire('model-c', 1).catch((e: unknown) => e);
    expect(isGapflowError(error, 'RATE_LIMITED')).toBe(true);
  });

  it('keeps the running total of tokens equal to the spends in the window as they leave it', async () => {
    const windowMs = 300;
    const quota = new SharedQuota({ client: redis.client(), keys, windowMs, maxWaitMs: 10_000, limitsFor: () => ({ requestsPerWindow: 1_000, tokensPerWindow: 500 }) });
    for (let call = 0; call < 12; call += 1) {
      await quota.acquire('model-e', 40 + call * 7);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const client = redis.client();
    const members = await client.zrange(keys.quotaTokens('model-e'), 0, -1);
    const inWindow = members.reduce((sum, member) => sum + Number(member.slice(member.lastIndexOf(':') + 1)), 0);
    // Spends left the window on the way (12 calls over ~1 s of a 300 ms window) and were subtracted.
    expect(members.length).toBeLessThan(12);
    expect(Number(await client.get(keys.quotaTokensUsed('model-e')))).toBe(inWindow);
  });

  it('counts a request run twice (a command resent after its reply was lost) once in the total', async () => {
    const client = redis.client();
    const args = (now: number) => [keys.quotaRequests('model-g'), keys.quotaTokens('model-g'), keys.quotaTokensUsed('model-g'), now, 60_000, 100, 1_000, 300, 'same-request'];
    const now = Date.now();
    expect(await runLuaCommand<number>(client, 'take-quota-3.lua', ...args(now))).toBe(0);
    expect(await runLuaCommand<number>(client, 'take-quota-3.lua', ...args(now + 5))).toBe(0);
    expect(Number(await client.get(keys.quotaTokensUsed('model-g')))).toBe(300);
  });

  it('meters a window written without its running total (keys of an earlier version) by counting it once', async () => {
    const client = redis.client();
    await client.zadd(keys.quotaTokens('model-f'), Date.now(), 'earlier:900');
    const quota = new SharedQuota({ client, keys, windowMs: 10_000, maxWaitMs: 100, limitsFor: () => ({ requestsPerWindow: 100, tokensPerWindow: 1_000 }) });
    const error = await quota.acquire('model-f', 200).catch((e: unknown) => e);
    expect(isGapflowError(error, 'RATE_LIMITED')).toBe(true);
  });

  it('does not meter a model without limits', async () => {
    const quota = new SharedQuota({ client: redis.client(), keys, limitsFor: () => undefined });
    await Promise.all(Array.from({ length: 50 }, () => quota.acquire('free', 1)));
    expect(quota.stats.waits).toBe(0);
  });
});
