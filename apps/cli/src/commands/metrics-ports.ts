export interface MetricsPortOptions {
  /** Worker processes to start; worker N gets `basePort + N - 1`. */
  workers: number;
  /** METRICS_PORT, or its default 9464; 0 lets every worker pick a free port itself. */
  basePort: number;
  /** A taken port falls back to a free one (METRICS_PORT unset, or METRICS_PORT_FALLBACK=any). */
  fallback: boolean;
}

/**
 * The metrics settings of each worker `gapflow start` launches. Nothing is probed here: a
 * port found free now may be taken before the worker binds it. Each worker binds its own port
 * and, on the embedded defaults, falls back to a free one itself (and says so), so an
 * optional endpoint never stops the service; a port the operator set stays theirs, and a
 * taken one stops the worker with `CONFIG_INVALID`, since Prometheus would scrape the wrong
 * process.
 */
export function metricsEnvOfWorkers(options: MetricsPortOptions): Record<string, string>[] {
  return Array.from({ length: options.workers }, (_, index) => ({
    METRICS_PORT: String(options.basePort === 0 ? 0 : Math.min(options.basePort + index, 65_535)),
    METRICS_PORT_FALLBACK: options.fallback ? 'any' : 'none',
  }));
}
