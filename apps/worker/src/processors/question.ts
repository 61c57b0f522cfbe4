import { GapflowError, parsedDocumentsOf } from '@gapflow/core';
import { isFinalAttempt, isRetriedThreadRace, type JobHandler } from '@gapflow/queue';
import { questionsOf, threadIdFor } from '@gapflow/state';
import { runQuestionGraph } from '@gapflow/workflow';
import type { WorkerDependencies } from '../worker-dependencies';
import { failureOf } from './failure-of';

/** Every question the session has so far but this gap's own: those of earlier batches, and those its siblings have written. */
async function askedQuestions(deps: WorkerDependencies, sessionId: string, gapId: string): Promise<string[]> {
  return (await questionsOf(deps.state.results, sessionId)).filter((question) => question.gapId !== gapId).map((question) => question.text);
}

/**
 * One gap's question: runs the question graph on the gap's thread, stores the question
 * (first write wins) and announces it once per group — so a job retried after its worker
 * died shows the client one question, not two. On the last failed attempt it records why,
 * in words a person can act on, and announces the failure.
 */
export function questionProcessor(deps: WorkerDependencies): JobHandler<'questions'> {
  return async ({ sessionId, tenantId, groupId, gapId, context, plan }, job) => {
    const session = await deps.state.sessions.get(tenantId, sessionId);
    const gap = session.gaps.find((candidate) => candidate.id === gapId);
    if (!gap) throw new GapflowError('NOT_FOUND', `Gap ${gapId} is not part of session ${sessionId}.`);
    try {
      const written = await runQuestionGraph(
        { model: deps.brain.model, checkpointer: deps.state.checkpoints, loadContext: async () => parsedDocumentsOf(session), observeNode: deps.observeNode },
        threadIdFor(sessionId, gapId),
        // The session's questions so far: asked in earlier batches, or by siblings already done.
        { sessionId, gap, knowledge: context, avoid: await askedQuestions(deps, sessionId, gapId), ...(plan ? { plan } : {}) },
      );
      // Stored and announced in one transaction (first write wins, the event once per group
      // and gap): the question kept and the question announced come from the same run. A
      // retried job's question is the same anyway: its thread returns the question it saved.
      await deps.state.commitTogether([
        deps.state.results.putFirstWrite(sessionId, { kind: 'gap', id: gapId }, written),
        deps.state.events.appendWrite(sessionId, { type: 'question.ready', data: { groupId, gapId, question: written }, idempotencyKey: `question:${groupId}:${gapId}` }),
      ]);
      deps.logger.debug({ sessionId, gapId, jobId: job.id, provider: written.source.provider }, 'question ready');
      return written;
    } catch (error) {
      // A run that lost the race for its thread is tried again (see defineWorker): not a failure yet.
      if (isFinalAttempt(job) && !isRetriedThreadRace(error, job)) {
        const failure = failureOf(gapId, gap.skill, error);
        await deps.state.results.put(sessionId, { kind: 'failure', id: gapId }, failure);
        await deps.state.events.append(sessionId, { type: 'job.failed', data: { groupId, jobId: job.id, ...failure }, idempotencyKey: `failed:${groupId}:${gapId}` });
        deps.logger.warn({ sessionId, gapId, jobId: job.id, code: failure.code }, 'question failed for good');
      }
      throw error;
    }
  };
}
