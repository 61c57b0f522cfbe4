import type { SessionEvent } from '@gapflow/core';
import type { StreamSubscriber } from './stream-subscriber';

/**
 * A session's stream as the shared reader follows it: one cursor for the blocking reads, and
 * the subscribers the events fan out to. `ready` settles once the cursor is known (the
 * stream's last id when the first subscriber came); catch-ups start only after it, so that
 * every event is either at or before the cursor (the catch-up reads it) or after it (the
 * fan-out delivers it).
 */
export class WatchedStream {
  /** Id of the last entry the reader fanned out; `undefined` until `ready`. */
  cursor: string | undefined;
  readonly subscribers = new Set<StreamSubscriber>();
  ready: Promise<void> = Promise.resolve();

  constructor(
    readonly sessionId: string,
    readonly key: string,
  ) {}

  fanOut(event: SessionEvent): void {
    for (const subscriber of [...this.subscribers]) subscriber.offerLive(event);
  }

  endErased(): void {
    for (const subscriber of [...this.subscribers]) subscriber.endErased();
  }
}
