import type { Usage } from '../usage';

/** US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  /** Prompt tokens served from a context cache. */
  cachedInput: number;
  output: number;
}

/**
 * Prices at the time of writing (standard tier, prompts up to 200k tokens); override with
 * GEMINI_PRICES. A model missing here costs 0, and the usage still counts its tokens.
 */
export const DEFAULT_PRICES: Record<string, ModelPrice> = {
  'gemini-2.5-flash': { input: 0.3, cachedInput: 0.075, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gemini-2.5-pro': { input: 1.25, cachedInput: 0.31, output: 10 },
};

export function costOf(usage: Omit<Usage, 'costUsd'>, price: ModelPrice | undefined): number {
  if (!price) return 0;
  const freshInput = Math.max(0, usage.promptTokens - usage.cachedTokens);
  return (freshInput * price.input + usage.cachedTokens * price.cachedInput + usage.outputTokens * price.output) / 1_000_000;
}
