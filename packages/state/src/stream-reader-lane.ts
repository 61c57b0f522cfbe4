import type { RedisClient } from './redis-connection';
import { compareStreamIds, toSessionEvent, type StreamEntry } from './stream-entry';
import type { WatchedStream } from './watched-stream';

export interface StreamReaderLaneOptions {
  openConnection(): RedisClient;
  /**
   * Reaches the same server as the lane's connection; sends `CLIENT UNBLOCK`. Without one
   * (a cluster lane, whose server may move), a stream added mid-read waits for the block time.
   */
  control?: RedisClient;
  /** Longest wait of one blocking read. */
  blockMs: number;
  /** Entries per stream per read. */
  countPerStream: number;
  /** How often the lane asks whether its sessions were erased while it was between reads. */
  erasureCheckMs: number;
  isErased(sessionId: string): Promise<boolean>;
}

/** Pause after a failed read before the next, while ioredis reconnects. */
const READ_RETRY_MS = 200;
/** Pause before `CLIENT UNBLOCK` is tried again when the read had not reached Redis yet. */
const UNBLOCK_RETRY_MS = 5;
/** About a second of tries. */
const MAX_UNBLOCK_ATTEMPTS = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One blocking connection reading every stream of its lane with a single `XREAD BLOCK`, and
 * fanning each entry out to the stream's subscribers. It opens its connection when the
 * first stream comes and closes it when the last goes, so an idle gateway holds none.
 *
 * A stream added while the read blocks would wait up to `blockMs` for its first event, so
 * the lane is woken with `CLIENT UNBLOCK` from the control client: the read returns at once
 * (as if timed out) and the next one carries the new key. That costs one command per change
 * of the stream set instead of a short block time's steady stream of empty reads, and keeps
 * a new client's latency at one round trip. A stream removed needs no wake: the next read
 * drops it, and an event of it read meanwhile finds no subscriber.
 */
export class StreamReaderLane {
  private readonly streams = new Map<string, WatchedStream>();
  private connection: RedisClient | undefined;
  /** `CLIENT ID` of `connection`; unknown after a reconnect until asked again. */
  private connectionId: number | undefined;
  private running = false;
  /** Counts reads sent; a wake applies to the read in flight, once. */
  private readsSent = 0;
  private readInFlight: number | undefined;
  private wokenRead: number | undefined;
  private lastErasureCheck = Date.now();

  constructor(private readonly options: StreamReaderLaneOptions) {}

  get size(): number {
    return this.streams.size;
  }

  add(stream: WatchedStream): void {
    this.streams.set(stream.key, stream);
    if (!this.running) void this.run();
    else this.wake();
  }

  remove(stream: WatchedStream): void {
    if (this.streams.get(stream.key) !== stream) return;
    this.streams.delete(stream.key);
    if (this.streams.size === 0) this.closeConnection();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.streams.size > 0) {
        const connection = this.connection ?? this.openConnection();
        try {
          await this.readOnce(connection);
        } catch {
          // Closed because the lane emptied (the loop ends), or a connection failure: ioredis
          // reconnects while we wait.
          if (connection === this.connection) await sleep(READ_RETRY_MS);
        } finally {
          this.readInFlight = undefined;
        }
        if (Date.now() - this.lastErasureCheck >= this.options.erasureCheckMs) await this.checkErasures();
      }
    } finally {
      this.running = false;
    }
  }

  private async readOnce(connection: RedisClient): Promise<void> {
    if (this.connectionId === undefined && this.options.control) this.connectionId = Number(await connection.client('ID'));
    // The reader adds a stream once its cursor is known, so every stream here has one.
    const watched = [...this.streams.values()];
    const read = ++this.readsSent;
    this.readInFlight = read;
    const reply = (await connection.call(
      'XREAD',
      'COUNT',
      this.options.countPerStream,
      'BLOCK',
      this.options.blockMs,
      'STREAMS',
      ...watched.map((stream) => stream.key),
      ...watched.map((stream) => stream.cursor as string),
    )) as [string, StreamEntry[]][] | null;
    this.readInFlight = undefined;
    if (reply) this.fanOut(reply);
  }

  private fanOut(reply: [string, StreamEntry[]][]): void {
    for (const [key, entries] of reply) {
      const stream = this.streams.get(key);
      if (!stream) continue;
      for (const entry of entries) {
        if (stream.cursor !== undefined && compareStreamIds(entry[0], stream.cursor) <= 0) continue;
        stream.cursor = entry[0];
        const event = toSessionEvent(entry);
        if (event) stream.fanOut(event);
      }
    }
  }

  /**
   * A session erased while the lane was between reads may have lost its stream (and with it
   * the `session.erased` entry) before the lane read it; only the tombstone says so.
   */
  private async checkErasures(): Promise<void> {
    this.lastErasureCheck = Date.now();
    const streams = [...this.streams.values()];
    const erased = await Promise.all(streams.map((stream) => this.options.isErased(stream.sessionId).catch(() => false)));
    streams.forEach((stream, index) => {
      if (erased[index]) stream.endErased();
    });
  }

  private wake(): void {
    const read = this.readInFlight;
    if (read === undefined || this.wokenRead === read) return;
    this.wokenRead = read;
    void (async () => {
      // CLIENT UNBLOCK answers 0 when the read has not reached Redis yet (it travels on
      // another connection): try again until it lands or the read ended anyway.
      // Bounded: a read stuck in ioredis' offline queue (Redis away) ends by itself, and the
      // block time is the backstop for a wake that never lands.
      for (let attempt = 0; attempt < MAX_UNBLOCK_ATTEMPTS && this.readInFlight === read && this.connectionId !== undefined; attempt += 1) {
        const unblocked = await this.options.control?.client('UNBLOCK', this.connectionId).catch(() => 0);
        if (unblocked === 1) return;
        await sleep(UNBLOCK_RETRY_MS);
      }
    })();
  }

  private openConnection(): RedisClient {
    const connection = this.options.openConnection();
    // After a reconnect the server knows the connection by a new id.
    connection.on('close', () => {
      if (this.connection === connection) this.connectionId = undefined;
    });
    this.connection = connection;
    this.connectionId = undefined;
    return connection;
  }

  /**
   * Once only, and only when ready: ioredis' disconnect() arms a timer (disconnectTimeout,
   * 2 s) that the socket's close clears; a second disconnect after the close — ours, or
   * ioredis' own when its ready check fails because we closed mid-handshake — arms one that
   * nothing clears, and that timer held the process open (jest: "did not exit").
   */
  private closeConnection(): void {
    const connection = this.connection;
    this.connection = undefined;
    this.connectionId = undefined;
    if (!connection) return;
    if (connection.status === 'connecting' || connection.status === 'connect') {
      const settle = () => {
        connection.off('ready', settle);
        connection.off('close', settle);
        connection.disconnect();
      };
      connection.once('ready', settle);
      connection.once('close', settle);
      return;
    }
    connection.disconnect();
  }
}
