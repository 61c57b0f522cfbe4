import { GapflowError, Question, QuestionProgress } from '@gapflow/core';
import { isFinalAttempt, type JobHandler } from '@gapflow/queue';
import { threadIdFor } from '@gapflow/state';
import { runAnswerGraph, type AnswerGraphListener } from '@gapflow/workflow';
import type { WorkerDependencies } from '../worker-dependencies';

/**
 * One submitted answer or follow-up: runs the answer graph on the question's thread (starts
 * it, or resumes it where it waits for a follow-up), publishes what the graph announces —
 * each event once, even when the job is retried — and records the question's progress. It
 * releases the question's lock when it is done, in success or in final failure.
 */
export function evaluationProcessor(deps: WorkerDependencies, options: { maxDeepDiveRounds: number }): JobHandler<'evaluations'> {
  return async ({ sessionId, tenantId, questionId, submissionId }, job) => {
    const holder = String(job.id);
    const { events, results } = deps.state;
    try {
      await deps.state.sessions.get(tenantId, sessionId);
      const question = [...(await results.all(sessionId, 'gap')).values()]
        .map((stored) => Question.safeParse(stored))
        .find((parsed) => parsed.success && parsed.data.id === questionId);
      if (!question?.success) throw new GapflowError('NOT_FOUND', `Question ${questionId} is not part of session ${sessionId}.`);
      const text = await results.get(sessionId, { kind: 'submission', id: submissionId });
      if (typeof text !== 'string') throw new GapflowError('NOT_FOUND', `The submitted answer ${submissionId} is gone (expired or erased).`);

      const publish = (type: Parameters<typeof events.append>[1]['type'], data: unknown, key: string) =>
        events.append(sessionId, { type, data: { questionId, ...(data as object) }, idempotencyKey: `${key}:${questionId}` }).then(() => undefined);
      const listener: AnswerGraphListener = {
        evaluated: (evaluation, round) => publish('evaluation.ready', { round, evaluation }, `evaluation:${round}`),
        deepDivesAsked: (prompts, round) => publish('deepdive.ready', { round, prompts }, `deepdive:${round}`),
        answerDelta: (chunk, index) => publish('answer.delta', { index, chunk }, `delta:${index}`),
        answerCompleted: (answer) => publish('answer.completed', { answer }, 'completed'),
      };
      const knowledge = question.data.knowledgeId ? deps.brain.knowledge.get(question.data.knowledgeId) : undefined;
      const outcome = await runAnswerGraph(
        { model: deps.brain.model, checkpointer: deps.state.checkpoints, listener, maxDeepDiveRounds: options.maxDeepDiveRounds },
        threadIdFor(sessionId, questionId),
        {
          questionId,
          question: question.data.text,
          skill: question.data.skill,
          knowledge: knowledge ? { id: knowledge.id, skill: knowledge.skill, aliases: knowledge.aliases, mastery: knowledge.mastery, signals: knowledge.signals, keywords: knowledge.keywords, questions: knowledge.questions } : null,
        },
        text,
      );
      const progress: QuestionProgress = {
        questionId,
        status: outcome.status,
        answers: outcome.values.answerParts,
        evaluations: outcome.values.evaluations,
        deepDives: outcome.values.deepDives,
        ...(outcome.values.finalAnswer ? { finalAnswer: outcome.values.finalAnswer } : {}),
      };
      await results.set(sessionId, { kind: 'answer', id: questionId }, QuestionProgress.parse(progress));
      await deps.state.answerLock.release(sessionId, questionId, holder);
      return { status: outcome.status };
    } catch (error) {
      if (isFinalAttempt(job)) {
        const code = error instanceof GapflowError ? error.code : 'INTERNAL';
        const message = error instanceof GapflowError ? `${error.message} Send the answer again to retry.` : 'The answer could not be evaluated after several attempts. Send it again to retry.';
        const earlier = QuestionProgress.safeParse(await results.get(sessionId, { kind: 'answer', id: questionId }));
        await results.set(sessionId, { kind: 'answer', id: questionId }, {
          ...(earlier.success ? earlier.data : { questionId, answers: [], evaluations: [], deepDives: [] }),
          status: 'failed',
          error: { code, message },
        });
        await events.append(sessionId, { type: 'job.failed', data: { jobId: job.id, questionId, code, message }, idempotencyKey: `failed:${job.id}` });
        await deps.state.answerLock.release(sessionId, questionId, holder);
      }
      throw error;
    }
  };
}
