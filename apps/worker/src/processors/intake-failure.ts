import { defectReason, GapflowError } from '@gapflow/core';
import { isJobDefectError } from '@gapflow/queue';
import type { WorkerDependencies } from '../worker-dependencies';

/** What failed before the session had its gaps: reading its documents, or computing its gaps. */
export type IntakeStage = 'parse' | 'gap-analysis';

const WHAT_FAILED: Record<IntakeStage, string> = {
  parse: 'The documents could not be parsed',
  'gap-analysis': 'The gaps could not be computed',
};

/**
 * A parse or a gap analysis that failed for good: the session is marked failed, with the reason
 * in its `failure`, and `job.failed` says what to do — so no session waits in `parsing` or
 * `analyzing` forever. A gap analysis of a revision a correction has superseded changes nothing
 * (the correction's own job decides). A defect is named by its class only: its message may
 * quote the documents.
 */
export async function recordIntakeFailure(
  deps: WorkerDependencies,
  target: { sessionId: string; tenantId: string; revision?: number },
  stage: IntakeStage,
  jobId: string,
  error: unknown,
): Promise<void> {
  const { sessionId, tenantId } = target;
  if (await deps.state.eraser.isErased(sessionId)) return;
  const code = error instanceof GapflowError ? error.code : 'INTERNAL';
  const why = error instanceof GapflowError ? error.message : `an error in gapflow: ${defectReason(isJobDefectError(error) ? error.defect : error)}`;
  const message = `${WHAT_FAILED[stage]} (${why}). Correct the session with what could not be read, as parsed JSON (PATCH /v1/sessions/{id}), or create it again.`;
  const waiting = stage === 'parse' ? 'parsing' : 'analyzing';
  let recorded = false;
  await deps.state.sessions.update(tenantId, sessionId, (current) => {
    recorded = current.status === waiting && (stage === 'parse' || current.revision === target.revision);
    return recorded ? { ...current, status: 'failed', failure: { code, message } } : current;
  });
  if (recorded) await deps.state.events.append(sessionId, { type: 'job.failed', data: { jobId, code, message }, idempotencyKey: `failed:${jobId}` });
}
