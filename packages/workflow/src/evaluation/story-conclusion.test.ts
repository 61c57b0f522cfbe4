import type { AnswerEvaluation, Criterion } from '@gapflow/core';
import { storyConclusion } from './story-conclusion';

function evaluation(scores: Partial<Record<Criterion, number>>, verdict: AnswerEvaluation['verdict']): AnswerEvaluation {
  const criteria = (['relevance', 'specificity', 'structure', 'ownership', 'impact'] as const).map((criterion) => ({ criterion, score: scores[criterion] ?? 0.8, feedback: `${criterion} advice`, quotes: [] }));
  return { criteria, overallScore: 0.5, verdict, source: { provider: 'offline', model: 'offline' } };
}

describe('storyConclusion', () => {
  it('says a story was sufficient at once, or after follow-ups', () => {
    expect(storyConclusion([evaluation({}, 'sufficient')], 0)?.message).toContain('needed no follow-up');
    expect(storyConclusion([evaluation({}, 'needs_detail'), evaluation({}, 'sufficient')], 1)).toMatchObject({ reason: 'sufficient', message: expect.stringContaining('no more follow-ups') });
  });

  it('when the rounds ran out, names what held the story back — not the weakest criterion of any kind', () => {
    // Specificity is lowest, but ownership is what kept the story from being sufficient.
    const conclusion = storyConclusion([evaluation({ specificity: 0.1, ownership: 0.2 }, 'needs_detail')], 3);
    expect(conclusion).toEqual({ reason: 'rounds', message: 'After 3 rounds of follow-ups: the answer is written from what you said. What would still make it stronger: ownership advice' });
  });

  it('speaks of no follow-ups when none are asked (MAX_DEEP_DIVE_ROUNDS=0), and says nothing before an evaluation', () => {
    expect(storyConclusion([evaluation({ impact: 0.2 }, 'needs_detail')], 0)?.message).toMatch(/^No follow-ups are asked here: .*impact advice$/);
    expect(storyConclusion([], 0)).toBeUndefined();
  });
});
