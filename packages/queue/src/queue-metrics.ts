import type { GapflowMetrics } from '@gapflow/observability';
import type { GapflowQueues } from './gapflow-queues';
import { QUEUE_NAMES } from './queue-names';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'waiting-children'] as const;

/**
 * Queue depths and the age of the oldest waiting job, read from Redis at scrape time (so they
 * are right whichever process did the work), for every gapflow queue.
 */
export function collectQueueMetrics(metrics: GapflowMetrics, queues: GapflowQueues): void {
  metrics.onScrape(async () => {
    for (const name of Object.values(QUEUE_NAMES)) {
      // Summed over every shard (QUEUE_SHARDS): a queue is one queue to whoever watches it.
      const totals = new Map<string, number>();
      let oldestTimestamp: number | undefined;
      for (const prefix of queues.prefixes) {
        const queue = queues.queue(name, prefix);
        const counts = await queue.getJobCounts(...STATES);
        for (const state of STATES) totals.set(state, (totals.get(state) ?? 0) + (counts[state] ?? 0));
        const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
        if (oldest && (oldestTimestamp === undefined || oldest.timestamp < oldestTimestamp)) oldestTimestamp = oldest.timestamp;
      }
      for (const state of STATES) metrics.queueJobs.set({ queue: name, state }, totals.get(state) ?? 0);
      metrics.queueOldestWaiting.set({ queue: name }, oldestTimestamp === undefined ? 0 : Math.max(0, (Date.now() - oldestTimestamp) / 1000));
    }
  });
}
