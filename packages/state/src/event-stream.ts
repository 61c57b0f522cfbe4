import type { SessionEvent, SessionEventType } from '@gapflow/core';
import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';
import { defineLuaCommand, queueLuaCommand, runLuaCommand } from './lua-scripts';
import type { QueuedWrite } from './session-transaction';
import { SharedStreamReader, type ReaderSubscribeOptions, type SharedStreamReaderOptions } from './shared-stream-reader';

export interface EventStreamOptions {
  client: RedisClient;
  keys: GapflowKeys;
  /** @defaultValue 86400 (24 h) */
  ttlSeconds?: number;
  /** Events kept per session (approximately; older ones are trimmed). @defaultValue 10000 */
  maxLength?: number;
  /** The shared reader behind `subscribe` (block time, lanes). @defaultValue one lane on `client`'s server */
  reader?: Omit<SharedStreamReaderOptions, 'client' | 'keys'>;
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

/** What a subscriber of a session's events passes: see `SharedStreamReader.subscribe`. */
export type SubscribeOptions = ReaderSubscribeOptions;

/**
 * A session's events on a Redis Stream: append (bounded, idempotent) and a subscription,
 * served by the process's shared reader, that a gateway turns into Server-Sent Events. Stream
 * ids are the event ids, so a client reconnecting with `Last-Event-ID` to any replica gets
 * exactly the events after it: none missed, none twice.
 */
export class EventStream {
  private readonly client: RedisClient;
  private readonly keys: GapflowKeys;
  private readonly ttlSeconds: number;
  private readonly maxLength: number;
  private readonly readerOptions: EventStreamOptions['reader'];
  private sharedReader: SharedStreamReader | undefined;

  constructor(options: EventStreamOptions) {
    this.client = options.client;
    this.keys = options.keys;
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
    this.maxLength = options.maxLength ?? 10_000;
    this.readerOptions = options.reader;
  }

  /** Appends an event and returns its id. */
  append(sessionId: string, event: NewEvent): Promise<string> {
    return runLuaCommand<string>(this.client, 'append-event-2.lua', ...this.appendArguments(sessionId, event));
  }

  /** The append as part of a transaction of the session's writes (see `commitTogether`). */
  appendWrite(sessionId: string, event: NewEvent): QueuedWrite {
    defineLuaCommand(this.client, 'append-event-2.lua');
    return (transaction) => queueLuaCommand(this.client, transaction, 'append-event-2.lua', ...this.appendArguments(sessionId, event));
  }

  private appendArguments(sessionId: string, event: NewEvent): (string | number)[] {
    return [
      this.keys.events(sessionId),
      this.keys.eventKeys(sessionId),
      event.idempotencyKey ?? '',
      this.maxLength,
      this.ttlSeconds,
      event.type,
      JSON.stringify(event.data ?? null),
      new Date().toISOString(),
    ];
  }

  /**
   * Every event after `afterId`, then each new one as it is appended, until the signal aborts
   * or the session is erased (then `session.erased` is the last event). All subscriptions of
   * this instance share one reader: one blocking connection whatever the number of clients.
   */
  subscribe(sessionId: string, afterId: string, options: SubscribeOptions): AsyncGenerator<SessionEvent> {
    return this.reader.subscribe(sessionId, afterId, options);
  }

  /** The shared reader (created on first use; it holds a connection only while someone subscribes). */
  get reader(): SharedStreamReader {
    this.sharedReader ??= new SharedStreamReader({ client: this.client, keys: this.keys, ...this.readerOptions });
    return this.sharedReader;
  }
}
