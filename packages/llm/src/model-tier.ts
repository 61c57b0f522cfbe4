/**
 * How much model a call needs. `fast` for high-volume, simple calls (one criterion of an
 * evaluation); `quality` for what the candidate reads (questions, the final answer).
 * Providers map tiers to model names from config.
 */
export type ModelTier = 'fast' | 'quality';
