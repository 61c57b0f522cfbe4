import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Redis, type Cluster } from 'ioredis';
import { createRedisConnection, findExecutable, findFreePort, RedisServerProcess, type RedisTarget } from '@gapflow/state';
import { parseClusterNodes, type ClusterNodeLine } from './cluster-nodes';

const run = promisify(execFile);

export interface TestRedisClusterOptions {
  /**
   * How long a primary may be unreachable before its replica is promoted. Short, so a test
   * that SIGKILLs a primary waits seconds, not Redis' default 15 s. @defaultValue 2000
   */
  nodeTimeoutMs?: number;
  /** How long `start()`, `failover()` and `restart()` wait for the cluster to settle. @defaultValue 30000 */
  settleTimeoutMs?: number;
}

const PRIMARIES = 3;
const HOST = '127.0.0.1';
/** Attempts at fresh free ports when another process takes ours between probe and bind. */
const PORT_ATTEMPTS = 3;

/**
 * A six-node Redis Cluster (three primaries, three replicas) that one test file starts, owns
 * and throws away: free ports, one temp directory, `redis-cli --cluster create`. It refuses
 * what a managed cluster refuses (`CROSSSLOT`, `MOVED`), so code that passes against it keeps
 * every multi-key command in one slot. Nodes are named by their `host:port` address.
 *
 * @example
 * let cluster: TestRedisCluster;
 * beforeAll(async () => { cluster = await TestRedisCluster.start(); });
 * afterEach(() => cluster.flushAll());
 * afterAll(() => cluster.stop());
 * it('stores', async () => { await cluster.client().set('{s}:k', 'v'); });
 */
export class TestRedisCluster {
  private readonly clients = new Set<Cluster>();

  private constructor(
    private readonly dir: string,
    private readonly servers: Map<string, RedisServerProcess>,
    private readonly settleTimeoutMs: number,
  ) {}

  static async start(options: TestRedisClusterOptions = {}): Promise<TestRedisCluster> {
    const redisCli = findExecutable('redis-cli');
    if (!redisCli) throw new Error('redis-cli was not found on PATH; install Debian\'s redis-tools (or redis-server).');
    const dir = mkdtempSync(join(tmpdir(), 'gapflow-test-cluster-'));
    const servers = new Map<string, RedisServerProcess>();
    const cluster = new TestRedisCluster(dir, servers, options.settleTimeoutMs ?? 30_000);
    try {
      for (let index = 0; index < PRIMARIES * 2; index += 1) {
        const server = await startNode(join(dir, `node-${index}`), options.nodeTimeoutMs ?? 2_000);
        servers.set(`${HOST}:${server.port}`, server);
      }
      await run(redisCli, ['--cluster', 'create', ...servers.keys(), '--cluster-replicas', '1', '--cluster-yes'], {
        timeout: cluster.settleTimeoutMs,
      });
      await cluster.waitUntilSettled();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** Every node's `host:port`, primaries and replicas, in start order (roles change; ask `primaries()`). */
  get nodes(): string[] {
    return [...this.servers.keys()];
  }

  /** What `createRedisConnection` takes to reach this cluster. */
  get target(): RedisTarget {
    return { clusterNodes: this.nodes };
  }

  /** The variables an app started against this cluster needs (`REDIS_CLUSTER_NODES`). */
  get environment(): Record<string, string> {
    return { REDIS_CLUSTER_NODES: this.nodes.join(',') };
  }

  /** A new cluster client through gapflow's own connection factory, closed by `stop()`. */
  client(): Cluster {
    const client = createRedisConnection(this.target, { connectionName: 'test' }) as Cluster;
    // Tests kill nodes on purpose; the client's reconnect errors are expected noise.
    client.on('error', () => undefined);
    this.clients.add(client);
    return client;
  }

  /** The nodes that hold slots now, as the first running node sees it. */
  async primaries(): Promise<string[]> {
    const view = await this.topology();
    return view.filter((node) => node.role === 'primary' && node.slotRanges > 0).map((node) => node.address);
  }

  /** The replica that follows `primary` now. */
  async replicaOf(primary: string): Promise<string> {
    const view = await this.topology();
    const primaryId = view.find((node) => node.address === primary)?.id;
    const replica = view.find((node) => node.role === 'replica' && node.primaryId === primaryId && this.isRunning(node.address));
    if (!replica) throw new Error(`${primary} has no running replica.`);
    return replica.address;
  }

  /** FLUSHALL on every primary (replicas follow): the cheap reset between test cases. */
  async flushAll(): Promise<void> {
    for (const primary of await this.primaries()) {
      await this.onNode(primary, (node) => node.flushall());
    }
  }

  /**
   * A manual failover (`CLUSTER FAILOVER` on the replica, which first catches up with its
   * primary, so no acknowledged write is lost). Resolves when the roles have switched and every
   * node agrees; returns the new primary.
   */
  async failover(primary: string): Promise<string> {
    const replica = await this.replicaOf(primary);
    await this.onNode(replica, (node) => node.cluster('FAILOVER'));
    await this.waitFor(`${replica} to take over from ${primary}`, async () => {
      const primaries = await this.primaries();
      return primaries.includes(replica) && !primaries.includes(primary) && (await this.settled());
    });
    return replica;
  }

  /**
   * SIGKILL, as a crash. A killed primary's replica is promoted after the node timeout; await
   * `waitUntilSettled()` for that. Writes not yet replicated are lost, as on a real cluster.
   */
  async kill(node: string): Promise<void> {
    await this.server(node).kill();
  }

  /** Starts a stopped or killed node again with its old identity; it rejoins (a former primary as a replica). */
  async restart(node: string): Promise<void> {
    await this.server(node).restart();
    await this.waitUntilSettled();
  }

  isRunning(node: string): boolean {
    return this.servers.get(node)?.running ?? false;
  }

  /**
   * Until every running node says `cluster_state:ok`, every slot-holding primary is running,
   * all running nodes agree on who the primaries are and every running replica is in sync.
   */
  async waitUntilSettled(): Promise<void> {
    await this.waitFor('the cluster to settle', () => this.settled());
  }

  /** Closes every client, stops every node and deletes their directories. */
  async stop(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    this.clients.clear();
    await Promise.all([...this.servers.values()].map((server) => server.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async settled(): Promise<boolean> {
    const running = this.nodes.filter((node) => this.isRunning(node));
    let agreedPrimaries: string | undefined;
    for (const address of running) {
      const ok = await this.onNode(address, async (node) => {
        const info = String(await node.cluster('INFO'));
        if (!/cluster_state:ok/.test(info)) return false;
        const view = parseClusterNodes(String(await node.cluster('NODES')));
        const primaries = view.filter((entry) => entry.role === 'primary' && entry.slotRanges > 0).map((entry) => entry.address).sort();
        if (primaries.length !== PRIMARIES || !primaries.every((primary) => this.isRunning(primary))) return false;
        // Gossip spreads roles node by node: wait until this node knows every running node,
        // sees none of them failing, and sees each running non-primary following a primary.
        const primaryIds = new Set(view.filter((entry) => primaries.includes(entry.address)).map((entry) => entry.id));
        const runningEntries = view.filter((entry) => this.isRunning(entry.address));
        if (runningEntries.length !== running.length || runningEntries.some((entry) => entry.failing)) return false;
        const following = runningEntries.filter((entry) => entry.role === 'replica' && primaryIds.has(entry.primaryId ?? ''));
        if (following.length !== running.length - PRIMARIES) return false;
        const key = primaries.join(',');
        if (agreedPrimaries !== undefined && agreedPrimaries !== key) return false;
        agreedPrimaries = key;
        const self = view.find((entry) => entry.self);
        if (self?.role !== 'replica') return true;
        return /master_link_status:up/.test(await node.info('replication'));
      }).catch(() => false);
      if (!ok) return false;
    }
    return true;
  }

  private async topology(): Promise<ClusterNodeLine[]> {
    const address = this.nodes.find((node) => this.isRunning(node));
    if (!address) throw new Error('No node of the test cluster is running.');
    return this.onNode(address, async (node) => parseClusterNodes(String(await node.cluster('NODES'))));
  }

  private async waitFor(what: string, condition: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + this.settleTimeoutMs;
    while (Date.now() < deadline) {
      if (await condition()) return;
      await sleep(100);
    }
    throw new Error(`Timed out after ${this.settleTimeoutMs} ms waiting for ${what}.`);
  }

  /** A short-lived direct connection to one node, for the admin commands a cluster client would route elsewhere. */
  private async onNode<T>(address: string, use: (node: Redis) => Promise<T>): Promise<T> {
    const [host, port] = address.split(':');
    const node = new Redis({ host, port: Number(port), retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 1_000, lazyConnect: true });
    node.on('error', () => undefined);
    try {
      await node.connect();
      return await use(node);
    } finally {
      node.disconnect();
    }
  }

  private server(node: string): RedisServerProcess {
    const server = this.servers.get(node);
    if (!server) throw new Error(`${node} is not a node of this test cluster (${this.nodes.join(', ')}).`);
    return server;
  }
}

async function startNode(dir: string, nodeTimeoutMs: number): Promise<RedisServerProcess> {
  mkdirSync(dir, { recursive: true });
  let lastError: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt += 1) {
    const [port, busPort] = [await findFreePort(), await findFreePort()];
    if (port === busPort) continue;
    try {
      // everysec: the cluster's durability comes from its replicas; fsync on every write would
      // make the shared suites' thousands of writes crawl on a small CI machine.
      return await RedisServerProcess.start({ dir, port, appendOnly: true, appendFsync: 'everysec', cluster: { busPort, nodeTimeoutMs } });
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
