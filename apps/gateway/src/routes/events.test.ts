import { connect, type Socket } from 'node:net';
import { loadSample, readServerSentEvents, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../gateway.fixture';

const sample = loadSample('ml-engineer');

const waitFor = async (condition: () => boolean | Promise<boolean>) => {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
};

async function createSession(gateway: TestGateway, key: string): Promise<string> {
  const gaps = [{ id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical', reason: 'r', evidence: [] }];
  const response = await fetch(`${gateway.url}/v1/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...sample, gaps }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/**
 * An SSE request on a raw socket, so a test controls exactly when (and whether) the client
 * reads. HTTP/1.0: the body comes unchunked, as the bytes of the stream.
 */
function rawEventStream(gateway: TestGateway, key: string, sessionId: string): Socket {
  const { hostname, port } = new URL(gateway.url);
  const socket = connect(Number(port), hostname);
  socket.write(`GET /v1/sessions/${sessionId}/events HTTP/1.0\r\nHost: ${hostname}\r\nAuthorization: Bearer ${key}\r\n\r\n`);
  return socket;
}

describe('GET /v1/sessions/{id}/events', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let key: string;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis);
    key = await gateway.keyFor('acme');
  });

  afterAll(async () => {
    await gateway.close();
    await redis.stop();
  });

  const headers = () => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
  const reader = () => gateway.deps.state.events.reader;

  describe('when the session is erased', () => {
    it('sends session.erased as its last event, then ends the stream', async () => {
      const sessionId = await createSession(gateway, key);
      // A safety net only: the stream must end by itself, or reading it throws.
      const response = await fetch(`${gateway.url}/v1/sessions/${sessionId}/events`, { headers: headers(), signal: AbortSignal.timeout(20_000) });
      expect(response.status).toBe(200);

      const types: string[] = [];
      let text = '';
      let erased = false;
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true });
        types.splice(0, types.length, ...[...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1] as string));
        if (!erased && types.includes('session.created')) {
          erased = true;
          expect((await fetch(`${gateway.url}/v1/sessions/${sessionId}`, { method: 'DELETE', headers: headers() })).status).toBe(204);
        }
      }

      expect(types).toEqual(['session.created', 'session.erased']);
      await waitFor(() => reader().stats().streams === 0);
    });
  });

  describe('when a client comes back with Last-Event-ID', () => {
    it('gets every event it missed and then the new ones, once, whether the id comes as a header or in the query', async () => {
      const sessionId = await createSession(gateway, key);
      const url = `${gateway.url}/v1/sessions/${sessionId}/events`;
      const append = (index: number) => gateway.deps.state.events.append(sessionId, { type: 'answer.delta', data: index });
      await append(0);
      await append(1);
      const first = await readServerSentEvents(url, { headers: headers(), until: (events) => events.length === 3 });
      const lastSeen = first.events[2]?.id as string;
      // While the client is away.
      await append(2);
      await append(3);

      const viaHeader = readServerSentEvents(url, { headers: { ...headers(), 'last-event-id': lastSeen }, until: (events) => events.length === 3 });
      const viaQuery = readServerSentEvents(`${url}?lastEventId=${lastSeen}`, { headers: headers(), until: (events) => events.length === 3 });
      await waitFor(() => reader().stats().subscribers === 2);
      await append(4);

      expect(first.events.map((event) => event.event)).toEqual(['session.created', 'answer.delta', 'answer.delta']);
      for (const resumed of await Promise.all([viaHeader, viaQuery])) {
        expect(resumed.events.map((event) => (event.data as { data: unknown }).data)).toEqual([2, 3, 4]);
      }
      await waitFor(() => reader().stats().streams === 0);
    });

    it('refuses an id this stream could not have sent', async () => {
      const sessionId = await createSession(gateway, key);
      const response = await fetch(`${gateway.url}/v1/sessions/${sessionId}/events`, { headers: { ...headers(), 'last-event-id': '*' } });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('when a client leaves mid-stream', () => {
    it('keeps serving the others, and the reader lets the session go with its last client', async () => {
      const sessionId = await createSession(gateway, key);
      const leaving = rawEventStream(gateway, key, sessionId);
      const staying = readServerSentEvents(`${gateway.url}/v1/sessions/${sessionId}/events`, { headers: headers(), until: (events) => events.length === 3 });
      await waitFor(() => reader().stats().subscribers === 2);
      await gateway.deps.state.events.append(sessionId, { type: 'answer.delta', data: 'both' });
      let leaverText = '';
      leaving.on('data', (chunk: Buffer) => (leaverText += chunk.toString()));
      await waitFor(() => leaverText.includes('"both"'));

      leaving.destroy();
      await waitFor(() => reader().stats().subscribers === 1);
      await gateway.deps.state.events.append(sessionId, { type: 'answer.delta', data: 'one' });
      expect((await staying).events.map((event) => event.event)).toEqual(['session.created', 'answer.delta', 'answer.delta']);
      expect((await staying).events.slice(1).map((event) => (event.data as { data: unknown }).data)).toEqual(['both', 'one']);
      await waitFor(() => reader().stats().streams === 0);
    });
  });
});

describe('GET /v1/sessions/{id}/events for a client that stops reading', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let key: string;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis, { SSE_MAX_QUEUED_EVENTS: '20', SSE_WRITE_STALL_MS: '300' });
    key = await gateway.keyFor('acme');
  });

  afterAll(async () => {
    await gateway.close();
    await redis.stop();
  });

  it('drops it with a retry hint once its socket stays full, and it resumes from its last event without a gap', async () => {
    const sessionId = await createSession(gateway, key);
    const reader = gateway.deps.state.events.reader;
    const socket = rawEventStream(gateway, key, sessionId);
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    await waitFor(() => text.includes('event: session.created'));
    // Stops reading: the kernel's buffers fill, then the gateway's.
    socket.pause();

    const padding = 'x'.repeat(64 * 1024);
    let appended = 0;
    while (reader.stats().subscribers > 0) {
      await gateway.deps.state.events.append(sessionId, { type: 'answer.delta', data: { index: appended, padding } });
      appended += 1;
      // Far beyond any socket buffer: the client must have been dropped long before.
      expect(appended).toBeLessThan(2_000);
    }

    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.resume();
    await closed;
    const blocks = text.split('\n\n');
    const received = blocks.filter((block) => block.includes('event: answer.delta')).map((block) => JSON.parse(/^data: (.*)$/m.exec(block)?.[1] as string) as { data: { index: number } });
    expect(received.map((event) => event.data.index)).toEqual(received.map((_, index) => index));
    expect(received.length).toBeLessThan(appended);
    // The last thing it got is the hint to come back later.
    expect(text.trimEnd().endsWith(`retry: 5000`)).toBe(true);

    const lastId = [...text.matchAll(/^id: (.+)$/gm)].pop()?.[1] as string;
    const resumed = await readServerSentEvents(`${gateway.url}/v1/sessions/${sessionId}/events`, {
      headers: { authorization: `Bearer ${key}`, 'last-event-id': lastId },
      until: (events) => events.length === appended - received.length,
    });
    expect(resumed.events.map((event) => (event.data as { data: { index: number } }).data.index)).toEqual(
      Array.from({ length: appended - received.length }, (_, index) => received.length + index),
    );
  });
});
