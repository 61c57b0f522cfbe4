import { Agent, request, type IncomingMessage } from 'node:http';
import { ApiKeyStore, EventStream, findFreePort, GapflowKeys } from '@gapflow/state';
import { AppProcess, loadSample, TestRedisServer } from '@gapflow/testing';

const SESSIONS = 100;
const CLIENTS = 10_000;
const EVENTS_PER_SESSION = 10;
/** Requests opened at once: enough to keep the gateway busy, few enough not to overflow its listen backlog. */
const OPENING_AT_ONCE = 200;

/** One SSE client on a raw `http.request`: the ids it received, in order, and when its stream opened and ended. */
class CrowdClient {
  readonly ids: string[] = [];
  readonly opened: Promise<void>;
  readonly finished: Promise<void>;
  private response: IncomingMessage | undefined;

  constructor(url: string, key: string, agent: Agent) {
    let open: () => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    let finish: () => void = () => undefined;
    this.opened = new Promise<void>((resolve, reject) => {
      open = resolve;
      fail = reject;
    });
    this.finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const req = request(url, { agent, headers: { authorization: `Bearer ${key}` } }, (response) => {
      this.response = response;
      if (response.statusCode !== 200) fail(new Error(`status ${response.statusCode}`));
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        open();
        buffer += chunk;
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const id = /^id: (.+)$/m.exec(block)?.[1];
          if (id) this.ids.push(id);
          // The last event of the test: the client leaves, as a tab that got what it wanted.
          if (block.includes('event: group.completed')) req.destroy();
        }
      });
    });
    req.on('error', (error) => fail(error));
    req.on('close', () => finish());
    req.end();
  }

  close(): void {
    this.response?.destroy();
  }
}

/**
 * Ten thousand SSE clients on one gateway process (real HTTP on loopback), a hundred per
 * session: the gateway's Redis connections stay what they were with a hundred clients, and
 * every client gets every event of its session, in order, once.
 */
describe('GET /v1/sessions/{id}/events with ten thousand clients on one gateway', () => {
  let redis: TestRedisServer;
  let gateway: AppProcess;
  let agent: Agent;
  const clients: CrowdClient[] = [];

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    agent = new Agent({ keepAlive: false, maxSockets: CLIENTS });
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    agent.destroy();
    await gateway?.kill();
    await redis.stop();
  });

  it('keeps the Redis connections at a small constant and delivers every event of a session to each of its clients, in order, once', async () => {
    const started = Date.now();
    const admin = redis.client();
    const port = await findFreePort();
    // Ten thousand requests of one API key within a minute.
    gateway = await AppProcess.start('gateway', { REDIS_URL: redis.url, PORT: String(port), RATE_LIMIT_PER_MINUTE: '1000000' }, 'gateway listening');
    const base = `http://127.0.0.1:${port}`;
    const keys = GapflowKeys.fromPrefix('{gapflow}');
    const key = await new ApiKeyStore(admin, keys).create('acme');
    const sample = loadSample('ml-engineer');
    const gaps = [{ id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical', reason: 'r', evidence: [] }];
    const sessions: string[] = [];
    for (let index = 0; index < SESSIONS; index += 1) {
      const response = await fetch(`${base}/v1/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...sample, gaps }),
      });
      expect(response.status).toBe(201);
      sessions.push(((await response.json()) as { id: string }).id);
    }

    const connected = async () => Number(/connected_clients:(\d+)/.exec(await admin.info('clients'))?.[1]);
    const blockingReads = async () => String(await admin.client('LIST')).split('\n').filter((line) => line.includes('cmd=xread')).length;
    // Read once the reader is in its blocking read: it opens its connection when the first stream comes.
    const redisSide = async () => {
      while ((await blockingReads()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      return { connections: await connected(), blockingReads: await blockingReads() };
    };
    const open = async (count: number) => {
      for (let first = clients.length, index = first; index < first + count; index += OPENING_AT_ONCE) {
        const batch = Array.from({ length: Math.min(OPENING_AT_ONCE, first + count - index) }, (_, offset) => {
          const sessionId = sessions[(index + offset) % SESSIONS] as string;
          return new CrowdClient(`${base}/v1/sessions/${sessionId}/events`, key, agent);
        });
        clients.push(...batch);
        await Promise.all(batch.map((client) => client.opened));
      }
    };

    // One client per session first: what the gateway holds for a hundred clients.
    await open(SESSIONS);
    const withFewClients = await redisSide();
    const opening = Date.now();
    await open(CLIENTS - SESSIONS);
    const openedInMs = Date.now() - opening;
    const withManyClients = await redisSide();

    expect(withFewClients.blockingReads).toBe(1);
    expect(withManyClients).toEqual(withFewClients);
    // The test's own client, the gateway's command connection, its queues' and the one reader.
    expect(withManyClients.connections).toBeLessThanOrEqual(8);

    const writer = new EventStream({ client: admin, keys });
    const appending = Date.now();
    for (let index = 0; index < EVENTS_PER_SESSION; index += 1) {
      const type = index === EVENTS_PER_SESSION - 1 ? 'group.completed' : 'question.ready';
      await Promise.all(sessions.map((sessionId) => writer.append(sessionId, { type, data: { index } })));
    }
    await Promise.all(clients.map((client) => client.finished));
    const deliveredInMs = Date.now() - appending;

    const stored = new Map<string, string[]>();
    for (const sessionId of sessions) stored.set(sessionId, ((await admin.xrange(keys.events(sessionId), '-', '+')) as [string, string[]][]).map(([id]) => id));
    clients.forEach((client, index) => {
      const expected = stored.get(sessions[index % SESSIONS] as string) as string[];
      expect(expected).toHaveLength(EVENTS_PER_SESSION + 1);
      // Every event of its session (session.created included), in order, once.
      if (client.ids.join() !== expected.join()) expect({ client: index, ids: client.ids }).toEqual({ client: index, ids: expected });
    });

    // Every client gone: the reader followed nothing any more and closed its blocking connection.
    while ((await blockingReads()) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    process.stdout.write(
      `10k SSE clients: connections ${withFewClients.connections} with ${SESSIONS} clients, ${withManyClients.connections} with ${CLIENTS}; ` +
        `opened ${CLIENTS - SESSIONS} in ${openedInMs} ms, ${CLIENTS * EVENTS_PER_SESSION} deliveries in ${deliveredInMs} ms, whole test ${Date.now() - started} ms\n`,
    );
  }, 300_000);
});
