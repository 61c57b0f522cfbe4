import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { isLoopbackHost, type Config } from '@gapflow/core';
import type { Logger } from '@gapflow/observability';
import { RedisServerProcess } from '@gapflow/state';
import { DEV_TENANT, ensureDevApiKey } from './dev-api-key';
import { metricsEnvOfWorkers } from './metrics-ports';

function appEntry(app: 'gateway' | 'worker'): string {
  return require.resolve(`@gapflow/${app}`);
}

/**
 * `gapflow start`: the whole service on one machine. Without REDIS_URL it starts its own
 * redis-server first; then one gateway and `WORKERS` worker processes, each a child process
 * exactly as it would run alone. SIGINT/SIGTERM stop the children, then Redis.
 */
export async function startCommand(config: Config, logger: Logger): Promise<number> {
  let embedded: RedisServerProcess | undefined;
  let redisUrl = config.redis.url;
  /** The page's key: the development key, on the embedded defaults and a loopback gateway only. */
  let pageEnv: Record<string, string> = {};
  if (config.redis.clusterNodes) {
    logger.info({ nodes: config.redis.clusterNodes.length }, 'using the Redis Cluster named by REDIS_CLUSTER_NODES; no embedded redis-server started');
  } else if (redisUrl) {
    logger.info('using the Redis named by REDIS_URL; no embedded redis-server started');
  } else {
    const dir = join(config.embedded.dataDir, 'redis');
    embedded = await RedisServerProcess.start({ dir, bin: config.embedded.redisServerBin });
    redisUrl = embedded.url;
    logger.info(
      { redisUrl, dataDir: embedded.dir },
      'REDIS_URL is not set: started an embedded redis-server (stopped with this process; set REDIS_URL to use your own)',
    );
    const apiKey = await ensureDevApiKey(config, redisUrl);
    logger.info(
      { tenant: DEV_TENANT, apiKey, keyFile: join(config.embedded.dataDir, 'dev-api-key') },
      'development API key (embedded defaults only): send it as "Authorization: Bearer <apiKey>"',
    );
    if (isLoopbackHost(config.gateway.host)) {
      pageEnv = { PAGE_DEVELOPMENT_KEY: apiKey, ADMIN_API_KEY: config.adminApiKey ?? apiKey };
      const origin = `http://${config.gateway.host.includes(':') ? `[${config.gateway.host}]` : config.gateway.host}:${config.gateway.port}`;
      logger.info({ url: `${origin}/` }, 'open the interview page in a browser (development mode: it creates sessions with the development key)');
      logger.info({ url: `${origin}/admin/queues` }, 'the queue dashboard (development mode): any user name, the development key as the password');
    }
  }

  const children = new Map<ChildProcess, string>();
  // No load balancer to wait for on one machine: a gateway stops at once unless told otherwise.
  const env = { SHUTDOWN_GRACE_MS: '0', ...process.env, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) };
  const launch = (app: 'gateway' | 'worker', label: string, extraEnv: Record<string, string> = {}): void => {
    // Own process group: a terminal's Ctrl-C reaches only this supervisor, which stops the
    // children in order (apps first, Redis last) instead of racing them.
    const child = fork(appEntry(app), [], { env: { ...env, ...extraEnv }, stdio: 'inherit', detached: true });
    children.set(child, label);
  };
  launch('gateway', 'gateway', pageEnv);
  metricsEnvOfWorkers({ workers: config.worker.processes, basePort: config.worker.metricsPort, fallback: config.worker.metricsPortFallback }).forEach((metricsEnv, index) =>
    launch('worker', `worker-${index + 1}`, metricsEnv),
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (exitCode: number): Promise<void> => {
      if (stopping) return;
      stopping = true;
      const exits = [...children.keys()].map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), config.shutdownTimeoutMs).unref();
          }),
      );
      await Promise.all(exits);
      await embedded?.stop();
      logger.info('gapflow stopped');
      resolve(exitCode);
    };
    for (const [child, label] of children) {
      child.once('exit', (code, signal) => {
        if (stopping) return;
        logger.error({ process: label, code, signal }, 'a gapflow process exited; stopping the others');
        void stop(1);
      });
    }
    process.once('SIGINT', () => void stop(0));
    process.once('SIGTERM', () => void stop(0));
  });
}
