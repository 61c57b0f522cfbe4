import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GapflowError, isGapflowError } from '@gapflow/core';
import type { GapflowMetrics } from '@gapflow/observability';

/** `GET /metrics` of a worker process on its own port (workers serve no other HTTP). */
export class MetricsServer {
  private constructor(
    private readonly server: Server,
    /** The port asked for, when another process held it and a free one was taken instead. */
    readonly takenPort?: number,
  ) {}

  /**
   * Serves on `port`; when another process holds it, on a free port if `fallbackToFreePort`
   * (the port was a default, not the operator's choice), else fails with `CONFIG_INVALID`.
   * The fallback is decided here, at the bind, so no other process can take the port between
   * a check and the listen.
   */
  static async start(metrics: GapflowMetrics, port: number, host: string, options: { fallbackToFreePort?: boolean } = {}): Promise<MetricsServer> {
    try {
      return new MetricsServer(await MetricsServer.listen(metrics, port, host));
    } catch (error) {
      if (!(options.fallbackToFreePort && port !== 0 && isGapflowError(error, 'CONFIG_INVALID'))) throw error;
      return new MetricsServer(await MetricsServer.listen(metrics, 0, host), port);
    }
  }

  private static async listen(metrics: GapflowMetrics, port: number, host: string): Promise<Server> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Only GET /metrics is served here.\n');
        return;
      }
      void metrics.render().then(
        ({ contentType, body }) => res.writeHead(200, { 'Content-Type': contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        // A port the operator chose and another process holds: stop and say which, rather
        // than serve metrics where Prometheus does not look.
        if (error.code === 'EADDRINUSE') {
          reject(new GapflowError('CONFIG_INVALID', `METRICS_PORT ${port} on ${host} is taken by another process. Choose a free port, or 0 for any free port.`, { cause: error }));
          return;
        }
        reject(error);
      });
      server.listen(port, host, () => resolve());
    });
    return server;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
