import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from './redis-connection';

/** One store's write, to be sent with others as one transaction (see `commitTogether`). */
export type QueuedWrite = (transaction: ChainableCommander) => void;

/**
 * Sends writes of several stores as one MULTI: one round trip, applied together. The writes
 * must be to one session's keys (they share its hash tag: one slot on a cluster), e.g. a
 * job's result and the event that announces it.
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
