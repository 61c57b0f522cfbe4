import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-connection';

/** What `/readyz` says about a Redis Cluster. */
export interface ClusterState {
  /** `ok` when every slot is served; anything else (`fail`) refuses commands. */
  state: string;
  /** Primaries that serve slots, as `CLUSTER INFO` counts them (`cluster_size`). */
  size: number;
  /** Nodes the cluster knows, primaries and replicas (`cluster_known_nodes`). */
  knownNodes: number;
}

/**
 * The cluster's own view of its health (`CLUSTER INFO` on a node the client reaches), or
 * undefined for a single node. A failed command reads as an unknown state, not a throw.
 */
export async function readClusterState(client: RedisClient, timeoutMs = 1_000): Promise<ClusterState | undefined> {
  if (!(client instanceof Cluster)) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(''), timeoutMs);
  });
  try {
    const info = await Promise.race([client.cluster('INFO').then(String), timeout]);
    const field = (name: string): string | undefined => new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1];
    return { state: field('cluster_state') ?? 'unknown', size: Number(field('cluster_size') ?? 0), knownNodes: Number(field('cluster_known_nodes') ?? 0) };
  } catch {
    return { state: 'unknown', size: 0, knownNodes: 0 };
  } finally {
    clearTimeout(timer);
  }
}
