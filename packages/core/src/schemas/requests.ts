import { z } from 'zod';
import { Limits, utf8ByteLength } from '../limits';
import { SafeId } from '../ids';
import { Gap } from './gap';
import { ParsedCV } from './parsed-cv';
import { ParsedJD } from './parsed-jd';

/**
 * A request body refuses fields it does not know, naming them: a misspelt optional field
 * (`gapids`) would otherwise be dropped silently and the request do something else.
 */
const unknownFields = {
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' ? `unknown field${issue.keys?.length === 1 ? '' : 's'} ${(issue.keys ?? []).map((key) => `"${key}"`).join(', ')}; check the spelling against the API documentation` : undefined,
};

/** `POST /v1/sessions`. Without `gaps`, gap analysis computes them. */
export const CreateSessionRequest = z
  .strictObject({
    cv: ParsedCV,
    jd: ParsedJD,
    gaps: z
      .array(Gap, { error: 'gaps must be a list' })
      .max(Limits.maxGaps, {
        error: `a session may hold at most ${Limits.maxGaps} gaps; send the most important ones`,
      })
      .optional(),
  }, unknownFields)
  .superRefine((request, ctx) => {
    const seen = new Set<string>();
    request.gaps?.forEach((gap, index) => {
      if (seen.has(gap.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['gaps', index, 'id'],
          message: `gap id "${gap.id}" appears twice; every gap needs its own id`,
        });
      }
      seen.add(gap.id);
    });
  });
export type CreateSessionRequest = z.infer<typeof CreateSessionRequest>;

/** `POST /v1/sessions/{id}/questions`. Without `gapIds`: every critical and important gap. */
export const SubmitQuestionsRequest = z.strictObject({
  gapIds: z
    .array(SafeId, { error: 'gapIds must be a list of gap ids' })
    .min(1, { error: 'gapIds must name at least one gap, or be left out to ask about every critical and important gap' })
    .max(Limits.maxGaps, { error: `gapIds may name at most ${Limits.maxGaps} gaps` })
    .optional(),
}, unknownFields);
export type SubmitQuestionsRequest = z.infer<typeof SubmitQuestionsRequest>;

/** The candidate's answer, or a follow-up to deep-dive prompts. */
export const AnswerText = z
  .string({ error: 'text must be the answer as text' })
  .trim()
  .min(1, { error: 'text must not be empty' })
  .refine((text) => utf8ByteLength(text) <= Limits.maxAnswerBytes, {
    error: `an answer may be at most ${Limits.maxAnswerBytes.toLocaleString('en-US')} bytes; shorten it to the story that matters`,
  });

/** `POST /v1/sessions/{id}/questions/{qid}/answers`. */
export const SubmitAnswerRequest = z.strictObject({ text: AnswerText }, unknownFields);
export type SubmitAnswerRequest = z.infer<typeof SubmitAnswerRequest>;
