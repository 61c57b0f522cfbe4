import { z } from 'zod';
import { Criterion } from '@gapflow/core';
import type { CriterionTask, DeepDiveTask, QuestionTask } from './tasks';

/** A question as a model writes it, before gapflow adds ids and provenance. */
export const QuestionDraft = z.object({
  text: z.string().min(10).max(1_000),
  /** What a strong answer contains. */
  signals: z.array(z.string()).max(8),
});
export type QuestionDraft = z.infer<typeof QuestionDraft>;

/** One criterion's score as a model writes it. */
export const CriterionDraft = z.object({
  score: z.number().min(0).max(1),
  feedback: z.string().min(1).max(500),
  /** Short quotes from the answer that the score rests on. */
  quotes: z.array(z.string().max(300)).max(4),
});
export type CriterionDraft = z.infer<typeof CriterionDraft>;

export const DeepDiveDraft = z.object({
  prompts: z
    .array(z.object({ criterion: Criterion, text: z.string().min(10).max(500) }))
    .min(1)
    .max(3),
});
export type DeepDiveDraft = z.infer<typeof DeepDiveDraft>;

/**
 * Every structured call a model answers: its input and the zod schema of its output. The
 * schema is what a remote model is asked to produce and what its reply is validated with.
 */
export const OUTPUT_SCHEMAS = {
  question: QuestionDraft,
  criterion: CriterionDraft,
  deepDive: DeepDiveDraft,
} as const;

export interface CallInputs {
  question: QuestionTask;
  criterion: CriterionTask;
  deepDive: DeepDiveTask;
}

export type StructuredKind = keyof typeof OUTPUT_SCHEMAS;
export type CallOutput<K extends StructuredKind> = z.infer<(typeof OUTPUT_SCHEMAS)[K]>;
