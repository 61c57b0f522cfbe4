import { createServer, type Server } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '@gapflow/observability';
import { chooseMetricsPorts } from './metrics-ports';

function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const lines = (): Record<string, unknown>[] =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger: createLogger({ name: 'gapflow', pretty: false, destination: stream }), lines };
}

/** A port another process holds, as 9464 is when a second gapflow or an exporter runs. */
async function holdAPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

describe('choosing the workers\' metrics ports', () => {
  let held: { port: number; server: Server };

  beforeEach(async () => {
    held = await holdAPort();
  });

  afterEach(async () => {
    await new Promise((resolve) => held.server.close(resolve));
  });

  describe('on the embedded defaults (METRICS_PORT unset)', () => {
    it('gives a worker whose port is taken a free port of its own, and says so', async () => {
      const { logger, lines } = capturingLogger();
      const [first] = await chooseMetricsPorts({ workers: 1, basePort: held.port, host: '127.0.0.1', explicit: false }, logger);
      expect(first).toBe(0);
      const warning = lines().find((line) => line.takenPort === held.port);
      expect(warning?.msg).toContain(`metrics port ${held.port} is taken`);
      expect(warning?.worker).toBe('worker-1');
    });

    it('keeps the port when it is free', async () => {
      const { logger, lines } = capturingLogger();
      const probe = await holdAPort();
      await new Promise((resolve) => probe.server.close(resolve));
      expect(await chooseMetricsPorts({ workers: 1, basePort: probe.port, host: '127.0.0.1', explicit: false }, logger)).toEqual([probe.port]);
      expect(lines()).toEqual([]);
    });
  });

  it('keeps the ports the operator set, taken or not: the worker then fails loudly', async () => {
    const { logger, lines } = capturingLogger();
    expect(await chooseMetricsPorts({ workers: 2, basePort: held.port, host: '127.0.0.1', explicit: true }, logger)).toEqual([held.port, held.port + 1]);
    expect(lines()).toEqual([]);
  });

  it('leaves METRICS_PORT=0 to every worker to pick', async () => {
    const { logger } = capturingLogger();
    expect(await chooseMetricsPorts({ workers: 3, basePort: 0, host: '127.0.0.1', explicit: true }, logger)).toEqual([0, 0, 0]);
  });
});
