import { createServer } from 'node:net';
import { GapflowMetrics } from '@gapflow/observability';
import { MetricsServer } from './metrics-server';

describe('a worker\'s metrics server', () => {
  it('serves GET /metrics', async () => {
    const server = await MetricsServer.start(new GapflowMetrics('worker'), 0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('# HELP');
    } finally {
      await server.close();
    }
  });

  it('stops with CONFIG_INVALID naming METRICS_PORT when the port the operator chose is taken', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      await expect(MetricsServer.start(new GapflowMetrics('worker'), port, '127.0.0.1')).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining(`METRICS_PORT ${port} on 127.0.0.1 is taken`),
      });
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('serves on a free port instead, and names the taken one, when the port was only a default', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const server = await MetricsServer.start(new GapflowMetrics('worker'), port, '127.0.0.1', { fallbackToFreePort: true });
      try {
        expect(server.takenPort).toBe(port);
        expect(server.port).not.toBe(port);
        expect((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(200);
      } finally {
        await server.close();
      }
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
