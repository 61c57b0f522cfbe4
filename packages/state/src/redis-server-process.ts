import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GapflowError } from '@gapflow/core';
import { claimDataDir, recordDataDirOwner, releaseDataDir } from './data-dir-owner';
import { findExecutable } from './find-executable';
import { findFreePort } from './free-port';
import { pingRedis } from './ping-redis';

export interface RedisServerOptions {
  /** Directory for the AOF files and `redis.log`; created when missing. */
  dir: string;
  /** @defaultValue a free port on 127.0.0.1 */
  port?: number;
  /** Keep an append-only file so the data outlives a crash. @defaultValue true */
  appendOnly?: boolean;
  /**
   * When the AOF is flushed to disk. `always` makes every acknowledged write survive a
   * SIGKILL, which tests that kill Redis mid-write rely on.
   * @defaultValue `everysec`
   */
  appendFsync?: 'always' | 'everysec' | 'no';
  /** @defaultValue `redis-server` on PATH */
  bin?: string;
  /** How long to wait for the first PONG. @defaultValue 10000 */
  startTimeoutMs?: number;
  /** Runs the server as a Redis Cluster node (`--cluster-enabled yes`). @defaultValue a standalone server */
  cluster?: RedisClusterNodeOptions;
}

export interface RedisClusterNodeOptions {
  /**
   * The cluster bus port, given explicitly (`cluster-port`) because the default, port + 10000,
   * can lie past 65535 or be taken when the port is an ephemeral one.
   */
  busPort: number;
  /** How long a node may be unreachable before its replica takes over. @defaultValue 15000 (Redis' own) */
  nodeTimeoutMs?: number;
}

const INSTALL_HINT =
  'Install it with `apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS), ' +
  'or set REDIS_URL to a Redis you already run.';

/** Attempts at a fresh free port when another process takes ours between probe and bind. */
const PORT_ATTEMPTS = 3;

/**
 * A `redis-server` child process owned by this process: the embedded default of `npm start`
 * and the per-run Redis of every test. Bound to 127.0.0.1 only, `noeviction` (BullMQ needs
 * it), no RDB snapshots.
 *
 * @example
 * const redis = await RedisServerProcess.start({ dir: '.gapflow/redis' });
 * console.log(redis.url); // redis://127.0.0.1:41234
 * await redis.stop();
 */
export class RedisServerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    private readonly bin: string,
    readonly port: number,
    readonly dir: string,
    private readonly options: RedisServerOptions,
  ) {}

  static async start(options: RedisServerOptions): Promise<RedisServerProcess> {
    const requested = options.bin ?? 'redis-server';
    const bin = findExecutable(requested);
    if (!bin) {
      throw new GapflowError('CONFIG_INVALID', `${requested} was not found on PATH. ${INSTALL_HINT}`);
    }
    const dir = resolve(options.dir);
    mkdirSync(dir, { recursive: true });
    await claimDataDir(dir);
    let lastError: unknown;
    const attempts = options.port === undefined ? PORT_ATTEMPTS : 1;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const port = options.port ?? (await findFreePort());
      const server = new RedisServerProcess(bin, port, dir, options);
      try {
        await server.launch();
        return server;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Ends the server at once, as a crash would: no shutdown save, no goodbye to clients. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** Starts the server again on the same port and directory; with AOF, the data comes back. */
  async restart(): Promise<void> {
    if (this.running) await this.stop();
    await this.launch();
  }

  /** Asks the server to shut down (it flushes the AOF), then kills it if it lingers. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGTERM');
    const lingered = await new Promise<boolean>((resolveWait) => {
      const timer = setTimeout(() => resolveWait(true), graceMs);
      void this.exited.then(() => {
        clearTimeout(timer);
        resolveWait(false);
      });
    });
    if (lingered) await this.kill();
    releaseDataDir(this.dir);
  }

  private arguments(): string[] {
    const appendOnly = this.options.appendOnly ?? true;
    return [
      '--port', String(this.port),
      '--bind', '127.0.0.1',
      '--dir', this.dir,
      '--logfile', join(this.dir, 'redis.log'),
      '--daemonize', 'no',
      '--save', '',
      '--appendonly', appendOnly ? 'yes' : 'no',
      '--appendfsync', this.options.appendFsync ?? 'everysec',
      '--maxmemory-policy', 'noeviction',
      ...this.clusterArguments(),
    ];
  }

  private clusterArguments(): string[] {
    const cluster = this.options.cluster;
    if (!cluster) return [];
    return [
      '--cluster-enabled', 'yes',
      '--cluster-port', String(cluster.busPort),
      // nodes.conf sits in the node's own directory, so a restart rejoins with the same identity.
      '--cluster-config-file', join(this.dir, 'nodes.conf'),
      '--cluster-node-timeout', String(cluster.nodeTimeoutMs ?? 15_000),
      // Each primary has one replica, so waiting (5 s by default) for more replicas to share a
      // full sync only delays the first one.
      '--repl-diskless-sync-delay', '0',
    ];
  }

  private async launch(): Promise<void> {
    // Own process group: a terminal's Ctrl-C must not stop Redis before the apps that use it.
    const child = spawn(this.bin, this.arguments(), { stdio: 'ignore', detached: true });
    this.child = child;
    this.exited = new Promise((resolveExit) => {
      child.once('exit', () => resolveExit());
      child.once('error', () => resolveExit());
    });
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 10_000);
    while (Date.now() < deadline) {
      if (!this.running) break;
      if (await pingRedis(this.port)) {
        if (child.pid !== undefined) recordDataDirOwner(this.dir, child.pid, this.port);
        return;
      }
      await sleep(25);
    }
    await this.kill();
    throw new GapflowError(
      'UPSTREAM_UNAVAILABLE',
      `redis-server did not start on port ${this.port}. Its log says: ${this.logTail()}`,
    );
  }

  private logTail(lines = 5): string {
    try {
      const log = readFileSync(join(this.dir, 'redis.log'), 'utf8').trim().split('\n');
      return log.slice(-lines).join(' | ') || '(empty)';
    } catch {
      return '(no log written)';
    }
  }
}
