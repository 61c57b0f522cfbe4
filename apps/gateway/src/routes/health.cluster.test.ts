import { TestRedisCluster } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../gateway.fixture';

describe('/readyz on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let gateway: TestGateway;

  beforeAll(async () => {
    cluster = await TestRedisCluster.start();
    gateway = await startTestGateway(cluster);
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await cluster?.stop();
  });

  async function readyz(): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${gateway.url}/readyz`);
    return { status: response.status, body: await response.json() };
  }

  async function waitForStatus(status: number): Promise<{ status: number; body: unknown }> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const answer = await readyz();
      if (answer.status === status) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return readyz();
  }

  it('reports the cluster as ok, with its three primaries and six nodes', async () => {
    const answer = await waitForStatus(200);
    expect(answer).toEqual({ status: 200, body: { status: 'ready', checks: { redis: 'ok', redisCluster: { state: 'ok', size: 3, knownNodes: 6 } } } });
  });

  it('answers 503 with cluster_state fail while a primary and its replica are both down, and 200 once they are back', async () => {
    const [primary] = await cluster.primaries();
    if (!primary) throw new Error('the cluster has no primary');
    const replica = await cluster.replicaOf(primary);
    await cluster.kill(replica);
    await cluster.kill(primary);

    const down = await waitForStatus(503);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'unavailable', checks: { redisCluster: { state: 'fail' } } });

    await cluster.restart(primary);
    await cluster.restart(replica);
    expect((await waitForStatus(200)).status).toBe(200);
  }, 60_000);
});
