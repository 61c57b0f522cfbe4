import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-connection';

/**
 * Every key matching `pattern`, by SCAN (never KEYS, which blocks the server). On a cluster
 * SCAN sees one node only, so every primary is scanned in turn.
 */
export async function scanKeys(client: RedisClient, pattern = '*', count = 1_000): Promise<string[]> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
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
