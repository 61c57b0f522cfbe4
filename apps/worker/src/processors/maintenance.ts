import type { GeminiCacheClient } from '@gapflow/llm';
import type { JobHandler } from '@gapflow/queue';
import type { WorkerDependencies } from '../worker-dependencies';

/** After an erasure: deletes the session's context caches at Gemini (they hold its CV and JD). */
export function maintenanceProcessor(deps: WorkerDependencies, caches: GeminiCacheClient | undefined): JobHandler<'maintenance'> {
  return async ({ sessionId, contextCacheNames }) => {
    if (!caches) {
      deps.logger.warn({ sessionId, caches: contextCacheNames.length }, 'context caches to delete, but Gemini is not configured here; they expire on their own');
      return { deleted: 0 };
    }
    for (const name of contextCacheNames) await caches.delete(name);
    return { deleted: contextCacheNames.length };
  };
}
