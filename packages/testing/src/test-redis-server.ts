import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createRedisConnection, RedisServerProcess, type RedisTarget } from '@gapflow/state';

export interface TestRedisOptions {
  /** @defaultValue true */
  appendOnly?: boolean;
  /** `always` so that a SIGKILL loses no acknowledged write. @defaultValue `always` */
  appendFsync?: 'always' | 'everysec' | 'no';
}

/**
 * A `redis-server` that one test file starts, owns and throws away: its own free port, its
 * own temp directory. Tests never touch a Redis they did not start, so they can kill it,
 * restart it or fill it without disturbing anything else on the machine.
 *
 * @example
 * let redis: TestRedisServer;
 * beforeAll(async () => { redis = await TestRedisServer.start(); });
 * afterAll(() => redis.stop());
 * it('stores', async () => { await redis.client().set('k', 'v'); });
 */
export class TestRedisServer {
  private readonly clients = new Set<Redis>();
  private paused = false;

  private constructor(private readonly server: RedisServerProcess) {}

  static async start(options: TestRedisOptions = {}): Promise<TestRedisServer> {
    const dir = mkdtempSync(join(tmpdir(), 'gapflow-test-redis-'));
    try {
      const server = await RedisServerProcess.start({
        dir,
        appendOnly: options.appendOnly ?? true,
        appendFsync: options.appendFsync ?? 'always',
      });
      return new TestRedisServer(server);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  get url(): string {
    return this.server.url;
  }

  /** What `createRedisConnection` takes to reach this server. */
  get target(): RedisTarget {
    return { url: this.url };
  }

  /** The variables an app started against this server needs. */
  get environment(): Record<string, string> {
    return { REDIS_URL: this.url };
  }

  get port(): number {
    return this.server.port;
  }

  get running(): boolean {
    return this.server.running;
  }

  /** A new client of this server, closed by `stop()`. */
  client(): Redis {
    const client = createRedisConnection(this.url, { connectionName: 'test' });
    // Tests kill the server on purpose; the client's reconnect errors are expected noise.
    client.on('error', () => undefined);
    this.clients.add(client);
    return client;
  }

  /**
   * SIGSTOP: the server hangs as a stuck host would — connections stay open, nothing answers —
   * until `resume()`. `stop()` resumes it first.
   */
  pause(): void {
    this.signal('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    this.signal('SIGCONT');
    this.paused = false;
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.server.pid;
    if (pid === undefined || !this.server.running) throw new Error('The test redis-server is not running.');
    process.kill(pid, signal);
  }

  /** SIGKILL: the server dies as in a crash. */
  kill(): Promise<void> {
    return this.server.kill();
  }

  /** Same port, same directory: with AOF on, the data written before comes back. */
  restart(): Promise<void> {
    return this.server.restart();
  }

  /** Closes every client, stops the server and deletes its directory. */
  async stop(): Promise<void> {
    if (this.paused) this.resume();
    for (const client of this.clients) client.disconnect();
    this.clients.clear();
    await this.server.stop();
    rmSync(this.server.dir, { recursive: true, force: true });
  }
}
