import { createServer } from 'node:net';
import type { Logger } from '@gapflow/observability';

export interface MetricsPortOptions {
  /** Worker processes to start; worker N gets `basePort + N - 1`. */
  workers: number;
  /** METRICS_PORT, or its default 9464; 0 lets every worker pick a free port itself. */
  basePort: number;
  /** The interface the workers' metrics servers listen on (HOST). */
  host: string;
  /** METRICS_PORT was set: the operator's ports are used as they are, taken or not. */
  explicit: boolean;
}

function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/**
 * The metrics port of each worker `gapflow start` launches. On the embedded defaults a taken
 * port (another gapflow, another exporter on 9464) must not stop the whole service for an
 * optional endpoint: that worker gets 0, i.e. a free port of its own choosing, which it logs
 * when ready. A port the operator set is kept: if it is taken the worker
 * stops with `CONFIG_INVALID`, since Prometheus would scrape the wrong process.
 */
export async function chooseMetricsPorts(options: MetricsPortOptions, logger: Logger): Promise<number[]> {
  const ports: number[] = [];
  for (let index = 0; index < options.workers; index += 1) {
    if (options.basePort === 0) {
      ports.push(0);
      continue;
    }
    const preferred = options.basePort + index;
    if (options.explicit || (preferred <= 65_535 && (await isPortFree(preferred, options.host)))) {
      ports.push(preferred);
      continue;
    }
    logger.warn({ worker: `worker-${index + 1}`, takenPort: preferred }, `metrics port ${preferred} is taken: this worker serves /metrics on a free port instead, logged as its metricsPort once it is ready; set METRICS_PORT to choose one`);
    ports.push(0);
  }
  return ports;
}
