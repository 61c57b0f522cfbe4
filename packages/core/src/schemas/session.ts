import { z } from 'zod';
import { GapflowError } from '../errors/gapflow-error';
import { Limits } from '../limits';
import { SafeId } from '../ids';
import { Gap } from './gap';
import { ParsedCV } from './parsed-cv';
import { ParsedJD } from './parsed-jd';
import { SessionDocuments } from './session-documents';
import { Question } from './question';
import { QuestionProgress } from './question-progress';

export const SessionStatus = z.enum([
  /** The CV or job ad came as a document; a parse job is turning it into ParsedCV / ParsedJD. */
  'parsing',
  /** Gap analysis is running. */
  'analyzing',
  /** Gaps are known; no questions asked yet. */
  'ready',
  /** A batch of questions is being generated. */
  'questioning',
  /** Questions exist; answers are being taken. */
  'interviewing',
  'completed',
  'failed',
]);
export type SessionStatus = z.infer<typeof SessionStatus>;

/** A gap whose question could not be produced, with a reason a person can act on. */
export const FailedGap = z.object({
  gapId: SafeId,
  code: z.string(),
  message: z.string(),
});
export type FailedGap = z.infer<typeof FailedGap>;

/** One interview: the documents, the gaps between them and the questions asked so far. */
export const Session = z.object({
  id: SafeId,
  tenantId: SafeId,
  status: SessionStatus,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /**
   * Absent while the session is `parsing` (its documents are not parsed yet), and in the API's
   * summary (`GET /v1/sessions/{id}` without `?include=documents`); read them through `parsedDocumentsOf`.
   */
  cv: ParsedCV.optional(),
  jd: ParsedJD.optional(),
  /** The documents the session was created from, as text, with their parse reports (in the API, with `?include=documents` only). */
  documents: SessionDocuments.optional(),
  /** Why a `failed` session failed, as its `job.failed` event said: for a client that polls instead of following events. */
  failure: z.object({ code: z.string(), message: z.string() }).optional(),
  /** How many times the CV or JD was corrected (`PATCH`): 0 before the first correction (absent in the stored record until then). */
  revision: z.number().int().min(0).optional(),
  gaps: z.array(Gap).max(Limits.maxGaps),
  questions: z.array(Question),
  failedGaps: z.array(FailedGap),
  /** What happened to each answered question; filled in when the session is read. */
  answers: z.array(QuestionProgress).default([]),
  /**
   * The BullMQ prefix (queue shard) chosen when the session was created: its jobs stay there
   * when QUEUE_SHARDS changes later. Internal; not part of the API's answers.
   */
  queuePrefix: z
    .string()
    .regex(/^\{[A-Za-z0-9_-]+\}$/)
    .optional(),
  /** The hash of the candidate link's secret (the link itself is shown once, at creation). Internal; not part of the API's answers. */
  candidateTokenHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type Session = z.infer<typeof Session>;

/** A session's parsed CV and JD; `CONFLICT` while its documents are still being parsed. */
export function parsedDocumentsOf(session: Session): { cv: ParsedCV; jd: ParsedJD } {
  if (!session.cv || !session.jd) {
    throw new GapflowError('CONFLICT', `The CV and job description of session ${session.id} are still being parsed. Wait for the documents.parsed event, then try again.`);
  }
  return { cv: session.cv, jd: session.jd };
}
