import { FailedGap, Question, QuestionProgress, type Session } from '@gapflow/core';
import type { ResultStore } from './result-store';
import type { SessionStore } from './session-store';

/**
 * A session as `GET /v1/sessions/{id}` shows it: the stored document with the questions
 * written so far and the gaps whose question failed. Questions are kept as results (one
 * first-write-wins entry per gap) rather than in the document, so ten question jobs finishing
 * together never contend for the document.
 */
export async function readSessionView(sessions: SessionStore, results: ResultStore, tenantId: string, sessionId: string): Promise<Session> {
  const session = await sessions.get(tenantId, sessionId);
  const [questionsByGap, failuresByGap, progressByQuestion] = await Promise.all([
    results.all(sessionId, 'gap'),
    results.all(sessionId, 'failure'),
    results.all(sessionId, 'answer'),
  ]);
  const questions: Question[] = [];
  const failedGaps: FailedGap[] = [...session.failedGaps];
  for (const gap of session.gaps) {
    const question = Question.safeParse(questionsByGap.get(gap.id));
    if (question.success) {
      questions.push(question.data);
      continue;
    }
    const failure = FailedGap.safeParse(failuresByGap.get(gap.id));
    if (failure.success && !failedGaps.some((known) => known.gapId === gap.id)) failedGaps.push(failure.data);
  }
  const answers = questions.flatMap((question) => {
    const progress = QuestionProgress.safeParse(progressByQuestion.get(question.id));
    return progress.success ? [progress.data] : [];
  });
  // queuePrefix is the session's queue shard, an internal detail; the candidate link's hash is a credential's.
  const { queuePrefix: _queuePrefix, candidateTokenHash: _candidateTokenHash, ...view } = session;
  // revision 0: never corrected (stored sessions leave it out until their first correction).
  return { ...view, revision: session.revision ?? 0, questions, failedGaps, answers };
}
