import type { Redis } from 'ioredis';

/** Every key matching `pattern`, by SCAN (never KEYS, which blocks the server). */
export async function scanKeys(client: Redis, pattern = '*'): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}
