import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, pingRedis } from '@gapflow/state';
import { builtEntry, ChildProcessOutput, TestRedisServer } from '@gapflow/testing';

/** METRICS_PORT's default: what a second gapflow on the machine finds taken. */
const DEFAULT_METRICS_PORT = 9464;

/** `npm start` without the build step: the same process the README's first command runs. */
function startGapflow(env: Record<string, string>, unset: string[] = []): { child: ChildProcess; output: ChildProcessOutput } {
  const { REDIS_URL: _ignored, ...inherited } = process.env;
  const merged: Record<string, string | undefined> = { ...inherited, LOG_LEVEL: 'info', METRICS_PORT: '0', ...env };
  for (const name of unset) delete merged[name];
  const child = spawn(process.execPath, [builtEntry('cli'), 'start'], {
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, output: new ChildProcessOutput(child) };
}

async function waitForHttp(url: string, status: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answered = await fetch(url).then((response) => response.status).catch(() => 0);
    if (answered === status) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms`);
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  // 'close', not 'exit': it fires after the output pipes are drained, so no line is missed.
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}

/**
 * Stops a `gapflow start` a failed test left running. SIGTERM, not SIGKILL: its gateway,
 * workers and redis-server run in process groups of their own, so a SIGKILL would orphan
 * them, and their inherited stdout would hold this jest worker open after the run.
 */
async function stopGapflow(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = exitOf(child);
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(forced);
}

describe('gapflow start', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gapflow-start-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('with nothing configured', () => {
    it('starts its own redis-server, says so first, serves /healthz and /readyz, and stops it all on SIGTERM', async () => {
      const port = await findFreePort();
      const { child, output } = startGapflow({ PORT: String(port), GAPFLOW_DATA_DIR: dataDir });
      try {
        await waitForHttp(`http://127.0.0.1:${port}/healthz`, 200);
        await waitForHttp(`http://127.0.0.1:${port}/readyz`, 200);
        await output.waitFor((line) => line.includes('worker ready'));

        const [first, second] = output.jsonLines();
        expect(first?.msg).toContain('REDIS_URL is not set: started an embedded redis-server');
        expect(second?.msg).toContain('development API key');
        const devKey = String(second?.apiKey);
        expect(devKey).toMatch(/^gf_/);
        // The key works against the API, and is the one saved for the next start.
        const unknown = await fetch(`http://127.0.0.1:${port}/v1/sessions/ses_nothing`, { headers: { authorization: `Bearer ${devKey}` } });
        expect(unknown.status).toBe(404);
        expect(readFileSync(join(dataDir, 'dev-api-key'), 'utf8').trim()).toBe(devKey);
        const redisPort = Number(new URL(String(first?.redisUrl)).port);
        expect(await pingRedis(redisPort)).toBe(true);
        expect(existsSync(join(dataDir, 'redis'))).toBe(true);

        child.kill('SIGTERM');
        expect(await exitOf(child)).toBe(0);
        expect(await pingRedis(redisPort)).toBe(false);
      } finally {
        await stopGapflow(child);
      }
    });
  });

  describe('with nothing configured and the default metrics port taken', () => {
    let holder: Server | undefined;

    beforeAll(async () => {
      // Whoever holds 9464 already (another gapflow, an exporter) serves this test as well.
      const server = createServer();
      holder = await new Promise<Server | undefined>((resolve) => {
        server.once('error', () => resolve(undefined));
        server.listen(DEFAULT_METRICS_PORT, '127.0.0.1', () => resolve(server));
      });
    });

    afterAll(async () => {
      if (holder) await new Promise((resolve) => holder?.close(resolve));
    });

    it('starts anyway, serving the worker\'s metrics on a free port it names', async () => {
      const port = await findFreePort();
      const { child, output } = startGapflow({ PORT: String(port), GAPFLOW_DATA_DIR: dataDir }, ['METRICS_PORT']);
      try {
        await output.waitFor((line) => line.includes('"msg":"worker ready"'));
        const lines = output.jsonLines();
        expect(lines.find((line) => line.takenPort === DEFAULT_METRICS_PORT)?.msg).toContain(`metrics port ${DEFAULT_METRICS_PORT} is taken`);
        const metricsPort = Number(lines.find((line) => line.msg === 'worker ready')?.metricsPort);
        expect(metricsPort).not.toBe(DEFAULT_METRICS_PORT);
        await waitForHttp(`http://127.0.0.1:${metricsPort}/metrics`, 200);
        child.kill('SIGTERM');
        expect(await exitOf(child)).toBe(0);
      } finally {
        await stopGapflow(child);
      }
    });
  });

  describe('with REDIS_URL set', () => {
    let redis: TestRedisServer;

    beforeAll(async () => {
      redis = await TestRedisServer.start();
    });

    afterAll(async () => {
      await redis.stop();
    });

    it('uses that Redis and starts none of its own', async () => {
      const port = await findFreePort();
      const { child, output } = startGapflow({ PORT: String(port), GAPFLOW_DATA_DIR: dataDir, REDIS_URL: redis.url });
      try {
        await waitForHttp(`http://127.0.0.1:${port}/readyz`, 200);
        const [first] = output.jsonLines();
        expect(first?.msg).toContain('using the Redis named by REDIS_URL');
        expect(existsSync(join(dataDir, 'redis'))).toBe(false);
        const clients = await redis.client().client('LIST');
        expect(String(clients)).toContain('name=gapflow-gateway');

        child.kill('SIGTERM');
        expect(await exitOf(child)).toBe(0);
        expect(await redis.client().ping()).toBe('PONG');
      } finally {
        await stopGapflow(child);
      }
    });
  });

  it('refuses a bad configuration with a message naming the variable', async () => {
    const { child, output } = startGapflow({ PORT: 'eighty', GAPFLOW_DATA_DIR: dataDir });
    expect(await exitOf(child)).toBe(1);
    expect(output.lines.join('\n')).toContain('PORT must be a whole number from 1 to 65535 (got "eighty")');
  });
});
