import type { SessionEvent } from '@gapflow/core';
import { compareStreamIds } from './stream-entry';
import { SubscriberTooSlowError } from './subscriber-too-slow-error';

/**
 * One open client of a session's stream inside the shared reader: its own cursor and a
 * bounded queue of events not yet taken by the client.
 *
 * A new subscriber first catches up from the stream (pages of XRANGE after its cursor) while
 * the events the shared reader fans out meanwhile wait in `pendingLive`; when the catch-up
 * reaches the end, those follow. Both paths may carry the same event (it was appended before
 * the subscriber joined but fanned out after), so an event is queued only when its id is
 * past `lastId`: none missed, none twice.
 */
export class StreamSubscriber {
  /** The id of the last event queued for the client (or of the client's `Last-Event-ID`). */
  private lastId: string;
  private readonly queue: SessionEvent[] = [];
  private pendingLive: SessionEvent[] | undefined = [];
  private endedWith: { error?: Error } | undefined;
  private wakeReader: (() => void) | undefined;
  private wakeCatchUp: (() => void) | undefined;
  private readonly endListeners: (() => void)[] = [];

  constructor(
    afterId: string,
    /** Queued plus pending events beyond which the subscriber is dropped. */
    readonly maxQueued: number,
  ) {
    this.lastId = afterId;
  }

  /** The cursor the catch-up reads after. */
  get cursor(): string {
    return this.lastId;
  }

  /** Resolves a `$` cursor (only what comes after joining) to a concrete id. */
  startAfter(id: string): void {
    this.lastId = id;
  }

  get ended(): boolean {
    return this.endedWith !== undefined;
  }

  /** Events held for the client: queued plus, while catching up, pending. */
  get heldEvents(): number {
    return this.queue.length + (this.pendingLive?.length ?? 0);
  }

  onEnd(listener: () => void): void {
    this.endListeners.push(listener);
  }

  /** An event the shared reader fans out. */
  offerLive(event: SessionEvent): void {
    if (this.endedWith) return;
    if (this.pendingLive) {
      this.pendingLive.push(event);
      this.enforceBound();
    } else {
      this.enqueue(event);
    }
  }

  /** A page of the catch-up; `lastEntryId` is the page's last raw id (entries that do not parse count too). */
  offerCatchUp(events: readonly SessionEvent[], lastEntryId: string | undefined): void {
    for (const event of events) this.enqueue(event);
    if (!this.endedWith && lastEntryId !== undefined && compareStreamIds(lastEntryId, this.lastId) > 0) this.lastId = lastEntryId;
  }

  /** The catch-up reached the end of the stream: the events fanned out meanwhile follow. */
  finishCatchUp(): void {
    const pending = this.pendingLive ?? [];
    this.pendingLive = undefined;
    for (const event of pending) this.enqueue(event);
  }

  /** Resolves once at most half the bound is queued (or the subscriber ended): the catch-up's pace. */
  async roomForCatchUp(): Promise<void> {
    while (!this.endedWith && this.queue.length * 2 > this.maxQueued) {
      await new Promise<void>((resolve) => {
        this.wakeCatchUp = resolve;
      });
    }
  }

  /** The session was erased and its stream (with its last event) may be gone already: the tombstone said so. */
  endErased(): void {
    if (this.endedWith) return;
    this.pendingLive = undefined;
    this.queue.push({ id: `${Date.now()}-0`, type: 'session.erased', data: {}, at: new Date().toISOString() });
    this.end();
  }

  /** Ends the subscription; with an error, queued events are dropped and the client's next read throws it. */
  end(error?: Error): void {
    if (this.endedWith) return;
    this.endedWith = error ? { error } : {};
    if (error) this.queue.length = 0;
    this.pendingLive = undefined;
    this.wake();
    for (const listener of this.endListeners.splice(0)) listener();
  }

  /** The next event for the client; `undefined` once the subscription ended and its queue is empty. */
  async next(): Promise<SessionEvent | undefined> {
    for (;;) {
      if (this.endedWith?.error) throw this.endedWith.error;
      const event = this.queue.shift();
      if (event) {
        if (this.queue.length * 2 <= this.maxQueued) {
          const resume = this.wakeCatchUp;
          this.wakeCatchUp = undefined;
          resume?.();
        }
        return event;
      }
      if (this.endedWith) return undefined;
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve;
      });
    }
  }

  private enqueue(event: SessionEvent): void {
    if (this.endedWith || compareStreamIds(event.id, this.lastId) <= 0) return;
    this.lastId = event.id;
    this.queue.push(event);
    if (event.type === 'session.erased') {
      this.end();
      return;
    }
    this.enforceBound();
    this.wake();
  }

  private enforceBound(): void {
    if (this.heldEvents > this.maxQueued) this.end(new SubscriberTooSlowError(this.maxQueued));
  }

  private wake(): void {
    const reader = this.wakeReader;
    const catchUp = this.wakeCatchUp;
    this.wakeReader = undefined;
    this.wakeCatchUp = undefined;
    reader?.();
    catchUp?.();
  }
}
