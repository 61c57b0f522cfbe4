import type { ContextCacheSource } from '@gapflow/llm';
import { currentSessionId, type SharedContextCaches } from '@gapflow/state';

/**
 * The context cache of the session the current job runs for (`runInSession`), as the Gemini
 * provider asks for it. A call outside any session finds none (`ineligible`).
 */
export function sessionContextCache(caches: SharedContextCaches): ContextCacheSource {
  return {
    lookup: (stablePrefix, model) => caches.lookup(currentSessionId(), stablePrefix, model),
    forget: async (name) => {
      const sessionId = currentSessionId();
      if (sessionId) await caches.forget(sessionId, name);
    },
  };
}
