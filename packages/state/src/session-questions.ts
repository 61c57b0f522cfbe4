import { Question } from '@gapflow/core';
import type { ResultStore } from './result-store';

/**
 * The questions asked in a session. Questions are stored as results, one per gap (see
 * `readSessionView`); anything stored there that no longer parses is not a question.
 */
export async function questionsOf(results: ResultStore, sessionId: string): Promise<Question[]> {
  return [...(await results.all(sessionId, 'gap')).values()].flatMap((stored) => {
    const question = Question.safeParse(stored);
    return question.success ? [question.data] : [];
  });
}

/** The question of a session with this id, if it was asked. */
export async function findQuestion(results: ResultStore, sessionId: string, questionId: string): Promise<Question | undefined> {
  return (await questionsOf(results, sessionId)).find((question) => question.id === questionId);
}
