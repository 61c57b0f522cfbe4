/** How a `GapflowClient` reaches the API. */
export interface GapflowClientOptions {
  /**
   * Sent as `Authorization: Bearer <token>`: a tenant's API key (servers), or a candidate
   * token scoped to one session (pages). Never logged by the client.
   */
  token: string;
  /**
   * The gateway, e.g. `https://api.example.com`.
   * @defaultValue `''`: the page's own origin, for a page served by the gateway
   */
  baseUrl?: string;
  /**
   * The `fetch` to call, e.g. one that adds tracing headers.
   * @defaultValue `globalThis.fetch`
   */
  fetch?: typeof fetch;
  /**
   * Check every response body against the API's zod schemas, so a client older than the
   * gateway fails with a clear error instead of reading `undefined` later.
   * @defaultValue true
   */
  validateResponses?: boolean;
}

/** Options of one call. */
export interface CallOptions {
  /** Cancels the call. */
  signal?: AbortSignal;
}

/** Options of `submitQuestions`. */
export interface SubmitQuestionsOptions extends CallOptions {
  /**
   * Sent as `Idempotency-Key`: the same key with the same body returns the first group and
   * enqueues nothing, so a retry after a lost response is safe; with another body it is
   * `IDEMPOTENCY_KEY_REUSED`. 1–128 letters, digits or `. _ : -`.
   */
  idempotencyKey?: string;
}
