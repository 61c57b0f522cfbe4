import type { Config } from '@gapflow/core';
import type { GapflowMetrics, Logger } from '@gapflow/observability';
import type { GapflowQueues } from '@gapflow/queue';
import type { ApiKeyStore, RateLimiter, StateStores } from '@gapflow/state';

/** Everything the routes use, built once per gateway process and injected. */
export interface GatewayDependencies {
  logger: Logger;
  metrics: GapflowMetrics;
  state: StateStores;
  queues: GapflowQueues;
  apiKeys: ApiKeyStore;
  rateLimiter: RateLimiter;
  config: Pick<Config, 'sseHeartbeatMs' | 'sseMaxQueuedEvents' | 'sseWriteStallMs' | 'corsOrigins' | 'pageDevelopmentKey' | 'adminApiKey'>;
}
