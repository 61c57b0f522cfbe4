import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP server on a free port of 127.0.0.1, for the fake upstreams tests point real
 * clients at (Gemini, Qdrant, an OTLP receiver): its URL, and a close that ends open
 * connections instead of waiting for clients' keep-alive.
 */
export class LoopbackServer {
  private constructor(private readonly server: Server) {}

  static async start(handler: RequestListener): Promise<LoopbackServer> {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new LoopbackServer(server);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
