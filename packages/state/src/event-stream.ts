import { SessionEvent, type SessionEventType } from '@gapflow/core';
import { duplicateForBlockingReads, type RedisClient } from './redis-connection';
import { isErased } from './erasure-tombstone';
import type { GapflowKeys } from './keys';
import { runLuaCommand } from './lua-scripts';

export interface EventStreamOptions {
  client: RedisClient;
  keys: GapflowKeys;
  /** @defaultValue 86400 (24 h) */
  ttlSeconds?: number;
  /** Events kept per session (approximately; older ones are trimmed). @defaultValue 10000 */
  maxLength?: number;
}

export interface NewEvent {
  type: SessionEventType;
  data: unknown;
  /**
   * Makes the append idempotent: a second append with the same key returns the first
   * event's id and adds nothing. Retried jobs pass one, so a client sees each event once.
   */
  idempotencyKey?: string;
}

export interface SubscribeOptions {
  /** Ends the subscription (the client went away). */
  signal: AbortSignal;
  /** How long one blocking read waits before checking the signal. @defaultValue 5000 */
  blockMs?: number;
}

/** Stream entries as ioredis returns them: `[id, [field, value, field, value, …]]`. */
type StreamEntry = [string, string[]];

function toEvent([id, fields]: StreamEntry): SessionEvent | undefined {
  const record: Record<string, string> = {};
  for (let index = 0; index + 1 < fields.length; index += 2) record[fields[index] as string] = fields[index + 1] as string;
  let data: unknown;
  try {
    data = JSON.parse(record.data ?? 'null');
  } catch {
    return undefined;
  }
  const parsed = SessionEvent.safeParse({ id, type: record.type, data, at: record.at });
  return parsed.success ? parsed.data : undefined;
}

/**
 * A session's events on a Redis Stream: append (bounded, idempotent) and a blocking
 * subscription that a gateway turns into Server-Sent Events. Stream
 * ids are the event ids, so a client reconnecting with `Last-Event-ID` to any replica gets
 * exactly the events after it: none missed, none twice.
 */
export class EventStream {
  private readonly client: RedisClient;
  private readonly keys: GapflowKeys;
  private readonly ttlSeconds: number;
  private readonly maxLength: number;

  constructor(options: EventStreamOptions) {
    this.client = options.client;
    this.keys = options.keys;
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
    this.maxLength = options.maxLength ?? 10_000;
  }

  /** Appends an event and returns its id. */
  append(sessionId: string, event: NewEvent): Promise<string> {
    return runLuaCommand<string>(
      this.client,
      'append-event-2.lua',
      this.keys.events(sessionId),
      this.keys.eventKeys(sessionId),
      event.idempotencyKey ?? '',
      this.maxLength,
      this.ttlSeconds,
      event.type,
      JSON.stringify(event.data ?? null),
      new Date().toISOString(),
    );
  }

  /**
   * Every event after `afterId`, then each new one as it is appended, until the signal aborts
   * or the session is erased (then `session.erased` is the last event).
   * Uses a connection of its own, because a blocking read occupies the connection.
   */
  async *subscribe(sessionId: string, afterId: string, options: SubscribeOptions): AsyncGenerator<SessionEvent> {
    // A blocking read waits on purpose: the client's command timeout would cut it.
    const connection = duplicateForBlockingReads(this.client);
    connection.on('error', () => undefined);
    // Once only: ioredis' disconnect() arms a timer (disconnectTimeout, 2 s) that the socket's
    // close clears; called again after the close, it arms one nothing clears, and that timer
    // held the process open (jest: "a worker process has failed to exit gracefully").
    let disconnected = false;
    const stop = (): void => {
      if (disconnected) return;
      disconnected = true;
      connection.disconnect();
    };
    options.signal.addEventListener('abort', stop, { once: true });
    let cursor = afterId === '' ? '0' : afterId;
    try {
      while (!options.signal.aborted) {
        const reply = (await connection
          .xread('COUNT', 100, 'BLOCK', options.blockMs ?? 5_000, 'STREAMS', this.keys.events(sessionId), cursor)
          .catch((error: unknown) => {
            if (options.signal.aborted) return null;
            throw error;
          })) as [string, StreamEntry[]][] | null;
        if (!reply) {
          // Erased while this subscriber was between reads: the stream (and its last event)
          // is gone, and only the tombstone says so.
          if (!options.signal.aborted && (await isErased(this.client, this.keys, sessionId))) {
            yield { id: `${Date.now()}-0`, type: 'session.erased', data: {}, at: new Date().toISOString() };
            return;
          }
          continue;
        }
        for (const [, entries] of reply) {
          for (const entry of entries) {
            cursor = entry[0];
            const event = toEvent(entry);
            if (!event) continue;
            yield event;
            if (event.type === 'session.erased') return;
          }
        }
      }
    } finally {
      options.signal.removeEventListener('abort', stop);
      stop();
    }
  }
}
