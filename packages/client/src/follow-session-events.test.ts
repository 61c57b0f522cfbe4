import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isGapflowError, type SessionEvent } from '@gapflow/core';
import { GapflowClient } from './gapflow-client';
import { isGapflowApiError } from './gapflow-api-error';

/** What one connection of the scripted stream does. */
type Connection = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * An HTTP server that answers each connection to the events endpoint with the next step of
 * a script, as the gateway would on the wire (or as a proxy or an overloaded replica would),
 * and records the `Last-Event-ID` of each request.
 */
class ScriptedEventServer {
  readonly lastEventIds: (string | undefined)[] = [];
  private constructor(
    private readonly server: Server,
    private readonly script: Connection[],
  ) {}

  static async start(script: Connection[]): Promise<ScriptedEventServer> {
    const server = createServer();
    const scripted = new ScriptedEventServer(server, script);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      scripted.lastEventIds.push(request.headers['last-event-id'] as string | undefined);
      const step = scripted.script.shift();
      if (step) step(request, response);
      else response.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return scripted;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const at = '2026-11-29T10:00:00.000Z';
/** Valid data for the types these tests send. */
const DATA: Partial<Record<SessionEvent['type'], unknown>> = {
  'session.created': { status: 'ready' },
  'gaps.ready': { gaps: [] },
  'answer.delta': { questionId: 'q_1', attempt: 1, index: 0, chunk: 'At Parcelwise' },
  'session.erased': {},
};
const frame = (id: string, type: SessionEvent['type'], data: unknown = DATA[type]) => `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify({ type, at, data })}\n\n`;
const open = (response: ServerResponse, retryMs = 10) => {
  response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
  response.write(`retry: ${retryMs}\n\n`);
};
const errorBody = (response: ServerResponse, status: number, code: string, headers: Record<string, string> = {}) =>
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify({ error: { code, message: `${code} for the test`, requestId: 'req-1' } }));

async function collect(server: ScriptedEventServer, options: Parameters<GapflowClient['events']>[1] = {}): Promise<SessionEvent[]> {
  const events: SessionEvent[] = [];
  for await (const event of new GapflowClient({ baseUrl: server.url, token: 'key-of-the-test' }).events('ses_1', { reconnectDelayMs: 10, ...options })) events.push(event);
  return events;
}

describe('following a session over a stream that misbehaves', () => {
  let server: ScriptedEventServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reconnects with Last-Event-ID after the server ends the stream, and skips what it sends again', async () => {
    server = await ScriptedEventServer.start([
      (_, response) => {
        open(response);
        response.end(frame('1-0', 'session.created') + frame('2-0', 'gaps.ready'));
      },
      (_, response) => {
        open(response);
        // A server that resumes one event too early: 2-0 again.
        response.end(frame('2-0', 'gaps.ready') + frame('3-0', 'answer.delta') + frame('4-0', 'session.erased'));
      },
    ]);
    const events = await collect(server);
    expect(events.map((event) => `${event.id} ${event.type}`)).toEqual(['1-0 session.created', '2-0 gaps.ready', '3-0 answer.delta', '4-0 session.erased']);
    expect(server.lastEventIds).toEqual([undefined, '2-0']);
  });

  it('resumes after the id it was given, and ends after session.erased without connecting again', async () => {
    server = await ScriptedEventServer.start([
      (_, response) => {
        open(response);
        response.end(frame('7-1', 'session.erased'));
      },
    ]);
    expect((await collect(server, { lastEventId: '7-0' })).map((event) => event.id)).toEqual(['7-1']);
    expect(server.lastEventIds).toEqual(['7-0']);
  });

  it('ends on session.erased even when its id is not after the last one (made up from a lagging clock)', async () => {
    server = await ScriptedEventServer.start([
      (_, response) => {
        open(response);
        response.end(frame('1700000000000-0', 'session.created') + frame('1699999999000-0', 'session.erased'));
      },
    ]);
    expect((await collect(server)).map((event) => event.type)).toEqual(['session.created', 'session.erased']);
    expect(server.lastEventIds).toHaveLength(1);
  });

  it('waits out a 503 and a 429 with Retry-After, then goes on', async () => {
    server = await ScriptedEventServer.start([
      (_, response) => errorBody(response, 503, 'UPSTREAM_UNAVAILABLE'),
      (_, response) => errorBody(response, 429, 'RATE_LIMITED', { 'Retry-After': '0' }),
      (_, response) => {
        open(response);
        response.end(frame('1-0', 'session.created') + frame('2-0', 'session.erased'));
      },
    ]);
    expect((await collect(server)).map((event) => event.type)).toEqual(['session.created', 'session.erased']);
    expect(server.lastEventIds).toHaveLength(3);
  });

  it('reopens a connection that went silent, heartbeats included', async () => {
    server = await ScriptedEventServer.start([
      (_, response) => {
        open(response);
        response.write(frame('1-0', 'session.created'));
        // …and then nothing, not even a heartbeat: a half-open connection.
      },
      (_, response) => {
        open(response);
        response.end(frame('2-0', 'session.erased'));
      },
    ]);
    expect((await collect(server, { idleTimeoutMs: 200 })).map((event) => event.id)).toEqual(['1-0', '2-0']);
    expect(server.lastEventIds).toEqual([undefined, '1-0']);
  });

  it('ends with the typed error of a refusal that no retry can fix', async () => {
    server = await ScriptedEventServer.start([(_, response) => errorBody(response, 404, 'NOT_FOUND')]);
    const error = await collect(server).catch((reason: unknown) => reason);
    expect(isGapflowApiError(error, 'NOT_FOUND')).toBe(true);
    expect(server.lastEventIds).toHaveLength(1);
  });

  it('gives up with the last error after maxReconnectAttempts attempts that bring nothing', async () => {
    server = await ScriptedEventServer.start(Array.from({ length: 4 }, () => (_: IncomingMessage, response: ServerResponse) => errorBody(response, 503, 'UPSTREAM_UNAVAILABLE')));
    const error = await collect(server, { maxReconnectAttempts: 2, maxReconnectDelayMs: 20 }).catch((reason: unknown) => reason);
    expect(isGapflowApiError(error, 'UPSTREAM_UNAVAILABLE') && error.status).toBe(503);
    expect(server.lastEventIds).toHaveLength(3);
  });

  it('refuses an event that is not a SessionEvent instead of passing it on', async () => {
    server = await ScriptedEventServer.start([
      (_, response) => {
        open(response);
        response.end('id: 1-0\nevent: session.created\ndata: {"type":"session.created","at":"yesterday"}\n\n');
      },
    ]);
    const error = await collect(server).catch((reason: unknown) => reason);
    expect(isGapflowError(error, 'UPSTREAM_INVALID_OUTPUT')).toBe(true);
  });

  it('types each event by its type, and refuses one whose data does not match it', async () => {
    server = await ScriptedEventServer.start([
      (_, response) => {
        open(response);
        response.end(frame('1-0', 'answer.delta') + frame('2-0', 'answer.delta', { questionId: 'q_1', attempt: 0, index: 1, chunk: 'x' }));
      },
    ]);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of new GapflowClient({ baseUrl: server!.url, token: 'key-of-the-test' }).events('ses_1')) {
        // Narrowed by its type: no cast.
        if (event.type === 'answer.delta') seen.push(event.data.chunk);
      }
    })().catch((reason: unknown) => reason);
    expect(seen).toEqual(['At Parcelwise']);
    expect(isGapflowError(error, 'UPSTREAM_INVALID_OUTPUT')).toBe(true);
    expect((error as Error).message).toContain('data.attempt');
  });

  it('refuses an answer that is not an event stream', async () => {
    server = await ScriptedEventServer.start([(_, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>a captive portal</html>')]);
    const error = await collect(server).catch((reason: unknown) => reason);
    expect(isGapflowError(error, 'UPSTREAM_INVALID_OUTPUT')).toBe(true);
  });
});
