import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from '@gapflow/state';

/**
 * The servers behind a client: itself for one node, each primary's connection for a cluster.
 * Per-server facts (`INFO commandstats`, `CLIENT LIST`) must be read on each and added up: a
 * cluster client sends such keyless commands to a node of its choosing.
 */
export async function everyPrimary(client: RedisClient): Promise<Redis[]> {
  if (!(client instanceof Cluster)) return [client];
  // A new cluster client knows no node until its first slot refresh.
  await client.ping();
  return client.nodes('master');
}

/** How many times the servers behind `client` have run `command` (`INFO commandstats`). */
export async function commandCalls(client: RedisClient, command: string): Promise<number> {
  const stats = await Promise.all((await everyPrimary(client)).map((server) => server.info('commandstats')));
  return stats.reduce((sum, text) => sum + Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(text)?.[1] ?? 0), 0);
}
