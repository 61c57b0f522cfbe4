/** How `GapflowClient.events` follows a session's stream. */
export interface FollowEventsOptions {
  /** Resume after this event id (an id this stream yielded); from the first event when unset. */
  lastEventId?: string;
  /** Ends the iteration (quietly, without an error) and closes the connection. */
  signal?: AbortSignal;
  /**
   * The wait before reconnecting after a dropped connection, until the server sends a
   * `retry:` hint, which replaces it.
   * @defaultValue 1000
   */
  reconnectDelayMs?: number;
  /**
   * The longest wait between attempts: the delay doubles with each attempt that brings no
   * event, up to this.
   * @defaultValue 30000
   */
  maxReconnectDelayMs?: number;
  /**
   * Consecutive attempts that bring no event (refused, unreachable, or closed at once) before
   * the iteration throws the last error.
   * @defaultValue 10
   */
  maxReconnectAttempts?: number;
  /**
   * A connection silent this long (no event, no heartbeat) is taken for dead and reopened;
   * above the gateway's `SSE_HEARTBEAT_MS` (15 s by default).
   * @defaultValue 45000
   */
  idleTimeoutMs?: number;
}
