import type { Prompt } from '../prompt';
import type { ContextCacheSource } from './context-cache-source';
import { isVanishedCache } from './vanished-cache';

/**
 * How a request carries its stable prefix. Gemini refuses `cachedContent` together with
 * `systemInstruction`, `tools` or `toolConfig` (those belong inside the cache), so a request
 * has exactly one of the two.
 */
export type PrefixConfig = { cachedContent: string } | { systemInstruction: string };

/** `hit`: the call used the session's cache; `miss`: it could have, but went without. Absent: it could not. */
export type ContextCacheOutcome = 'hit' | 'miss';

export interface SentWithContextCache<T> {
  response: T;
  /** The model that answered: the cache's when the cache was used. */
  model: string;
  contextCache?: ContextCacheOutcome;
}

/**
 * Sends one Gemini request (generate or stream) with the session's context cache when it has
 * one, and otherwise with the prefix in full as the system instruction (first and
 * byte-identical, so Gemini's implicit caching can still hit). The one place where a vanished
 * cache is recovered from: the cache is forgotten and the request sent once more without it.
 *
 * A Gemini cache serves one model, so a call that uses it runs on the cache's model
 * (`cacheModel`) whatever its tier; a call without it runs on its tier's model (`tierModel`).
 */
export async function sendWithContextCache<T>(
  caches: ContextCacheSource | undefined,
  prompt: Prompt,
  models: { tierModel: string; cacheModel: string },
  send: (model: string, prefix: PrefixConfig) => Promise<T>,
): Promise<SentWithContextCache<T>> {
  const lookup = caches ? await caches.lookup(prompt.stablePrefix, models.cacheModel) : ({ status: 'ineligible' } as const);
  const withoutCache = async (contextCache?: ContextCacheOutcome) => ({
    response: await send(models.tierModel, { systemInstruction: prompt.stablePrefix }),
    model: models.tierModel,
    ...(contextCache ? { contextCache } : {}),
  });
  if (lookup.status === 'ineligible') return withoutCache();
  if (lookup.status === 'unavailable') return withoutCache('miss');
  try {
    return { response: await send(models.cacheModel, { cachedContent: lookup.name }), model: models.cacheModel, contextCache: 'hit' };
  } catch (error) {
    if (!isVanishedCache(error)) throw error;
    await caches?.forget(lookup.name).catch(() => undefined);
    return withoutCache('miss');
  }
}
