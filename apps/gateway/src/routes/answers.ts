import { Router } from 'express';
import { GapflowError, newId, QuestionProgress, SubmitAnswerRequest } from '@gapflow/core';
import { JobIds } from '@gapflow/queue';
import { findQuestion } from '@gapflow/state';
import type { GatewayDependencies } from '../gateway-dependencies';
import { parseBody, parseId } from '../parse';

/**
 * `POST /v1/sessions/{id}/questions/{qid}/answers`: the first answer starts the question's
 * answer graph; an answer while the graph waits on deep dives is the follow-up that resumes
 * it. While an answer to the question is being evaluated, another is refused (`CONFLICT`,
 * LangGraph Platform's "reject" strategy for double texting): one run per thread, across
 * every gateway and worker.
 */
export function answerRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  router.post('/v1/sessions/:id/questions/:qid/answers', async (req, res) => {
    const sessionId = parseId(req.params.id, 'session');
    const questionId = parseId(req.params.qid, 'question');
    const { text } = parseBody(SubmitAnswerRequest, req.body);
    const session = await deps.state.sessions.get(req.tenantId, sessionId);
    if (!(await findQuestion(deps.state.results, sessionId, questionId))) throw new GapflowError('NOT_FOUND', `Question ${questionId} has not been asked in session ${sessionId}. GET the session to see its questions.`);
    const progress = QuestionProgress.safeParse(await deps.state.results.get(sessionId, { kind: 'answer', id: questionId }));
    if (progress.success && progress.data.status === 'completed') {
      throw new GapflowError('CONFLICT', 'This question is answered: its final answer is in the session. Ask about another gap to continue.');
    }

    const submissionId = newId('sub');
    const jobId = JobIds.evaluation(submissionId);
    if (!(await deps.state.answerLock.acquire(sessionId, questionId, jobId))) {
      throw new GapflowError('CONFLICT', 'An answer to this question is being evaluated. Wait for its evaluation.ready or answer.completed event, then send the next one.');
    }
    let enqueueStarted = false;
    try {
      await deps.state.results.put(sessionId, { kind: 'submission', id: submissionId }, text);
      // Recorded first: erasure must find every job that may exist.
      await deps.state.sessionJobs.record(sessionId, [jobId]);
      enqueueStarted = true;
      await deps.queues.enqueueEvaluation({ sessionId, tenantId: req.tenantId, questionId, submissionId }, session.queuePrefix);
    } catch (error) {
      // Once the enqueue was sent the job may exist and will release the lock itself; freeing
      // it here would let a second answer run beside it.
      if (!enqueueStarted) await deps.state.answerLock.release(sessionId, questionId, jobId);
      throw error;
    }
    res.status(202).json({ jobId });
  });
  return router;
}
