import type { GapflowMetrics, Logger } from '@gapflow/observability';
import type { GapflowQueues } from '@gapflow/queue';
import type { StateStores } from '@gapflow/state';
import type { Brain, NodeObserver } from '@gapflow/workflow';

/** What the processors use; built once per worker process, injected so tests run the same code. */
export interface WorkerDependencies {
  state: StateStores;
  queues: GapflowQueues;
  brain: Brain;
  logger: Logger;
  metrics: GapflowMetrics;
  /** Times every graph node (metrics). */
  observeNode: NodeObserver;
}
