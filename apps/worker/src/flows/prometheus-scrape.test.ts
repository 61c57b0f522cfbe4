import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable, findFreePort } from '@gapflow/state';
import { AppProcess, TestRedisServer } from '@gapflow/testing';

const prometheus = findExecutable('prometheus');
if (!prometheus) console.warn('prometheus is not installed: the real-scrape test is skipped. Install it with `apt-get install prometheus`; .ci/run does.');
const describeWithPrometheus = prometheus ? describe : describe.skip;

/** A real Prometheus scraping a gateway and a worker on loopback. */
describeWithPrometheus('a real Prometheus', () => {
  let redis: TestRedisServer;
  let dir: string;
  let server: ChildProcess | undefined;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    dir = mkdtempSync(join(tmpdir(), 'gapflow-prometheus-'));
  });

  afterAll(async () => {
    server?.kill('SIGKILL');
    await Promise.all(apps.map((app) => app.kill()));
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function query(url: string, promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`).catch(() => undefined);
    if (!response?.ok) return [];
    return ((await response.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
  }

  it('scrapes both, and answers queries on their series', async () => {
    const gatewayPort = await findFreePort();
    const gateway = await AppProcess.start('gateway', { REDIS_URL: redis.url, PORT: String(gatewayPort) }, 'gateway listening');
    const worker = await AppProcess.start('worker', { REDIS_URL: redis.url }, 'worker ready');
    apps.push(gateway, worker);
    const workerPort = Number(JSON.parse(worker.output.lines.find((line) => line.includes('worker ready')) ?? '{}').metricsPort);
    await fetch(`http://127.0.0.1:${gatewayPort}/healthz`);

    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s }',
        'scrape_configs:',
        `  - job_name: gateway\n    static_configs: [{ targets: ['127.0.0.1:${gatewayPort}'] }]`,
        `  - job_name: worker\n    static_configs: [{ targets: ['127.0.0.1:${workerPort}'] }]`,
      ].join('\n'),
    );
    const promPort = await findFreePort();
    server = spawn(prometheus as string, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`], { stdio: 'ignore' });
    const url = `http://127.0.0.1:${promPort}`;

    let workers: Awaited<ReturnType<typeof query>> = [];
    let requests: Awaited<ReturnType<typeof query>> = [];
    for (let attempt = 0; attempt < 60 && (workers.length === 0 || requests.length === 0); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      workers = await query(url, 'gapflow_worker_up');
      requests = await query(url, 'gapflow_http_requests_total{route="/healthz"}');
    }
    expect(workers.map((series) => [series.metric.job, series.value[1]])).toEqual([['worker', '1']]);
    expect(requests[0]?.metric).toMatchObject({ job: 'gateway', service: 'gateway', method: 'GET', status: '200' });
    expect(Number(requests[0]?.value[1])).toBeGreaterThanOrEqual(1);
  });
});
