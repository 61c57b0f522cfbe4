import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from './redis-connection';

/** One store's write, to be sent with others as one transaction (see `commitTogether`). */
export type QueuedWrite = (transaction: ChainableCommander) => void;

/**
 * Sends writes of several stores as one MULTI: one round trip, applied in order with no other
 * client's command between them. The writes must be to one session's keys (they share its
 * hash tag: one slot on a cluster), e.g. a job's result and the event that announces it.
 *
 * Not all-or-nothing: Redis has no rollback, so a write refused as it runs (a wrong type; a
 * script the server no longer has, which ioredis then sends again outside the transaction)
 * leaves the others applied, and the commit throws. Callers must be idempotent — a retry that
 * writes the same again must land where a whole commit would have: first-write-wins results
 * and keyed events are.
 *
 * @example
 * await commitTogether(client, [results.putFirstWrite(sessionId, subject, value), events.appendWrite(sessionId, event)]);
 */
export async function commitTogether(client: RedisClient, writes: readonly QueuedWrite[]): Promise<unknown[]> {
  const transaction = client.multi();
  for (const write of writes) write(transaction);
  const replies = await transaction.exec();
  if (!replies) throw new Error('The transaction was discarded.');
  for (const [error] of replies) if (error) throw error;
  return replies.map(([, value]) => value);
}
