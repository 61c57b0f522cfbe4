import { GapflowError } from '@gapflow/core';

/**
 * Aborts a stream that sends nothing for `idleMs`: armed while waiting for the response and
 * for each chunk, disarmed while the consumer handles one (only the server's silence counts).
 * `httpOptions.timeout` bounds a whole attempt, but a stream stalled after its first chunk
 * would otherwise hold its job until then; this notices within `idleMs`.
 */
export class StreamIdleTimeout {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly idleMs: number,
    private readonly service = 'Gemini',
  ) {}

  /** Aborts the request when the stream goes idle. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The failure to report when the stream was aborted for idling, else undefined. */
  get failure(): GapflowError | undefined {
    return this.controller.signal.aborted ? (this.controller.signal.reason as GapflowError) : undefined;
  }

  /** Starts (or restarts) the wait for the server's next sign of life. */
  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.controller.abort(new GapflowError('UPSTREAM_TIMEOUT', `${this.service}'s stream sent nothing for ${this.idleMs} ms.`));
    }, this.idleMs);
    this.timer.unref();
  }

  disarm(): void {
    clearTimeout(this.timer);
  }
}
