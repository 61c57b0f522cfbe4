import { defectReason, GapflowError, QuestionProgress, parsedDocumentsOf } from '@gapflow/core';
import { isFinalAttempt, isJobDefectError, isRetriedThreadRace, type JobHandler } from '@gapflow/queue';
import { findQuestion, readSessionView, threadIdFor } from '@gapflow/state';
import type { SessionContext } from '@gapflow/llm';
import { knowledgeSnippet, runAnswerGraph, storyConclusion, type AnswerGraphListener, type AnswerGraphValues } from '@gapflow/workflow';
import type { WorkerDependencies } from '../worker-dependencies';
import { AnswerAttempts } from './answer-attempts';

/**
 * The bookkeeping of an evaluation that failed for good: the question's progress says so,
 * the client is told (once), and the question is free for the next answer. Called by the
 * processor on its last attempt, and by the worker for a job that failed outside it (stalled
 * too often): both may run for one job, and both are idempotent.
 */
export async function recordEvaluationFailure(deps: WorkerDependencies, target: { sessionId: string; questionId: string }, jobId: string, error: unknown): Promise<void> {
  const { sessionId, questionId } = target;
  // An erased session gets nothing written back.
  if (await deps.state.eraser.isErased(sessionId)) return;
  const code = error instanceof GapflowError ? error.code : 'INTERNAL';
  // A defect is named by its class only: its message may quote the answer (see defectReason).
  const message =
    error instanceof GapflowError
      ? `${error.message} Send the answer again to retry.`
      : `The answer could not be evaluated (${defectReason(isJobDefectError(error) ? error.defect : error)}). Send it again to retry.`;
  const earlier = QuestionProgress.safeParse(await deps.state.results.get(sessionId, { kind: 'answer', id: questionId }));
  if (!(earlier.success && earlier.data.status === 'failed')) {
    await deps.state.results.set(sessionId, { kind: 'answer', id: questionId }, {
      ...(earlier.success ? earlier.data : { questionId, answers: [], evaluations: [], deepDives: [] }),
      status: 'failed',
      error: { code, message },
    });
  }
  await deps.state.events.append(sessionId, { type: 'job.failed', data: { jobId, questionId, code, message }, idempotencyKey: `failed:${jobId}` });
  await deps.state.answerLock.release(sessionId, questionId, jobId);
}

/** A session is completed when every question asked in it has its final answer. */
async function markCompletedWhenAllAnswered(deps: WorkerDependencies, tenantId: string, sessionId: string): Promise<void> {
  const view = await readSessionView(deps.state.sessions, deps.state.results, tenantId, sessionId);
  const answered = new Set(view.answers.filter((progress) => progress.status === 'completed').map((progress) => progress.questionId));
  if (view.status === 'completed' || view.questions.length === 0 || !view.questions.every((question) => answered.has(question.id))) return;
  await deps.state.sessions.updateStatus(tenantId, sessionId, 'completed');
  deps.metrics.sessions.inc({ event: 'completed' });
}

/**
 * How far along a question's story is — answers, then evaluations, deep-dive rounds, and the
 * final answer — so that progress only moves forward (see ResultStore.advance).
 */
function progressRank(state: AnswerGraphValues): number {
  return ((state.answerParts.length * 1_000 + state.evaluations.length) * 1_000 + state.deepDives.length) * 10 + (state.finalAnswer ? 1 : 0);
}

function progressOf(questionId: string, status: QuestionProgress['status'], state: AnswerGraphValues): QuestionProgress {
  return {
    questionId,
    status,
    answers: state.answerParts,
    evaluations: state.evaluations,
    deepDives: state.deepDives,
    ...(state.finalAnswer ? { finalAnswer: state.finalAnswer } : {}),
    // Said once the follow-ups are over: while the answer is written, and after.
    ...(status === 'composing' || status === 'completed' ? conclusionOf(state) : {}),
  };
}

function conclusionOf(state: AnswerGraphValues): Pick<QuestionProgress, 'conclusion'> {
  const conclusion = storyConclusion(state.evaluations, state.deepDives.length);
  return conclusion ? { conclusion } : {};
}

/**
 * One submitted answer or follow-up: runs the answer graph on the question's thread (starts
 * it, or resumes it where it waits for a follow-up), records the question's progress before
 * each announcement, and publishes evaluation.ready and answer.delta as they happen and
 * deepdive.ready or answer.completed once the question's lock is released — each event once,
 * even when the job is retried. Deltas carry their attempt; when the answer starts over (a
 * stream retried mid-way, the fallback taking over, the job retried after some deltas went
 * out) answer.restarted comes first, and answer.completed names the attempt whose deltas it equals.
 */
export function evaluationProcessor(deps: WorkerDependencies, options: { maxDeepDiveRounds: number }): JobHandler<'evaluations'> {
  return async ({ sessionId, tenantId, questionId, submissionId }, job) => {
    const holder = String(job.id);
    const { events, results } = deps.state;
    try {
      const session = await deps.state.sessions.get(tenantId, sessionId);
      const question = await findQuestion(results, sessionId, questionId);
      if (!question) throw new GapflowError('NOT_FOUND', `Question ${questionId} is not part of session ${sessionId}.`);
      const text = await results.get(sessionId, { kind: 'submission', id: submissionId });
      if (typeof text !== 'string') throw new GapflowError('NOT_FOUND', `The submitted answer ${submissionId} is gone (expired or erased).`);

      // Forward only: a run of this job that fell behind (its lock lapsed in a failover and the
      // job ran again elsewhere) may still be inside a node; it must not write over a later record.
      const record = (status: QuestionProgress['status'], state: AnswerGraphValues) =>
        results.advance(sessionId, { kind: 'answer', id: questionId }, QuestionProgress.parse(progressOf(questionId, status, state)), progressRank(state)).then(() => undefined);
      const publish = (type: Parameters<typeof events.append>[1]['type'], data: unknown, key: string) =>
        events.append(sessionId, { type, data: { questionId, ...(data as object) }, idempotencyKey: `${key}:${questionId}` }).then(() => undefined);
      const attempts = new AnswerAttempts(deps.state.answerAttempts, sessionId, questionId);
      // attemptsStarted counts a run whose worker died (stalled) too; attemptsMade does not.
      const restartReason = job.attemptsStarted > 1 || job.attemptsMade > 0 ? 'JOB_RETRIED' : 'ANSWER_RESENT';
      // Progress is recorded before each announcement, so a client reading the session on
      // an event finds what the event announced.
      const listener: AnswerGraphListener = {
        evaluated: async (evaluation, round, state) => {
          await record(evaluation.verdict === 'sufficient' ? 'composing' : 'evaluating', state);
          await publish('evaluation.ready', { round, evaluation }, `evaluation:${round}`);
        },
        deepDivesAsked: (_prompts, _round, state) => record('awaiting_follow_up', state),
        answerDelta: async (chunk, index, localAttempt) => {
          const firstOfRun = attempts.firstOfRun;
          const attempt = await attempts.numberOf(localAttempt);
          // The run's first attempt follows an earlier run's (a retried job, or the answer sent
          // again after a failure): say so before its first chunk.
          if (firstOfRun && attempt > 1) await publish('answer.restarted', { attempt, reason: restartReason }, `restarted:${attempt}`);
          await publish('answer.delta', { attempt, index, chunk }, `delta:${attempt}:${index}`);
          return attempt;
        },
        answerRestarted: async (localAttempt, reason) => {
          const attempt = await attempts.numberOf(localAttempt);
          await publish('answer.restarted', { attempt, reason }, `restarted:${attempt}`);
        },
        answerCompleted: (_answer, state) => record('completed', state),
      };
      const threadId = threadIdFor(sessionId, questionId);
      const earlier = QuestionProgress.safeParse(await results.get(sessionId, { kind: 'answer', id: questionId }));
      if (earlier.success && earlier.data.answers.length > 0 && !(await deps.state.checkpoints.getTuple({ configurable: { thread_id: threadId } }))) {
        // A story with answers but no thread would restart from nothing: refuse instead.
        throw new GapflowError('SESSION_EXPIRED', `The paused answer to question ${questionId} has expired. Start a new session with POST /v1/sessions.`);
      }
      // The documents go to the graph's nodes from the session store, never into its state.
      const loadContext = async (): Promise<SessionContext> => parsedDocumentsOf(session);
      const knowledge = question.knowledgeId ? deps.brain.knowledge.get(question.knowledgeId) : undefined;
      const outcome = await runAnswerGraph(
        { model: deps.brain.model, checkpointer: deps.state.checkpoints, loadContext, listener, maxDeepDiveRounds: options.maxDeepDiveRounds, observeNode: deps.observeNode },
        threadId,
        {
          questionId,
          question: question.text,
          skill: question.skill,
          knowledge: knowledgeSnippet(knowledge) ?? null,
        },
        { text, submissionId },
      );
      await record(outcome.status, outcome.values);
      await deps.state.answerLock.release(sessionId, questionId, holder);
      // Announced only now that the question is free again: a client that sends its
      // follow-up the moment it sees deepdive.ready is never refused for a run still ending.
      const round = outcome.values.deepDives.length;
      if (outcome.status === 'awaiting_follow_up') {
        await publish('deepdive.ready', { round, prompts: outcome.values.deepDives[round - 1] ?? [] }, `deepdive:${round}`);
      } else if (outcome.values.finalAnswer) {
        // The attempt saved with the answer: right even when another run composed it (two runs
        // of the job may compose at once; the fence keeps the one saved first) and this run
        // only announces it.
        const attempt = outcome.values.answerAttempt;
        await publish('answer.completed', { answer: outcome.values.finalAnswer, ...(attempt ? { attempt } : {}), ...conclusionOf(outcome.values) }, 'completed');
        await markCompletedWhenAllAnswered(deps, tenantId, sessionId);
      }
      return { status: outcome.status };
    } catch (error) {
      // A run that lost the race for its thread is tried again (see defineWorker): not a failure yet.
      if (isFinalAttempt(job) && !isRetriedThreadRace(error, job)) await recordEvaluationFailure(deps, { sessionId, questionId }, String(job.id), error);
      throw error;
    }
  };
}
