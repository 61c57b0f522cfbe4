import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis } from 'ioredis';
import { duplicateForBlockingReads, type RedisClient } from './redis-connection';

/**
 * Where the shared reader's blocking reads run: the seam between the reader and the Redis
 * topology. A lane is one connection that blocks in `XREAD` over every stream assigned to it,
 * plus a control client that can reach the same server (it sends `CLIENT UNBLOCK` when the
 * lane's set of streams changes).
 *
 * - One Redis (today): one lane, so one blocking connection per gateway, whatever the
 *   number of clients.
 * - Redis Cluster: a multi-key `XREAD` must touch one slot (else `CROSSSLOT`), and each
 *   session's stream has its own hash tag `{sessionId}`. So the lane is keyed by the slot's
 *   owning node *and* one `XREAD` may only carry keys of one slot: `clusterLanes` below, one
 *   lane per slot; docs/state.md ("On Redis Cluster") has the per-primary design.
 */
export interface StreamLanes {
  /** The lane that reads a stream key; keys of one lane are read by one `XREAD`. */
  laneOf(streamKey: string): string;
  /** A new connection for a lane's blocking reads (no command timeout: it blocks on purpose). */
  openBlockingConnection(lane: string): RedisClient;
  /** A client on the same server as the lane's connection, for `CLIENT UNBLOCK`; none: no wake. */
  controlClient(lane: string): RedisClient | undefined;
}

/** Every stream in one lane on one Redis server. */
export function singleServerLanes(client: Redis): StreamLanes {
  return {
    laneOf: () => 'server',
    openBlockingConnection: () => {
      // A blocking read waits on purpose: the client's command timeout would cut it.
      const connection = client.duplicate({ commandTimeout: undefined });
      connection.on('error', () => undefined);
      return connection;
    },
    controlClient: () => client,
  };
}

/**
 * On Redis Cluster: one lane per hash slot, since one `XREAD` may carry keys of one slot only
 * (CROSSSLOT otherwise, even for two slots of one node). Each lane blocks on a cluster client
 * of its own, which follows the slot to its primary through MOVED and failovers. No
 * `CLIENT UNBLOCK`: the lane's server can move, and a new stream seldom joins an existing lane
 * (two followed sessions in one of 16,384 slots), so the block time is its wake. The cost is
 * one blocking connection per followed slot rather than per gateway; the sharded
 * notification design in docs/state.md ("On Redis Cluster") would bring it back to one per node.
 */
export function clusterLanes(cluster: Cluster): StreamLanes {
  return {
    laneOf: (streamKey) => `slot-${calculateSlot(streamKey)}`,
    openBlockingConnection: () => {
      const connection = duplicateForBlockingReads(cluster);
      connection.on('error', () => undefined);
      return connection;
    },
    controlClient: () => undefined,
  };
}
