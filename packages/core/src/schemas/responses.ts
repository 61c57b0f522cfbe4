import { z } from 'zod';
import { SafeId } from '../ids';
import { Gap } from './gap';
import { SessionStatus } from './session';

/** Job ids carry their group's id, so they are longer than other ids (see `GET /v1/jobs/{id}`). */
const JobId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,159}$/);

/** `201` of `POST /v1/sessions`: the gaps as sent, or the job that computes them. */
export const CreatedSession = z.object({
  id: SafeId,
  status: SessionStatus,
  gaps: z.array(Gap).optional(),
  gapAnalysisJobId: JobId.optional(),
  /** For a session created from documents: the job that parses them (gap analysis follows it). */
  parseJobId: JobId.optional(),
  /**
   * The candidate's link to this one session, shown only here: send the candidate
   * `/s/{id}#token=<candidateToken>`. Accepted as `Authorization: Bearer` on this session's
   * endpoints (and as `?token=` on its events), until the session expires or is erased.
   */
  // (Optional to a client: a gateway older than candidate links, met during a rolling deploy, sends none.)
  candidateToken: z
    .string()
    .regex(/^gfc\.[A-Za-z0-9_]+\.[A-Za-z0-9_-]{43}$/)
    .optional(),
});
export type CreatedSession = z.infer<typeof CreatedSession>;

/** `202` of `PATCH /v1/sessions/{id}`: the correction's revision and the gap analysis that runs on it. */
export const CorrectedSession = z.object({
  id: SafeId,
  status: SessionStatus,
  revision: z.number().int().min(1),
  gapAnalysisJobId: JobId,
});
export type CorrectedSession = z.infer<typeof CorrectedSession>;

/** `202` of `POST /v1/sessions/{id}/questions`: the group and one job per gap. */
export const SubmittedQuestionGroup = z.object({
  groupId: JobId,
  jobs: z.array(z.object({ jobId: JobId, gapId: SafeId })),
});
export type SubmittedQuestionGroup = z.infer<typeof SubmittedQuestionGroup>;

/** `202` of `POST /v1/sessions/{id}/questions/{qid}/answers`: the evaluation's job. */
export const AcceptedAnswer = z.object({ jobId: JobId });
export type AcceptedAnswer = z.infer<typeof AcceptedAnswer>;

/** The body of every error response (see docs/errors.md). */
export const ErrorResponseBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorResponseBody = z.infer<typeof ErrorResponseBody>;

/** One session of `GET /v1/sessions`: enough to find it again, nothing personal (no CV, no answers). */
export const SessionListItem = z.object({
  id: SafeId,
  status: SessionStatus,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** The job ad's title, once it is read. */
  jobTitle: z.string().optional(),
  gaps: z.number().int().min(0),
});
export type SessionListItem = z.infer<typeof SessionListItem>;

/** `GET /v1/sessions`: a page of the tenant's sessions, newest first; `nextCursor` while there may be more. */
export const SessionList = z.object({
  sessions: z.array(SessionListItem),
  nextCursor: z.string().optional(),
});
export type SessionList = z.infer<typeof SessionList>;
