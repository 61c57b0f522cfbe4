import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, type RedisClient } from '@gapflow/state';
import { AppProcess, GeminiTestServer, TestRedisCluster, TestRedisServer } from '@gapflow/testing';
import type { LoadOptions } from './load-options';
import type { ModelLatency } from './model-latency';

/**
 * What a load run runs against, all real and all its own: one redis-server (or, with
 * `--cluster`, a six-node `TestRedisCluster` reached through REDIS_CLUSTER_NODES), the Gemini
 * test server with the run's model latency, M gateway and K worker processes from the build.
 */
export class LoadDeployment {
  readonly workers: AppProcess[] = [];
  /** Workers started to replace killed ones. */
  workersReplaced = 0;
  /** Killed workers, kept for the CPU they used. */
  private readonly killedWorkers: AppProcess[] = [];

  private failovers = 0;

  private constructor(
    readonly redis: TestRedisServer | TestRedisCluster,
    readonly gemini: GeminiTestServer,
    readonly gateways: AppProcess[],
    readonly gatewayUrls: string[],
    private readonly workerEnv: Record<string, string>,
  ) {}

  static async start(options: LoadOptions, latency: ModelLatency): Promise<LoadDeployment> {
    // AOF with fsync always only when the run restarts Redis: then no acknowledged write may be lost.
    const redis = options.cluster
      ? await TestRedisCluster.start()
      : await TestRedisServer.start(options.restartRedis ? { appendOnly: true, appendFsync: 'always' } : { appendOnly: false });
    const gemini = await GeminiTestServer.start({ modelLatencyMs: latency.latencyOf });
    const common = {
      ...(redis instanceof TestRedisCluster ? redis.environment : { REDIS_URL: redis.url }),
      GEMINI_API_KEY: 'load-test-key',
      GEMINI_BASE_URL: gemini.url,
      // Off so that every prompt carries the CV, and with it the candidate's marker (see ModelLatency).
      GEMINI_CONTEXT_CACHING: 'off',
      MAX_DEEP_DIVE_ROUNDS: '1',
      RATE_LIMIT_PER_MINUTE: '1000000',
      // LOG_LEVEL=debug npm run load … logs every job's start and end, for a run being diagnosed.
      ...(process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : {}),
      // Short, so that a killed worker's jobs are taken over within seconds, as in multi-process.test.ts.
      ...(options.killWorkerEverySeconds > 0 ? { WORKER_STALLED_INTERVAL_MS: '1000', WORKER_LOCK_DURATION_MS: '2000', JOB_BACKOFF_MS: '100' } : {}),
    };
    const ports = await Promise.all(Array.from({ length: options.gateways }, () => findFreePort()));
    const gateways = await Promise.all(ports.map((port) => AppProcess.start('gateway', { ...common, PORT: String(port) }, 'gateway listening')));
    const workerEnv = { ...common, WORKER_CONCURRENCY: String(options.workerConcurrency), EVALUATION_CONCURRENCY: String(options.workerConcurrency) };
    const deployment = new LoadDeployment(redis, gemini, gateways, ports.map((port) => `http://127.0.0.1:${port}`), workerEnv);
    deployment.workers.push(...(await Promise.all(Array.from({ length: options.workers }, () => AppProcess.start('worker', workerEnv, 'worker ready')))));
    return deployment;
  }

  /** A client of the run's Redis (a cluster client with `--cluster`), closed with the deployment. */
  redisClient(): RedisClient {
    return this.redis.client();
  }

  /** SIGKILL the oldest worker, as a crash, and start a new one in its place. */
  async killAndReplaceWorker(): Promise<void> {
    const victim = this.workers.shift();
    if (victim) {
      await victim.kill();
      this.killedWorkers.push(victim);
    }
    this.workers.push(await AppProcess.start('worker', this.workerEnv, 'worker ready'));
    this.workersReplaced += 1;
  }

  /** SIGKILL the single node and start it again on its port and directory (AOF brings its data back). */
  async restartRedis(): Promise<void> {
    if (!(this.redis instanceof TestRedisServer)) throw new Error('restartRedis restarts a single node; a cluster fails over instead');
    await this.redis.kill();
    await this.redis.restart();
  }

  /** A manual failover of the cluster's primaries in turn (`CLUSTER FAILOVER` on its replica); returns the new primary. */
  async failOver(): Promise<string> {
    if (!(this.redis instanceof TestRedisCluster)) throw new Error('failOver needs a cluster');
    const primaries = (await this.redis.primaries()).sort();
    const primary = primaries[this.failovers % primaries.length] as string;
    this.failovers += 1;
    return this.redis.failover(primary);
  }

  /** Writes every app process's log (killed workers' included) to a new directory; returns its path. */
  writeLogs(): string {
    const dir = mkdtempSync(join(tmpdir(), 'gapflow-load-logs-'));
    const write = (name: string, app: AppProcess) => writeFileSync(join(dir, `${name}.log`), `${app.output.lines.join('\n')}\n`);
    this.gateways.forEach((gateway, index) => write(`gateway-${index}`, gateway));
    [...this.killedWorkers, ...this.workers].forEach((worker, index) => write(`worker-${index}${this.killedWorkers.includes(worker) ? '-killed' : ''}`, worker));
    return dir;
  }

  /** CPU seconds the app processes have used so far, by role (killed workers included). */
  cpuSeconds(): { workers: number; gateways: number } {
    const sum = (apps: AppProcess[]) => apps.reduce((total, app) => total + app.cpuSeconds(), 0);
    return { workers: sum([...this.workers, ...this.killedWorkers]), gateways: sum(this.gateways) };
  }

  async close(): Promise<void> {
    await Promise.all([...this.gateways, ...this.workers].map((app) => app.kill()));
    await this.gemini.close();
    await this.redis.stop();
  }
}
