import { TestRedisCluster } from './test-redis-cluster';

describe('TestRedisCluster', () => {
  let cluster: TestRedisCluster;

  beforeAll(async () => {
    cluster = await TestRedisCluster.start();
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('runs six nodes, three of them primaries each followed by a replica', async () => {
    expect(cluster.nodes).toHaveLength(6);
    expect(new Set(cluster.nodes).size).toBe(6);
    const primaries = await cluster.primaries();
    expect(primaries).toHaveLength(3);
    const replicas = await Promise.all(primaries.map((primary) => cluster.replicaOf(primary)));
    expect(new Set([...primaries, ...replicas])).toEqual(new Set(cluster.nodes));
  });

  it('refuses a multi-key command across slots, as a real cluster does', async () => {
    const client = cluster.client();
    await expect(client.mset('a', '1', 'b', '2')).rejects.toThrow(/CROSSSLOT/);
    await expect(client.mset('{s}:a', '1', '{s}:b', '2')).resolves.toBe('OK');
  });

  it('spreads keys over all three primaries and flushAll empties each of them', async () => {
    const client = cluster.client();
    await Promise.all(Array.from({ length: 60 }, (_, index) => client.set(`key-${index}`, String(index))));
    const sizes = await Promise.all(client.nodes('master').map((node) => node.dbsize()));
    expect(sizes.filter((size) => size > 0)).toHaveLength(3);
    await cluster.flushAll();
    const after = await Promise.all(client.nodes('master').map((node) => node.dbsize()));
    expect(after).toEqual([0, 0, 0]);
  });

  it('fails a primary over to its replica without losing an acknowledged write', async () => {
    const client = cluster.client();
    await client.set('{failover}:before', 'kept');
    const slot = (await client.cluster('KEYSLOT', '{failover}:before')) as number;
    const primary = await primaryOfSlot(cluster, slot);
    const replica = await cluster.replicaOf(primary);

    const promoted = await cluster.failover(primary);

    expect(promoted).toBe(replica);
    expect(await cluster.primaries()).toContain(replica);
    expect(await cluster.primaries()).not.toContain(primary);
    expect(await cluster.replicaOf(replica)).toBe(primary);
    await expect(client.get('{failover}:before')).resolves.toBe('kept');
    await expect(client.set('{failover}:after', 'written')).resolves.toBe('OK');
  });

  it('promotes the replica of a SIGKILLed primary, and takes the primary back as a replica on restart', async () => {
    const client = cluster.client();
    await client.set('{crash}:before', 'replicated');
    await client.wait(1, 5_000);
    const slot = (await client.cluster('KEYSLOT', '{crash}:before')) as number;
    const primary = await primaryOfSlot(cluster, slot);
    const replica = await cluster.replicaOf(primary);

    await cluster.kill(primary);
    expect(cluster.isRunning(primary)).toBe(false);
    await cluster.waitUntilSettled();

    expect(await cluster.primaries()).toContain(replica);
    await expect(client.get('{crash}:before')).resolves.toBe('replicated');

    await cluster.restart(primary);
    expect(cluster.isRunning(primary)).toBe(true);
    expect(await cluster.replicaOf(replica)).toBe(primary);
  });
});

async function primaryOfSlot(cluster: TestRedisCluster, slot: number): Promise<string> {
  const slots = await cluster.client().cluster('SLOTS');
  const range = slots.find(([from, to]) => slot >= from && slot <= to);
  const primary = range?.[2];
  if (!primary) throw new Error(`slot ${slot} is not served`);
  return `${primary[0]}:${primary[1]}`;
}
