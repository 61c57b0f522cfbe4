import { consumedQueuePrefixes, queueShardPrefixes, shardOfSession } from './queue-shards';

describe('queue shards', () => {
  it('keeps the one base prefix with one shard, so existing deployments keep their jobs', () => {
    expect(queueShardPrefixes('{gapflow}', 1)).toEqual(['{gapflow}']);
    expect(consumedQueuePrefixes('{gapflow}', 1)).toEqual(['{gapflow}']);
  });

  it('names one hash tag per shard and still consumes the base prefix when sharded', () => {
    expect(queueShardPrefixes('{gapflow}', 3)).toEqual(['{gapflow-0}', '{gapflow-1}', '{gapflow-2}']);
    expect(consumedQueuePrefixes('{gapflow}', 3)).toEqual(['{gapflow-0}', '{gapflow-1}', '{gapflow-2}', '{gapflow}']);
  });

  it('refuses a shard count that is not a whole number of at least 1', () => {
    expect(() => queueShardPrefixes('{gapflow}', 0)).toThrow(RangeError);
    expect(() => queueShardPrefixes('{gapflow}', 1.5)).toThrow(RangeError);
  });

  it('puts a session on the same shard every time and spreads many sessions over all shards', () => {
    const sessions = Array.from({ length: 300 }, (_, i) => `ses_${i.toString(36).padStart(8, 'x')}`);
    const counts = [0, 0, 0];
    for (const sessionId of sessions) {
      const shard = shardOfSession(sessionId, 3);
      expect(shardOfSession(sessionId, 3)).toBe(shard);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    // Each shard gets a fair part: far from all on one (300/3 = 100 expected).
    for (const count of counts) expect(count).toBeGreaterThan(60);
    expect(shardOfSession('ses_anything', 1)).toBe(0);
  });
});
