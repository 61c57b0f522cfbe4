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
      const queue = queues.queue(name);
      const counts = await queue.getJobCounts(...STATES);
      for (const state of STATES) metrics.queueJobs.set({ queue: name, state }, counts[state] ?? 0);
      const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
      metrics.queueOldestWaiting.set({ queue: name }, oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0);
    }
  });
}
