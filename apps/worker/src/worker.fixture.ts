import { loadConfig } from '@gapflow/core';
import { createLogger } from '@gapflow/observability';
import type { TestRedisCluster, TestRedisServer } from '@gapflow/testing';
import { WorkerProcess, type WorkerProcessOverrides } from './worker-process';

/** A real worker process (in this process) on a test's Redis (one node or a cluster), quick to retry. */
export function startTestWorker(redis: TestRedisServer | TestRedisCluster, overrides: WorkerProcessOverrides = {}, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const config = loadConfig({ ...redis.environment, JOB_BACKOFF_MS: '10', WORKER_CONCURRENCY: '16', METRICS_PORT: '0', ...env });
  return WorkerProcess.start(config, createLogger({ name: 'test-worker', level: process.env.TEST_LOG_LEVEL ?? 'silent', pretty: false }), redis.target, overrides);
}
