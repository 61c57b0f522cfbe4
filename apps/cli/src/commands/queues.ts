import { GapflowError, type Config } from '@gapflow/core';
import { GapflowQueues, QueueControls, type FailedJob, type QueueOverview } from '@gapflow/queue';
import { withDeploymentRedis } from '../deployment-redis';
import { parseDuration } from './keys';

function withControls<T>(config: Config, run: (controls: QueueControls) => Promise<T>): Promise<T> {
  const missing = 'Set REDIS_URL (or REDIS_CLUSTER_NODES) to the Redis the workers use (gapflow start prints it when it starts its own), and QUEUE_SHARDS as they have it.';
  return withDeploymentRedis(config, missing, async (connection) => {
    const queues = new GapflowQueues({ connection, prefix: config.redis.keyPrefix, shards: config.jobs.shards });
    try {
      return await run(new QueueControls(queues));
    } finally {
      await queues.close();
    }
  });
}

/** `gapflow queues`: every queue's jobs per state, whether it is paused, and its oldest waiting job's age. */
export function queuesCommand(config: Config): Promise<QueueOverview[]> {
  return withControls(config, (controls) => controls.overview());
}

/** `gapflow queues pause|resume <queue>`. */
export function pauseCommand(config: Config, queue: string, paused: boolean): Promise<{ queue: string; paused: boolean }> {
  return withControls(config, async (controls) => {
    await (paused ? controls.pause(queue) : controls.resume(queue));
    return { queue, paused };
  });
}

/** `gapflow queues retry-failed <queue> [--since 2h] [--dry-run]`. */
export function retryFailedCommand(config: Config, queue: string, options: { since?: string; dryRun: boolean }): Promise<{ queue: string; dryRun: boolean; jobs: FailedJob[] }> {
  const sinceMs = options.since === undefined ? undefined : parseDuration(options.since, '--since') * 1000;
  return withControls(config, async (controls) => ({ queue, dryRun: options.dryRun, jobs: await controls.retryFailed(queue, { ...(sinceMs !== undefined ? { sinceMs } : {}), dryRun: options.dryRun }) }));
}

/** `gapflow queues clean <queue> <state> --older-than 7d`. */
export function cleanCommand(config: Config, queue: string, state: string, olderThan: string | undefined): Promise<{ queue: string; state: string; removed: number }> {
  if (olderThan === undefined) throw new GapflowError('VALIDATION_FAILED', 'Say how old the jobs to remove must be: gapflow queues clean <queue> <state> --older-than 7d');
  const olderThanMs = parseDuration(olderThan, '--older-than') * 1000;
  return withControls(config, async (controls) => ({ queue, state, removed: await controls.clean(queue, state, olderThanMs) }));
}
