import { z } from 'zod';

/**
 * Which model produced a result. Every generated artefact carries it so a reader can tell
 * an offline (rule-based) result from a Gemini one, and a fallback from a first choice.
 */
export const ProviderInfo = z.object({
  provider: z.enum(['offline', 'gemini']),
  model: z.string(),
  /** True when the configured provider failed and the offline model stood in. */
  fallback: z.boolean().optional(),
  /** Why the fallback happened, as an error code (e.g. `UPSTREAM_UNAVAILABLE`). */
  fallbackReason: z.string().optional(),
});
export type ProviderInfo = z.infer<typeof ProviderInfo>;
