import { parsedDocumentsOf } from '@gapflow/core';
import type { JobHandler } from '@gapflow/queue';
import type { WorkerDependencies } from '../worker-dependencies';

/**
 * Computes the gaps of a session created without them (after its documents were parsed), or of
 * a corrected session, then announces them. A job of an older revision than the session's —
 * a correction arrived while it waited or ran — changes nothing and announces nothing: the
 * correction's own job does.
 */
export function gapAnalysisProcessor(deps: WorkerDependencies): JobHandler<'gap-analysis'> {
  return async ({ sessionId, tenantId, revision }) => {
    const session = await deps.state.sessions.get(tenantId, sessionId);
    if (session.revision !== revision) return { gaps: 0, superseded: true };
    const { cv, jd } = parsedDocumentsOf(session);
    const gaps = session.gaps.length > 0 ? session.gaps : deps.brain.analyzer.analyze(cv, jd);
    let superseded = false;
    await deps.state.sessions.update(tenantId, sessionId, (current) => {
      superseded = current.revision !== revision;
      if (superseded) return current;
      // Failed only because queueing this very job looked failed (it was written after all): it is ready now.
      if (current.status === 'failed') {
        const { failure: _cleared, ...rest } = current;
        return { ...rest, gaps, status: 'ready' };
      }
      return { ...current, gaps, status: current.status === 'analyzing' ? 'ready' : current.status };
    });
    if (superseded) return { gaps: 0, superseded: true };
    await deps.state.events.append(sessionId, {
      type: 'gaps.ready',
      data: { gaps, revision: revision ?? 0 },
      idempotencyKey: revision === undefined ? 'gaps.ready' : `gaps.ready:r${revision}`,
    });
    return { gaps: gaps.length };
  };
}
