import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of a gateway that a test can cut: `sever()` destroys every open
 * connection at once, as a dying load balancer or a restarted replica would, and
 * `retarget()` sends the next connections to another gateway. It records the head of each
 * connection's first request, so a test can see what a reconnecting client sent.
 */
export class SeverableProxy {
  /** The head (request line and headers) of each connection's first request, in order. */
  readonly requestHeads: string[] = [];
  /** Each open client connection with its upstream one. */
  private readonly pairs = new Set<readonly [Socket, Socket]>();

  private constructor(
    private readonly server: Server,
    private targetPort: number,
  ) {}

  /** A proxy on a free loopback port, forwarding to `targetUrl` (e.g. `http://127.0.0.1:8080`). */
  static async start(targetUrl: string): Promise<SeverableProxy> {
    const server = createServer();
    const proxy = new SeverableProxy(server, Number(new URL(targetUrl).port));
    server.on('connection', (client) => proxy.forward(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Sends connections opened from now on to another gateway. */
  retarget(targetUrl: string): void {
    this.targetPort = Number(new URL(targetUrl).port);
  }

  /** Destroys every open connection, both sides; returns how many client connections it cut. */
  sever(): number {
    const cut = this.pairs.size;
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    return cut;
  }

  async close(): Promise<void> {
    this.sever();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private forward(client: Socket): void {
    const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
    const pair = [client, upstream] as const;
    this.pairs.add(pair);
    let head = '';
    let recorded = false;
    client.on('data', (chunk: Buffer) => {
      if (recorded) return;
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end >= 0) {
        this.requestHeads.push(head.slice(0, end));
        recorded = true;
      }
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
  }
}
