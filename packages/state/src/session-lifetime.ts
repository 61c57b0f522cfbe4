import type { RedisClient } from './redis-connection';
import { CheckpointKeys, type GapflowKeys } from './keys';
import { defineLuaCommand, queueLuaCommand, runLuaCommand } from './lua-scripts';
import type { QueuedWrite } from './session-transaction';
import { sessionTagOf } from './session-thread';

/**
 * How long a session lives: `ttlSeconds` after its last write. Every write that keeps a
 * session alive (a result, an update) touches it, and a touch refreshes all of the session's
 * keys together — its paused LangGraph threads included, so a candidate who answers a deep
 * dive a day later continues the same story as long as the session lives.
 *
 * The owner record outlives the document by one more TTL, so that a request for a session
 * that expired is told so (`SESSION_EXPIRED`) instead of `NOT_FOUND`.
 *
 * The thread keys live a margin longer than the session (`threadTtlSeconds`) and a touch
 * refreshes them only when it is the first in that margin: refreshing every checkpoint key of
 * every thread on every result made a session's writes cost the square of its steps. A thread
 * key therefore outlives its session's document by at most the margin (a minute at most).
 *
 * @example
 * await lifetime.touch(sessionId); // false: the session has expired or was erased
 */
export class SessionLifetime {
  private readonly client: RedisClient;
  private readonly keys: GapflowKeys;
  private readonly checkpointKeys: CheckpointKeys;
  readonly ttlSeconds: number;

  constructor(options: { client: RedisClient; keys: GapflowKeys; ttlSeconds?: number }) {
    this.client = options.client;
    this.keys = options.keys;
    this.checkpointKeys = new CheckpointKeys(options.keys.checkpointPrefix(), sessionTagOf);
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
  }

  /** How much longer than the session its thread keys live: a tenth of the TTL, a minute at most, a second at least. */
  get threadMarginSeconds(): number {
    return Math.max(1, Math.min(60, Math.ceil(this.ttlSeconds / 10)));
  }

  /** The TTL thread keys are written and refreshed with (the checkpoint saver's `ttlSeconds`). */
  get threadTtlSeconds(): number {
    return this.ttlSeconds + this.threadMarginSeconds;
  }

  /** How long the owner record of a session lives: the session's TTL, then as long again. */
  get ownerTtlSeconds(): number {
    return this.ttlSeconds * 2;
  }

  /** Refreshes every key of a live session; false when the session no longer exists. */
  async touch(sessionId: string): Promise<boolean> {
    return (await runLuaCommand<number>(this.client, 'touch-session-10.lua', ...this.touchArguments(sessionId))) === 1;
  }

  /** The touch as part of a transaction of the session's writes (see `commitTogether`). */
  touchWrite(sessionId: string): QueuedWrite {
    defineLuaCommand(this.client, 'touch-session-10.lua');
    return (transaction) => queueLuaCommand(this.client, transaction, 'touch-session-10.lua', ...this.touchArguments(sessionId));
  }

  private touchArguments(sessionId: string): (string | number)[] {
    return [
      this.keys.session(sessionId),
      this.keys.sessionOwner(sessionId),
      ...this.keys.sessionRecords(sessionId),
      this.checkpointKeys.keysOfTag(sessionId),
      this.keys.threadsRefreshed(sessionId),
      this.ttlSeconds,
      this.ownerTtlSeconds,
      this.threadTtlSeconds,
      this.threadMarginSeconds,
    ];
  }
}
