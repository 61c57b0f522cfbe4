import { GapflowError, isGapflowError, SessionEvent, SessionEventData, type ErrorCode, type TypedSessionEvent } from '@gapflow/core';
import type { FollowEventsOptions } from './follow-events-options';
import { ServerSentEventParser, type ServerSentEventMessage } from './server-sent-event-parser';

/** Opens one connection of the stream, resuming after `lastEventId`; throws a typed error for a non-2xx answer. */
export type OpenEventStream = (lastEventId: string | undefined, signal: AbortSignal) => Promise<Response>;

/** Codes after which another attempt may succeed; anything else (401, 404, 410 …) ends the iteration. */
const RETRYABLE: readonly ErrorCode[] = ['RATE_LIMITED', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'INTERNAL'];

/** A stream id `ms-seq` as a pair of numbers; ids grow strictly along one session's stream. */
function streamPosition(id: string): [bigint, bigint] {
  const [ms = '0', seq = '0'] = id.split('-');
  return [BigInt(ms), BigInt(seq)];
}

function isAfter(id: string, last: string | undefined): boolean {
  if (last === undefined || last === '0') return true;
  const [ms, seq] = streamPosition(id);
  const [lastMs, lastSeq] = streamPosition(last);
  return ms > lastMs || (ms === lastMs && seq > lastSeq);
}

function toSessionEvent(message: ServerSentEventMessage, validateData: boolean): TypedSessionEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(message.data);
  } catch {
    payload = undefined;
  }
  const { type, at, data } = (payload ?? {}) as { type?: unknown; at?: unknown; data?: unknown };
  const parsed = SessionEvent.safeParse({ id: message.lastEventId, type: type ?? message.event, at, data });
  if (!parsed.success) {
    throw new GapflowError('UPSTREAM_INVALID_OUTPUT', `The event stream sent an event that is not a gapflow SessionEvent (${parsed.error.issues[0]?.path.join('.') || 'body'}): is this client older than the gateway?`);
  }
  if (!validateData) return parsed.data as TypedSessionEvent;
  const typed = SessionEventData[parsed.data.type].safeParse(parsed.data.data);
  if (!typed.success) {
    throw new GapflowError('UPSTREAM_INVALID_OUTPUT', `The event stream sent a ${parsed.data.type} event whose data does not match its schema (at data.${typed.error.issues[0]?.path.join('.') ?? ''}): is this client older than the gateway?`);
  }
  return { ...parsed.data, data: typed.data } as TypedSessionEvent;
}

function isRetryable(error: unknown): boolean {
  // Not ours: the network (fetch's TypeError, a reset while reading the body).
  if (!isGapflowError(error)) return true;
  return RETRYABLE.includes(error.code);
}

/** Waits `ms`, or less if `signal` aborts first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * A session's events, as an async iterator that survives dropped connections: after a drop
 * (or a server that closes with a `retry:` hint) it reconnects by itself with
 * `Last-Event-ID`, waiting the server's hint and then doubling up to a bound, with jitter.
 * Never yields an event twice: stream ids only grow, so anything at or before the last
 * yielded id is skipped. Ends after `session.erased`, or quietly when `signal` aborts.
 */
export async function* followSessionEvents(open: OpenEventStream, options: FollowEventsOptions & { validateData?: boolean } = {}): AsyncGenerator<TypedSessionEvent, void, undefined> {
  const maxDelayMs = options.maxReconnectDelayMs ?? 30_000;
  const maxAttempts = options.maxReconnectAttempts ?? 10;
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  let delayMs = options.reconnectDelayMs ?? 1_000;
  let lastEventId = options.lastEventId;
  /** Consecutive attempts that brought no event. */
  let fruitless = 0;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (options.signal?.aborted) return;
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    while (!stop.signal.aborted) {
      const connection = new AbortController();
      const closeConnection = () => connection.abort();
      stop.signal.addEventListener('abort', closeConnection, { once: true });
      let idleTimer: ReturnType<typeof setTimeout> | undefined;
      const armIdleTimer = () => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(closeConnection, idleTimeoutMs);
      };
      let lastError: unknown;
      let delivered = false;
      let retryAfterMs = 0;
      try {
        armIdleTimer();
        const response = await open(lastEventId, connection.signal);
        if (!response.body) throw new GapflowError('UPSTREAM_UNAVAILABLE', 'The event stream answered without a body.');
        // getReader() rather than `for await`: Safari's ReadableStream is not async-iterable.
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        const parser = new ServerSentEventParser(lastEventId);
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          const messages = parser.push(decoder.decode(value, { stream: true }));
          if (parser.reconnectionTimeMs !== undefined) delayMs = parser.reconnectionTimeMs;
          for (const message of messages) {
            const event = toSessionEvent(message, options.validateData ?? true);
            // session.erased ends the stream whatever its id: a gateway that finds only the
            // erasure's tombstone makes the id up from its own clock, which may lag Redis's.
            if (!isAfter(event.id, lastEventId) && event.type !== 'session.erased') continue;
            lastEventId = event.id;
            delivered = true;
            // The consumer's time is not the connection's silence.
            clearTimeout(idleTimer);
            yield event;
            if (event.type === 'session.erased') return;
            armIdleTimer();
          }
          armIdleTimer();
        }
      } catch (error) {
        if (stop.signal.aborted) return;
        if (!connection.signal.aborted && !isRetryable(error)) throw error;
        lastError = error;
        if (isGapflowError(error) && error.retryAfterSeconds !== undefined) retryAfterMs = error.retryAfterSeconds * 1000;
      } finally {
        clearTimeout(idleTimer);
        stop.signal.removeEventListener('abort', closeConnection);
        connection.abort();
      }
      fruitless = delivered ? 0 : fruitless + 1;
      if (fruitless > maxAttempts) {
        throw lastError ?? new GapflowError('UPSTREAM_UNAVAILABLE', `The event stream closed ${fruitless} times in a row without an event; giving up.`);
      }
      const backoffMs = Math.min(maxDelayMs, delayMs * 2 ** fruitless);
      // Equal jitter: replicas that dropped many clients at once do not get them back at once.
      const waitMs = Math.max(retryAfterMs, backoffMs / 2 + (Math.random() * backoffMs) / 2);
      await sleep(waitMs, stop.signal);
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stop.abort();
  }
}
