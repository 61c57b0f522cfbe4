import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';

/**
 * The key that says a session was erased. Keyed by a hash of the id, so that after erasure
 * no key names the session; read by jobs still running and by open event streams.
 */
export function erasureTombstoneKey(keys: GapflowKeys, sessionId: string): string {
  return keys.erasedSession(createHash('sha256').update(sessionId).digest('hex'));
}

export async function isErased(client: RedisClient, keys: GapflowKeys, sessionId: string): Promise<boolean> {
  return (await client.exists(erasureTombstoneKey(keys, sessionId))) === 1;
}
