import { z } from 'zod';
import { ProviderInfo } from './provider';

/** The criteria every answer is scored on, each independently and in parallel. */
export const Criterion = z.enum(['relevance', 'specificity', 'structure', 'ownership', 'impact']);
export type Criterion = z.infer<typeof Criterion>;
export const CRITERIA: readonly Criterion[] = Criterion.options;

export const Score = z.number().min(0).max(1);

export const CriterionScore = z.object({
  criterion: Criterion,
  score: Score,
  /** One sentence the candidate can act on. */
  feedback: z.string(),
  /** Short quotes from the answer that the score rests on. */
  quotes: z.array(z.string()),
});
export type CriterionScore = z.infer<typeof CriterionScore>;

export const Verdict = z.enum(['sufficient', 'needs_detail']);
export type Verdict = z.infer<typeof Verdict>;

export const AnswerEvaluation = z.object({
  criteria: z.array(CriterionScore),
  overallScore: Score,
  verdict: Verdict,
  source: ProviderInfo,
});
export type AnswerEvaluation = z.infer<typeof AnswerEvaluation>;
