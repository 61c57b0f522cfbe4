import type { AnswerEvaluation, Criterion, CriterionScore, ProviderInfo } from '@gapflow/core';

/**
 * How much each criterion weighs in the overall score of the offline evaluator: fitted on the
 * calibration set's tuning split (packages/testing/calibration; `npm run bench -- calibration
 * --fit` prints the search) by a grid search in steps of 0.05 for the best pairwise ordering
 * plus Spearman's rho against interviewers' labels. An interviewer ranks answers first by the
 * outcome they show, then by whether the candidate did it and told it as a story; naming the
 * skill's words and piling up specifics barely move the label once those are there (a
 * buzzword list has both and is labelled 1).
 */
export const CRITERION_WEIGHTS: Record<Criterion, number> = {
  // Relevance gates the score (below) rather than adding to it: on topic is a condition of
  // an answer, not a quality of it — a buzzword list is as on topic as can be.
  relevance: 0,
  specificity: 0.05,
  structure: 0.25,
  ownership: 0.3,
  impact: 0.4,
};

/**
 * The weights of a model's scores (Gemini): the offline weights were fitted to the offline
 * scorer's scores, not to a model's, so a model's keep the weights they were designed with
 * until a calibration run on Gemini fits their own.
 */
export const MODEL_CRITERION_WEIGHTS: Record<Criterion, number> = {
  relevance: 0.25,
  specificity: 0.2,
  structure: 0.15,
  ownership: 0.15,
  impact: 0.25,
};

/** Below this relevance the answer is not about the skill, whatever else it has: never sufficient. */
const ON_TOPIC_FROM = 0.25;
/**
 * The overall score from which an answer is `sufficient` (labels 4–5): the threshold that
 * classifies the tuning split best.
 */
export const SUFFICIENT_OVERALL = 0.6;
/**
 * …and none of what makes the story the candidate's — their own part, the outcome, the story
 * itself — left below this: a measured team result with no "I" in it still needs a follow-up.
 */
export const SUFFICIENT_FLOOR = 0.35;
const FLOORED: readonly Criterion[] = ['ownership', 'impact', 'structure'];
/**
 * The evaluation of an answer from its per-criterion scores: the weighted mean (no criterion
 * drags it to zero on its own), shrunk for an answer off the skill's topic; `sufficient` from
 * `SUFFICIENT_OVERALL` for an answer on topic whose own part, outcome and story are each at
 * least `SUFFICIENT_FLOOR`; otherwise the answer `needs_detail` and the deep dives aim at the
 * weakest criteria.
 */
export function aggregateEvaluation(criteria: readonly CriterionScore[], source: ProviderInfo): AnswerEvaluation {
  const weights = source.provider === 'offline' ? CRITERION_WEIGHTS : MODEL_CRITERION_WEIGHTS;
  const weighted = criteria.reduce((sum, item) => sum + weights[item.criterion] * item.score, 0);
  const totalWeight = criteria.reduce((sum, item) => sum + weights[item.criterion], 0);
  const relevance = criteria.find((item) => item.criterion === 'relevance')?.score ?? 1;
  // A story about something else answers nothing, however good: below ON_TOPIC_FROM the
  // score shrinks with relevance, to 0.5x for an answer with none of the skill's words.
  const onTopic = 0.5 + 0.5 * Math.min(1, relevance / ON_TOPIC_FROM);
  const overallScore = Math.round((totalWeight === 0 ? 0 : (weighted / totalWeight) * onTopic) * 100) / 100;
  return {
    criteria: [...criteria],
    overallScore,
    verdict: overallScore >= SUFFICIENT_OVERALL && relevance >= ON_TOPIC_FROM && criteria.every((item) => !FLOORED.includes(item.criterion) || item.score >= SUFFICIENT_FLOOR) ? 'sufficient' : 'needs_detail',
    source,
  };
}
