import { parsedDocumentsOf } from '@gapflow/core';
import type { JobHandler } from '@gapflow/queue';
import type { WorkerDependencies } from '../worker-dependencies';

/** Computes the gaps of a session created without them (after its documents were parsed), then announces them. */
export function gapAnalysisProcessor(deps: WorkerDependencies): JobHandler<'gap-analysis'> {
  return async ({ sessionId, tenantId }) => {
    const session = await deps.state.sessions.get(tenantId, sessionId);
    const { cv, jd } = parsedDocumentsOf(session);
    const gaps = session.gaps.length > 0 ? session.gaps : deps.brain.analyzer.analyze(cv, jd);
    await deps.state.sessions.update(tenantId, sessionId, (current) => ({ ...current, gaps, status: current.status === 'analyzing' ? 'ready' : current.status }));
    await deps.state.events.append(sessionId, { type: 'gaps.ready', data: { gaps }, idempotencyKey: 'gaps.ready' });
    return { gaps: gaps.length };
  };
}
