import type { AnswerEvaluation, Criterion, StoryConclusion } from '@gapflow/core';
import { SUFFICIENT_FLOOR } from './aggregate-evaluation';

/** What holds a story back most, in the order the verdict weighs it: its outcome, the candidate's part, the story itself. */
const DECISIVE: readonly Criterion[] = ['impact', 'ownership', 'structure'];

/**
 * Why a question's follow-ups ended, once its final answer is written: the story so far was
 * sufficient (after follow-ups, or at once), or the rounds of deep dives ran out — then with
 * what would still make it stronger: the feedback of the decisive criterion furthest below the
 * floor, or the weakest of them. `undefined` before any evaluation.
 */
export function storyConclusion(evaluations: readonly AnswerEvaluation[], rounds: number): StoryConclusion | undefined {
  const last = evaluations[evaluations.length - 1];
  if (!last) return undefined;
  if (last.verdict === 'sufficient') {
    return {
      reason: 'sufficient',
      message:
        rounds === 0
          ? 'Your answer has what an interviewer listens for — what happened, your part in it and how it ended — so it needed no follow-up.'
          : 'Your story has what an interviewer listens for — what happened, your part in it and how it ended — so there are no more follow-ups.',
    };
  }
  const decisive = last.criteria.filter((score) => DECISIVE.includes(score.criterion)).sort((a, b) => a.score - b.score);
  const holding = decisive.find((score) => score.score < SUFFICIENT_FLOOR) ?? decisive[0];
  const followUps = rounds === 0 ? 'No follow-ups are asked here' : rounds === 1 ? 'After one round of follow-ups' : `After ${rounds} rounds of follow-ups`;
  return {
    reason: 'rounds',
    message: `${followUps}: the answer is written from what you said.${holding ? ` What would still make it stronger: ${holding.feedback}` : ''}`,
  };
}
