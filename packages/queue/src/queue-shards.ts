/**
 * Queue sharding (QUEUE_SHARDS): BullMQ keeps every key of a queue under its prefix's hash tag,
 * so with one prefix all queue traffic sits on one Redis Cluster primary. N prefixes
 * (`{gapflow-0}` … `{gapflow-N-1}`) spread sessions over N slots. A session's jobs all go to
 * one shard, so a flow's parent (the group job) and its children (the question jobs) share one
 * hash tag, which BullMQ needs: a flow across prefixes fails with CROSSSLOT on a cluster
 * (taskforcesh/bullmq#2589).
 */

/** The prefixes new jobs go to: N=1 keeps the base prefix (`{gapflow}`) so existing data stays where it is. */
export function queueShardPrefixes(basePrefix: string, shards: number): string[] {
  if (!Number.isInteger(shards) || shards < 1) throw new RangeError(`QUEUE_SHARDS must be a whole number of at least 1, not ${shards}`);
  if (shards === 1) return [basePrefix];
  const tag = basePrefix.replace(/^\{(.*)\}$/, '$1');
  return Array.from({ length: shards }, (_, shard) => `{${tag}-${shard}}`);
}

/**
 * The prefixes a worker consumes and a lookup searches: the shards, plus the base prefix when
 * sharded, so the jobs queued before sharding was turned on still run and can still be found.
 */
export function consumedQueuePrefixes(basePrefix: string, shards: number): string[] {
  const prefixes = queueShardPrefixes(basePrefix, shards);
  return prefixes.includes(basePrefix) ? prefixes : [...prefixes, basePrefix];
}

/** A stable hash of the session id (32-bit FNV-1a), the same in every process and release. */
export function shardOfSession(sessionId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i += 1) {
    hash ^= sessionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}
