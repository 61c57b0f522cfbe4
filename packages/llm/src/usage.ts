/** What a call consumed, as the provider reports it (or estimates it, offline). */
export interface Usage {
  promptTokens: number;
  /** Prompt tokens served from a context cache, billed at the cached rate. */
  cachedTokens: number;
  outputTokens: number;
  /** Estimated cost in US dollars from the configured price table; 0 offline. */
  costUsd: number;
}

/** A rough token count (about four characters per token for English), for offline usage. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
