import { Router } from 'express';
import { GapflowError, SubmitQuestionsRequest, type Session } from '@gapflow/core';
import { JobIds } from '@gapflow/queue';
import type { GatewayDependencies } from '../gateway-dependencies';
import { parseBody, parseId } from '../parse';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

interface SubmittedGroup {
  groupId: string;
  jobs: { jobId: string; gapId: string }[];
}

/** `409` while a session has no gaps to ask about: its documents are parsed or its gaps computed, or it failed. */
function refuseUntilGapsAreKnown(session: Session): void {
  if (session.status === 'failed') {
    throw new GapflowError('CONFLICT', 'This session failed before it had its gaps (its job.failed event says why) and takes no questions. Correct it (PATCH with a parsed cv and jd) or create a new session.');
  }
  if (session.status === 'parsing' || session.status === 'analyzing') {
    const what = session.status === 'parsing' ? 'documents of this session are still being parsed' : 'gaps of this session are still being computed';
    throw new GapflowError('CONFLICT', `The ${what}. Wait for the gaps.ready event, then submit again.`);
  }
}

/**
 * `POST /v1/sessions/{id}/questions`: every chosen gap as one job group. With an
 * `Idempotency-Key`, a repeated submission returns the first group and enqueues nothing;
 * the key sent again with a different body is `IDEMPOTENCY_KEY_REUSED`.
 */
export function questionRoutes(deps: GatewayDependencies): Router {
  const router = Router();

  router.post('/v1/sessions/:id/questions', async (req, res) => {
    const sessionId = parseId(req.params.id, 'session');
    const request = parseBody(SubmitQuestionsRequest, req.body);
    const idempotencyKey = req.get('idempotency-key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new GapflowError('VALIDATION_FAILED', 'The Idempotency-Key header must be 1–128 letters, digits or ". _ : -".');
    }
    const session = await deps.state.sessions.get(req.tenantId, sessionId);
    refuseUntilGapsAreKnown(session);
    const gapIds = request.gapIds ?? session.gaps.filter((gap) => gap.severity !== 'minor').map((gap) => gap.id);
    const unknown = gapIds.filter((gapId) => !session.gaps.some((gap) => gap.id === gapId));
    if (unknown.length > 0) {
      throw new GapflowError('VALIDATION_FAILED', `These gaps are not part of the session: ${unknown.join(', ')}. GET the session to see its gaps.`);
    }
    if (gapIds.length === 0) {
      throw new GapflowError('VALIDATION_FAILED', 'The session has no critical or important gaps. Name the gaps to ask about in gapIds.');
    }

    if (session.status === 'ready') {
      // The first submission moves the session on in one compare-and-set, so that a correction
      // (PATCH) racing it either lands before — and this submission is refused — or is refused.
      await deps.state.sessions.update(req.tenantId, sessionId, (current) => {
        refuseUntilGapsAreKnown(current);
        if (current.revision !== session.revision) {
          throw new GapflowError('CONFLICT', 'The CV or job description of this session was corrected meanwhile, and its gaps are computed again. Wait for the gaps.ready event, then submit again.');
        }
        return current.status === 'ready' ? { ...current, status: 'questioning' } : current;
      });
    }

    const groupId = JobIds.group(sessionId, idempotencyKey);
    const planned: SubmittedGroup = { groupId, jobs: gapIds.map((gapId) => ({ jobId: JobIds.question(groupId, gapId), gapId })) };
    if (idempotencyKey !== undefined) {
      const claim = await deps.state.idempotency.claim(sessionId, idempotencyKey, request, planned);
      if (claim.outcome === 'replay') {
        res.status(202).json(claim.response);
        return;
      }
      if (claim.outcome === 'reused') {
        throw new GapflowError('IDEMPOTENCY_KEY_REUSED', `The Idempotency-Key "${idempotencyKey}" was already used for a different request in this session. Use a new key for a new request, or resend the first request unchanged.`);
      }
    }
    try {
      // Recorded first: erasure must find every job that may exist.
      await deps.state.sessionJobs.record(sessionId, [JobIds.batch(groupId), JobIds.groupCompletion(groupId), ...planned.jobs.map((job) => job.jobId)]);
      await deps.queues.submitQuestionBatch({ sessionId, tenantId: req.tenantId, groupId, gapIds }, session.queuePrefix);
    } catch (error) {
      // Nothing was enqueued for this key: a retry with it must enqueue, not replay a 202.
      if (idempotencyKey !== undefined) await deps.state.idempotency.release(sessionId, idempotencyKey).catch(() => undefined);
      throw error;
    }
    res.status(202).json(planned);
  });

  return router;
}
