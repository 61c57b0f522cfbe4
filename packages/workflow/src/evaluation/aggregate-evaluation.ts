import type { AnswerEvaluation, Criterion, CriterionScore, ProviderInfo } from '@gapflow/core';

/**
 * How much each criterion weighs in the overall score. Relevance and impact weigh most: an
 * off-topic story or one without an outcome does not answer an interview question.
 */
export const CRITERION_WEIGHTS: Record<Criterion, number> = {
  relevance: 0.25,
  specificity: 0.2,
  structure: 0.15,
  ownership: 0.15,
  impact: 0.25,
};

/** Below this relevance the answer is off-topic, and the overall score is halved. */
const OFF_TOPIC_BELOW = 0.25;
/** The overall score a sufficient answer reaches… */
export const SUFFICIENT_OVERALL = 0.6;
/** …with no criterion below this. */
export const SUFFICIENT_FLOOR = 0.35;

/**
 * The evaluation of an answer from its per-criterion scores. `sufficient` needs a good
 * overall score and no criterion left far behind; otherwise the answer `needs_detail` and the
 * deep dives aim at the weakest criteria.
 */
export function aggregateEvaluation(criteria: readonly CriterionScore[], source: ProviderInfo): AnswerEvaluation {
  const weighted = criteria.reduce((sum, item) => sum + CRITERION_WEIGHTS[item.criterion] * item.score, 0);
  const totalWeight = criteria.reduce((sum, item) => sum + CRITERION_WEIGHTS[item.criterion], 0);
  const relevance = criteria.find((item) => item.criterion === 'relevance')?.score ?? 1;
  const base = totalWeight === 0 ? 0 : weighted / totalWeight;
  const overallScore = Math.round((relevance < OFF_TOPIC_BELOW ? base / 2 : base) * 100) / 100;
  const floor = Math.min(...criteria.map((item) => item.score));
  return {
    criteria: [...criteria],
    overallScore,
    verdict: overallScore >= SUFFICIENT_OVERALL && floor >= SUFFICIENT_FLOOR ? 'sufficient' : 'needs_detail',
    source,
  };
}
