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

/**
 * A CV as a model extracts it from its text: every string copied from the document, "" for
 * what it lacks. gapflow checks each item against the text before it becomes a `ParsedCV`, and
 * clips it to ParsedCV's limits there. No length or count bounds here: Gemini refuses a schema
 * whose bounds, nested, make "too many states for serving" (400 INVALID_ARGUMENT;
 * googleapis/python-genai#660), and a document's lists are as long as the document.
 */
export const CvExtraction = z.object({
  name: z.string(),
  headline: z.string(),
  summary: z.string(),
  skills: z.array(z.object({ name: z.string(), years: z.number().nullable() })),
  experience: z.array(z.object({ title: z.string(), company: z.string(), start: z.string(), end: z.string(), highlights: z.array(z.string()) })),
  education: z.array(z.object({ institution: z.string(), degree: z.string(), field: z.string(), end: z.string() })),
  certifications: z.array(z.string()),
});
export type CvExtraction = z.infer<typeof CvExtraction>;

/** A job ad as a model extracts it: checked against the text like a CV's extraction. */
export const JdExtraction = z.object({
  title: z.string(),
  company: z.string(),
  seniority: z.enum(['junior', 'mid', 'senior', 'lead']).nullable(),
  requirements: z.array(z.object({ skill: z.string(), importance: z.enum(['must', 'should', 'nice']), years: z.number().nullable() })),
  responsibilities: z.array(z.string()),
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
