import type * as GenAI from '@google/genai' with { 'resolution-mode': 'import' };

// The SDK ships a CommonJS build for Node, but publishes its types as ES module types only;
// the types come through the import above, the code through require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GoogleGenAI } = require('@google/genai') as typeof GenAI;

/** How every Gemini client of gapflow reaches the API. */
export interface GeminiClientOptions {
  apiKey: string;
  /** Another endpoint (a proxy, or a test server). @defaultValue Google's */
  baseUrl?: string;
  /** @defaultValue `v1beta` */
  apiVersion?: string;
  /**
   * Longest wait for one HTTP attempt, given to the SDK as `httpOptions.timeout`. The SDK
   * disables undici's own timeouts, so without it a hung connection waits forever. The SDK
   * keeps it armed while a response body is read, so a streamed answer passes a longer one
   * of its own per request (`streamTimeoutMs`). @defaultValue 30000
   */
  timeoutMs?: number;
}

/** A `GoogleGenAI` with gapflow's endpoint, API version and per-attempt timeout. */
export function createGeminiClient(options: GeminiClientOptions): GenAI.GoogleGenAI {
  return new GoogleGenAI({
    apiKey: options.apiKey,
    httpOptions: {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      apiVersion: options.apiVersion ?? 'v1beta',
      timeout: options.timeoutMs ?? 30_000,
    },
  });
}
