import { createServer, type Server } from 'node:net';
import { isGapflowError, loadConfig } from '@gapflow/core';
import { createLogger } from '@gapflow/observability';
import { TestRedisServer } from '@gapflow/testing';
import { GatewayServer } from './gateway-server';

describe('a gateway whose port is taken', () => {
  let redis: TestRedisServer;
  let squatter: Server;
  let port: number;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    port = (squatter.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    await redis.stop();
  });

  it('fails to start with CONFIG_INVALID naming the port and PORT, instead of a TypeError later', async () => {
    const config = loadConfig({ REDIS_URL: redis.url, PORT: String(port), HOST: '127.0.0.1' });
    const logger = createLogger({ name: 'gateway', level: 'silent', pretty: false });
    const error = await GatewayServer.start(config, logger, redis.url).catch((cause: unknown) => cause);
    expect(isGapflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain(`Port ${port} on 127.0.0.1 is in use`);
    expect((error as Error).message).toContain('set PORT');
  });
});
