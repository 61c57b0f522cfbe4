/**
 * A subscriber of a session's events fell further behind than its bound allows, and was
 * dropped so that its queue cannot grow without end. The client reconnects (SSE `retry:`)
 * with `Last-Event-ID` and catches up from the stream, paced by its own reads.
 */
export class SubscriberTooSlowError extends Error {
  override readonly name = 'SubscriberTooSlowError';

  constructor(readonly maxQueuedEvents: number) {
    super(`The subscriber fell more than ${maxQueuedEvents} events behind and was dropped; reconnect with Last-Event-ID.`);
  }
}

export function isSubscriberTooSlow(error: unknown): error is SubscriberTooSlowError {
  return error instanceof SubscriberTooSlowError;
}
