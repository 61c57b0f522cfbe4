import type { AnswerEvaluation, StoryConclusion } from '@gapflow/core';

/**
 * Why a question's follow-ups ended, once its final answer is written: the story so far was
 * sufficient, or the rounds of deep dives ran out — then with what would still make it
 * stronger (the weakest criterion's feedback). `undefined` while follow-ups may still come.
 */
export function storyConclusion(evaluations: readonly AnswerEvaluation[], rounds: number): StoryConclusion | undefined {
  const last = evaluations[evaluations.length - 1];
  if (!last) return undefined;
  if (last.verdict === 'sufficient') {
    return { reason: 'sufficient', message: 'Your story has what an interviewer listens for — what happened, your part in it and how it ended — so there are no more follow-ups.' };
  }
  const weakest = [...last.criteria].sort((a, b) => a.score - b.score)[0];
  const followUps = rounds === 1 ? 'one round of follow-ups' : `${rounds} rounds of follow-ups`;
  return {
    reason: 'rounds',
    message: `After ${followUps}, the answer is written from what you said.${weakest ? ` What would still make it stronger: ${weakest.feedback}` : ''}`,
  };
}
