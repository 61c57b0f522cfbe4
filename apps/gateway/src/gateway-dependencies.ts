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
  /** Whether the gateway was told to stop (`/readyz` answers 503), and when its streams must end; absent in tests of routes alone. */
  lifecycle?: GatewayLifecycle;
  config: Pick<Config, 'sseHeartbeatMs' | 'sseMaxQueuedEvents' | 'sseWriteStallMs' | 'corsOrigins' | 'pageDevelopmentKey' | 'adminApiKey'>;
}

/** A gateway's way out: first draining (out of the load balancer), then its open streams told to go elsewhere. */
export interface GatewayLifecycle {
  draining(): boolean;
  /** Aborts when the grace period is over: every open event stream ends with a `retry:` hint. */
  streamsEnd: AbortSignal;
}
