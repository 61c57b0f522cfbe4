import { z } from 'zod';
import { Criterion } from '@gapflow/core';
import type { CriterionTask, DeepDiveTask, DocumentTask, QuestionTask } from './tasks';

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

/** Text copied from the document, or "" when the document has none. */
const Copied = (max: number) => z.string().max(max);
/** A month or year as the document gives it, as `2021`, `2021-04` or `present`; "" when it gives none. */
const CopiedDate = z.string().max(10);

/**
 * A CV as a model extracts it from its text: every string copied from the document, "" for
 * what it lacks. gapflow checks each item against the text before it becomes a `ParsedCV`.
 */
export const CvExtraction = z.object({
  name: Copied(200),
  headline: Copied(300),
  summary: Copied(2_000),
  skills: z.array(z.object({ name: Copied(100), years: z.number().min(0).max(60).nullable() })).max(100),
  experience: z
    .array(z.object({ title: Copied(200), company: Copied(200), start: CopiedDate, end: CopiedDate, highlights: z.array(Copied(1_000)).max(30) }))
    .max(40),
  education: z.array(z.object({ institution: Copied(200), degree: Copied(200), field: Copied(200), end: CopiedDate })).max(20),
  certifications: z.array(Copied(200)).max(50),
});
export type CvExtraction = z.infer<typeof CvExtraction>;

/** A job ad as a model extracts it: checked against the text like a CV's extraction. */
export const JdExtraction = z.object({
  title: Copied(200),
  company: Copied(200),
  seniority: z.enum(['junior', 'mid', 'senior', 'lead']).nullable(),
  requirements: z
    .array(z.object({ skill: Copied(100), importance: z.enum(['must', 'should', 'nice']), years: z.number().min(0).max(60).nullable() }))
    .max(100),
  responsibilities: z.array(Copied(1_000)).max(50),
});
export type JdExtraction = z.infer<typeof JdExtraction>;

/**
 * Every structured call a model answers: its input and the zod schema of its output. The
 * schema is what a remote model is asked to produce and what its reply is validated with.
 */
export const OUTPUT_SCHEMAS = {
  question: QuestionDraft,
  criterion: CriterionDraft,
  deepDive: DeepDiveDraft,
  cvExtraction: CvExtraction,
  jdExtraction: JdExtraction,
} as const;

export interface CallInputs {
  question: QuestionTask;
  criterion: CriterionTask;
  deepDive: DeepDiveTask;
  cvExtraction: DocumentTask;
  jdExtraction: DocumentTask;
}

export type StructuredKind = keyof typeof OUTPUT_SCHEMAS;
export type CallOutput<K extends StructuredKind> = z.infer<(typeof OUTPUT_SCHEMAS)[K]>;
