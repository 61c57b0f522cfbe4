import { z } from 'zod';
import { SafeId } from '../ids';
import { ProviderInfo } from './provider';
import { Severity } from './gap';

/** A probing question generated for one gap. */
export const Question = z.object({
  id: SafeId,
  gapId: SafeId,
  skill: z.string(),
  severity: Severity,
  text: z.string().min(1),
  /** What a strong answer contains; shown to reviewers, used by the evaluator. */
  signals: z.array(z.string()),
  /** The knowledge-base entry the question was grounded in, when retrieval found one. */
  knowledgeId: z.string().optional(),
  source: ProviderInfo,
});
export type Question = z.infer<typeof Question>;
