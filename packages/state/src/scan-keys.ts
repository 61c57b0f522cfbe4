import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-connection';

/**
 * Every key matching `pattern`, by SCAN (never KEYS, which blocks the server). On a cluster
 * SCAN sees one node only, so every primary is scanned in turn.
 */
export async function scanKeys(client: RedisClient, pattern = '*', count = 1_000): Promise<string[]> {
  if (client instanceof Cluster && client.status !== 'ready') {
    // A new cluster client knows no node until its first slot refresh, and a scan of no node
    // would say "no key" for sure.
    await client.ping();
  }
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  if (nodes.length === 0) throw new Error('The Redis Cluster client knows no primary to scan.');
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
  }
  return keys;
}
