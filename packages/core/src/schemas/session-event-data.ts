import { z } from 'zod';
import { SafeId } from '../ids';
import { DeepDivePrompt } from './deep-dive';
import { AnswerEvaluation } from './evaluation';
import { Gap } from './gap';
import { GeneratedAnswer } from './generated-answer';
import { Question } from './question';
import { StoryConclusion } from './question-progress';
import { FailedGap, SessionStatus } from './session';
import { ParseReport } from './session-documents';
import type { SessionEventType } from './session-event';

const GroupId = z.string().min(1);
const Round = z.number().int().min(0);
/** Attempts at a final answer count from 1; a restart announces the next one. */
const Attempt = z.number().int().min(1);

/**
 * What each type of session event carries in its `data`: the contract of the event stream,
 * which `@gapflow/client` checks every event against. Fields a newer server adds are
 * dropped by the check, never refused, so an older client keeps working.
 */
export const SessionEventData = {
  'session.created': z.object({ status: SessionStatus }),
  /** The session's documents were parsed: each one's report (confidence per field, warnings). */
  'documents.parsed': z.object({ cv: ParseReport.optional(), jd: ParseReport.optional() }),
  /** The CV and/or JD were corrected (`PATCH`): gap analysis runs again, and a `gaps.ready` of this revision follows. */
  'session.corrected': z.object({ revision: z.number().int().min(1), corrected: z.array(z.enum(['cv', 'jd'])) }),
  /** `revision`: the correction these gaps were computed from, 0 for the session's first gaps (absent in events of older versions). */
  'gaps.ready': z.object({ gaps: z.array(Gap), revision: z.number().int().min(0).optional() }),
  'question.ready': z.object({ groupId: GroupId, gapId: SafeId, question: Question }),
  'group.completed': z.object({ groupId: GroupId, completed: z.array(SafeId), failed: z.array(FailedGap) }),
  /** A question job (with `groupId` and `gapId`) or an answer's evaluation (with `questionId`) that failed for good. */
  'job.failed': z.object({
    jobId: z.string().min(1),
    code: z.string(),
    message: z.string(),
    groupId: GroupId.optional(),
    gapId: SafeId.optional(),
    questionId: SafeId.optional(),
  }),
  'evaluation.ready': z.object({ questionId: SafeId, round: Round, evaluation: AnswerEvaluation }),
  'deepdive.ready': z.object({ questionId: SafeId, round: Round, prompts: z.array(DeepDivePrompt) }),
  'answer.delta': z.object({ questionId: SafeId, attempt: Attempt, index: z.number().int().min(0), chunk: z.string() }),
  'answer.restarted': z.object({ questionId: SafeId, attempt: Attempt, reason: z.string() }),
  /**
   * `attempt`: the attempt whose `answer.delta` chunks this answer completes, when the run that
   * finished it streamed it. Two runs of one job can stream at once (a lock lapsed in a
   * failover); the answer is the one whose run saved first, and a client keeps that attempt's
   * text, whatever later attempt streamed. Absent, the last attempt's chunks are the answer.
   * `conclusion`: why the follow-ups ended (absent in events of earlier versions).
   */
  'answer.completed': z.object({ questionId: SafeId, answer: GeneratedAnswer, attempt: Attempt.optional(), conclusion: StoryConclusion.optional() }),
  'session.erased': z.object({}),
} satisfies Record<SessionEventType, z.ZodType>;

/** The `data` of an event of type `T`. */
export type SessionEventDataOf<T extends SessionEventType> = z.infer<(typeof SessionEventData)[T]>;

/** A session event whose `data` is typed by its `type`: narrow on `event.type`. */
export type TypedSessionEvent = {
  [T in SessionEventType]: { id: string; type: T; at: string; data: SessionEventDataOf<T> };
}[SessionEventType];
