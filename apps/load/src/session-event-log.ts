import type { GapflowClient, TypedSessionEvent } from '@gapflow/client';

interface Waiter {
  until: (events: TypedSessionEvent[]) => boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Every event of one session, read once from its SSE stream for the whole session (the
 * client reconnects with `Last-Event-ID` by itself), with `until` to wait for a condition
 * on what has arrived so far.
 */
export class SessionEventLog {
  readonly events: TypedSessionEvent[] = [];
  /** Settles when the stream ends (after `session.erased`) or fails. */
  readonly finished: Promise<void>;
  private readonly waiters = new Set<Waiter>();
  private failure: unknown;
  private ended = false;

  constructor(client: GapflowClient, sessionId: string, signal: AbortSignal) {
    this.finished = (async () => {
      try {
        for await (const event of client.events(sessionId, { signal })) {
          this.events.push(event);
          for (const waiter of this.waiters) if (waiter.until(this.events)) this.settle(waiter);
        }
        this.ended = true;
      } catch (error) {
        this.failure = error;
      }
      for (const waiter of this.waiters) this.settle(waiter);
    })();
  }

  /** Resolves once `until(events)` holds; rejects if the stream ends or fails before. */
  until(until: (events: TypedSessionEvent[]) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { until, resolve, reject };
      this.waiters.add(waiter);
      if (until(this.events) || this.ended || this.failure !== undefined) this.settle(waiter);
    });
  }

  of<T extends TypedSessionEvent['type']>(type: T): Extract<TypedSessionEvent, { type: T }>[] {
    return this.events.filter((event): event is Extract<TypedSessionEvent, { type: T }> => event.type === type);
  }

  private settle(waiter: Waiter): void {
    this.waiters.delete(waiter);
    if (waiter.until(this.events)) waiter.resolve();
    else waiter.reject(this.failure ?? new Error(`the event stream ended after ${this.events.length} events without what was awaited`));
  }
}
