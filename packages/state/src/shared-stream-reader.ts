import type { SessionEvent } from '@gapflow/core';
import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-connection';
import { isErased } from './erasure-tombstone';
import type { GapflowKeys } from './keys';
import { clusterLanes, singleServerLanes, type StreamLanes } from './stream-lanes';
import { toSessionEvent, type StreamEntry } from './stream-entry';
import { StreamReaderLane } from './stream-reader-lane';
import { StreamSubscriber } from './stream-subscriber';
import { WatchedStream } from './watched-stream';

export interface SharedStreamReaderOptions {
  /** Non-blocking commands: cursors, catch-up reads, tombstones. */
  client: RedisClient;
  keys: GapflowKeys;
  /** Where blocking reads run. @defaultValue one lane on `client`'s server */
  lanes?: StreamLanes;
  /** Longest wait of one blocking read. @defaultValue 5000 */
  blockMs?: number;
  /** Entries per stream per blocking read. @defaultValue 100 */
  countPerStream?: number;
  /** How often open streams ask whether their session was erased meanwhile. @defaultValue blockMs */
  erasureCheckMs?: number;
}

export interface ReaderSubscribeOptions {
  /** Ends the subscription (the client went away). */
  signal: AbortSignal;
  /**
   * Events held for the client (not yet taken) beyond which it is dropped with
   * `SubscriberTooSlowError`. @defaultValue 1000
   */
  maxQueuedEvents?: number;
}

export interface SharedStreamReaderStats {
  /** Sessions whose streams are followed. */
  streams: number;
  subscribers: number;
  /** Lanes that hold a blocking connection now. */
  activeLanes: number;
}

/** Largest catch-up page. */
const MAX_CATCH_UP_PAGE = 100;

/**
 * The event reader of one gateway process: every open client of every session multiplexed
 * over one blocking connection per lane (one lane on one Redis), instead of a connection
 * per client. Each subscriber keeps its own cursor and a bounded queue; a subscriber that
 * falls behind by more than its bound is dropped rather than allowed to grow memory.
 *
 * @example
 * const reader = new SharedStreamReader({ client, keys });
 * for await (const event of reader.subscribe(sessionId, lastEventId, { signal })) send(event);
 */
export class SharedStreamReader {
  private readonly client: RedisClient;
  private readonly keys: GapflowKeys;
  private readonly lanes: StreamLanes;
  private readonly blockMs: number;
  private readonly countPerStream: number;
  private readonly erasureCheckMs: number;
  private readonly streams = new Map<string, WatchedStream>();
  private readonly laneReaders = new Map<string, StreamReaderLane>();

  constructor(options: SharedStreamReaderOptions) {
    this.client = options.client;
    this.keys = options.keys;
    this.lanes = options.lanes ?? (options.client instanceof Cluster ? clusterLanes(options.client) : singleServerLanes(options.client));
    this.blockMs = options.blockMs ?? 5_000;
    this.countPerStream = options.countPerStream ?? 100;
    this.erasureCheckMs = options.erasureCheckMs ?? this.blockMs;
  }

  /**
   * Every event after `afterId` (`0`: from the start; `$`: only new ones), then each new one as it is appended,
   * until the signal aborts or the session is erased (then `session.erased` is the last
   * event). Throws `SubscriberTooSlowError` when the caller falls too far behind.
   */
  async *subscribe(sessionId: string, afterId: string, options: ReaderSubscribeOptions): AsyncGenerator<SessionEvent> {
    if (options.signal.aborted) return;
    const subscriber = new StreamSubscriber(afterId === '' || afterId === '0' ? '0-0' : afterId, options.maxQueuedEvents ?? 1_000);
    const stream = this.attach(sessionId, subscriber);
    // `$`: only what comes after joining, i.e. after the shared cursor (known now, or once the stream is ready).
    if (afterId === '$' && stream.cursor !== undefined) subscriber.startAfter(stream.cursor);
    const stop = () => subscriber.end();
    options.signal.addEventListener('abort', stop, { once: true });
    void this.catchUp(stream, subscriber);
    try {
      for (;;) {
        const event = await subscriber.next();
        if (!event) return;
        yield event;
      }
    } finally {
      options.signal.removeEventListener('abort', stop);
      subscriber.end();
    }
  }

  stats(): SharedStreamReaderStats {
    let subscribers = 0;
    for (const stream of this.streams.values()) subscribers += stream.subscribers.size;
    const activeLanes = [...this.laneReaders.values()].filter((lane) => lane.size > 0).length;
    return { streams: this.streams.size, subscribers, activeLanes };
  }

  /** Joins the session's watched stream (creating it, and resolving its cursor, for the first subscriber). */
  private attach(sessionId: string, subscriber: StreamSubscriber): WatchedStream {
    let stream = this.streams.get(sessionId);
    if (!stream) {
      const created = new WatchedStream(sessionId, this.keys.events(sessionId));
      this.streams.set(sessionId, created);
      created.ready = this.startFollowing(created);
      stream = created;
    }
    const joined = stream;
    joined.subscribers.add(subscriber);
    subscriber.onEnd(() => this.detach(joined, subscriber));
    return joined;
  }

  /** The fan-out starts after the stream's last entry now; what came before, each subscriber's catch-up reads. */
  private async startFollowing(stream: WatchedStream): Promise<void> {
    let last: StreamEntry[];
    try {
      last = (await this.client.xrevrange(stream.key, '+', '-', 'COUNT', 1)) as StreamEntry[];
    } catch (error) {
      // Without a cursor nothing can be fanned out safely: its subscribers end (SSE clients
      // reconnect and try again) and the next subscriber starts afresh.
      if (this.streams.get(stream.sessionId) === stream) this.streams.delete(stream.sessionId);
      for (const subscriber of [...stream.subscribers]) subscriber.end(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    stream.cursor = last[0]?.[0] ?? '0-0';
    if (this.streams.get(stream.sessionId) === stream) this.laneFor(stream.key).add(stream);
  }

  /**
   * Reads the stream after the subscriber's cursor, a page at a time at the client's pace,
   * until the end; the events fanned out meanwhile wait in the subscriber and follow.
   * Starting after `ready` closes the race with the shared cursor: every event is at or
   * before the cursor (this reads it) or after it (the fan-out delivers it), and the
   * subscriber drops whichever copy comes second.
   */
  private async catchUp(stream: WatchedStream, subscriber: StreamSubscriber): Promise<void> {
    try {
      await stream.ready;
      if (subscriber.ended) return;
      if (subscriber.cursor === '$') subscriber.startAfter(stream.cursor ?? '0-0');
      const page = Math.max(1, Math.min(MAX_CATCH_UP_PAGE, Math.floor(subscriber.maxQueued / 2)));
      while (!subscriber.ended) {
        const entries = (await this.client.xrange(stream.key, `(${subscriber.cursor}`, '+', 'COUNT', page)) as StreamEntry[];
        const events = entries.map(toSessionEvent).filter((event): event is SessionEvent => event !== undefined);
        subscriber.offerCatchUp(events, entries[entries.length - 1]?.[0]);
        if (entries.length < page) break;
        await subscriber.roomForCatchUp();
      }
      subscriber.finishCatchUp();
      // Erased between the gateway's look-up and this join: the stream (and its last event)
      // may be gone already, and only the tombstone says so. One EXISTS per join.
      if (!subscriber.ended && (await isErased(this.client, this.keys, stream.sessionId))) subscriber.endErased();
    } catch (error) {
      subscriber.end(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private detach(stream: WatchedStream, subscriber: StreamSubscriber): void {
    stream.subscribers.delete(subscriber);
    if (stream.subscribers.size > 0 || this.streams.get(stream.sessionId) !== stream) return;
    // The last subscriber left: the reader stops reading the stream (and the lane closes its
    // connection when it was the last stream).
    this.streams.delete(stream.sessionId);
    this.laneReaders.get(this.lanes.laneOf(stream.key))?.remove(stream);
  }

  private laneFor(streamKey: string): StreamReaderLane {
    const name = this.lanes.laneOf(streamKey);
    let lane = this.laneReaders.get(name);
    if (!lane) {
      lane = new StreamReaderLane({
        openConnection: () => this.lanes.openBlockingConnection(name),
        control: this.lanes.controlClient(name),
        blockMs: this.blockMs,
        countPerStream: this.countPerStream,
        erasureCheckMs: this.erasureCheckMs,
        isErased: (sessionId) => isErased(this.client, this.keys, sessionId),
      });
      this.laneReaders.set(name, lane);
    }
    return lane;
  }
}
