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

/** A CV or a job ad sent as text — pasted, or the text of a file — for gapflow to parse. */
export const DocumentTextInput = z.strictObject(
  {
    text: z
      .string({ error: 'text must be the document as text' })
      .trim()
      .min(1, { error: 'text must not be empty; paste the document' })
      .max(Limits.maxDocumentTextChars, { error: `text may hold at most ${Limits.maxDocumentTextChars.toLocaleString('en-US')} characters; send the document without attachments` }),
  },
  unknownFields,
);
export type DocumentTextInput = z.infer<typeof DocumentTextInput>;

/** True for `{ "text": … }`: a document for gapflow to parse, not an already parsed one. */
export function isDocumentTextInput(value: unknown): value is DocumentTextInput {
  return typeof value === 'object' && value !== null && 'text' in value;
}

/** Either form of a CV or JD in a request: parsed already, or `{ text }`; errors name the fields of the form sent. */
function parsedOrText<T extends z.ZodType>(parsed: T) {
  return z.unknown().transform((value, ctx): z.infer<T> | DocumentTextInput => {
    const result = (isDocumentTextInput(value) ? DocumentTextInput : parsed).safeParse(value);
    if (result.success) return result.data as z.infer<T> | DocumentTextInput;
    for (const issue of result.error.issues) ctx.issues.push({ ...issue, input: value } as (typeof ctx.issues)[number]);
    return z.NEVER;
  });
}

/** `POST /v1/sessions`. Without `gaps`, gap analysis computes them; a CV or JD given as `{ text }` is parsed first. */
export const CreateSessionRequest = z
  .strictObject({
    cv: parsedOrText(ParsedCV),
    jd: parsedOrText(ParsedJD),
    gaps: z
      .array(Gap, { error: 'gaps must be a list' })
      .max(Limits.maxGaps, {
        error: `a session may hold at most ${Limits.maxGaps} gaps; send the most important ones`,
      })
      .optional(),
  }, unknownFields)
  .superRefine((request, ctx) => {
    if (request.gaps && (isDocumentTextInput(request.cv) || isDocumentTextInput(request.jd))) {
      ctx.addIssue({ code: 'custom', path: ['gaps'], message: 'gaps can be given only with a parsed cv and jd; leave them out to have gapflow compute them once it has read the documents' });
    }
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

/**
 * The shape of `POST /v1/sessions` as a client sends it, for documentation (the OpenAPI
 * document) and for clients' types: each of `cv` and `jd` is the parsed form or `{ text }`.
 * `CreateSessionRequest` is what validates it, with errors that name the form sent.
 */
export const CreateSessionRequestShape = z.strictObject({
  cv: z.union([ParsedCV, DocumentTextInput]),
  jd: z.union([ParsedJD, DocumentTextInput]),
  gaps: z.array(Gap).max(Limits.maxGaps).optional(),
});
export type CreateSessionRequestShape = z.input<typeof CreateSessionRequestShape>;

/**
 * The revision a correction was made from (the session's `revision`, 0 before any): when given
 * and the session has moved on, the correction is refused rather than undo another one.
 */
const FromRevision = z.number({ error: 'fromRevision must be the revision GET showed (0 before any correction)' }).int().min(0).optional();

/**
 * `PATCH /v1/sessions/{id}`: a corrected CV and/or JD, in the parsed form (what `GET` shows, edited),
 * before any question is asked. Gap analysis runs again on them.
 */
export const CorrectSessionRequest = z
  .strictObject({
    cv: z.unknown().optional(),
    jd: z.unknown().optional(),
    fromRevision: z.unknown().optional(),
  }, unknownFields)
  .superRefine((request, ctx) => {
    if (request.cv === undefined && request.jd === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'send a corrected "cv", "jd" or both, in the parsed form GET /v1/sessions/{id} shows' });
    }
    for (const role of ['cv', 'jd'] as const) {
      if (isDocumentTextInput(request[role])) {
        ctx.addIssue({ code: 'custom', path: [role], message: `a correction is the parsed ${role} (GET the session, edit its "${role}", send it back); to parse another document, create a new session` });
      }
    }
  })
  .pipe(z.strictObject({ cv: ParsedCV.optional(), jd: ParsedJD.optional(), fromRevision: FromRevision }, unknownFields));
export type CorrectSessionRequest = z.infer<typeof CorrectSessionRequest>;

/** The shape of `PATCH /v1/sessions/{id}` as a client sends it, for the OpenAPI document and clients' types. */
export const CorrectSessionRequestShape = z.strictObject({ cv: ParsedCV.optional(), jd: ParsedJD.optional(), fromRevision: FromRevision });
export type CorrectSessionRequestShape = z.input<typeof CorrectSessionRequestShape>;

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
