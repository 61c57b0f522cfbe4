import { z } from 'zod';
import { QuestionPlan, SafeId } from '@gapflow/core';

/** What the knowledge base said about a gap's skill, carried from the batch job to the child. */
export const RetrievedContext = z.object({
  id: z.string(),
  skill: z.string(),
  aliases: z.array(z.string()),
  mastery: z.string(),
  signals: z.array(z.string()),
  keywords: z.array(z.string()),
  questions: z.array(z.string()),
});
export type RetrievedContext = z.infer<typeof RetrievedContext>;

/** The W3C trace context of whoever enqueued the job, so the worker continues the trace. */
const TraceCarrier = z.object({ traceparent: z.string().max(128).optional(), tracestate: z.string().max(512).optional() }).optional();

const SessionRef = { sessionId: SafeId, tenantId: SafeId, trace: TraceCarrier };

/**
 * The payload of every job type, in one catalog. Jobs carry ids, never CV or answer text:
 * workers read the session from Redis, so job data (which BullMQ keeps and shows in tools)
 * holds nothing personal.
 */
export const JobPayloads = {
  /** The documents' text stays in the session; the job names the session only. */
  'document-parsing': z.object({ ...SessionRef }),
  /** `revision`: the correction to analyse; a job of an older revision finds the session moved on and does nothing. */
  'gap-analysis': z.object({ ...SessionRef, revision: z.number().int().min(1).optional() }),
  'question-batches': z.object({ ...SessionRef, groupId: SafeId, gapIds: z.array(SafeId).min(1).max(50) }),
  /** `plan`: the exemplar and angle the batch chose (absent in jobs of earlier versions). */
  questions: z.object({ ...SessionRef, groupId: SafeId, gapId: SafeId, context: RetrievedContext.nullable(), plan: QuestionPlan.optional() }),
  'question-groups': z.object({ ...SessionRef, groupId: SafeId, gapIds: z.array(SafeId) }),
  /** The answer text itself stays in the session's results, under `submissionId`. */
  evaluations: z.object({ ...SessionRef, questionId: SafeId, submissionId: SafeId }),
  maintenance: z.object({ ...SessionRef, contextCacheNames: z.array(z.string().max(200)).max(100) }),
} as const;

export type JobPayload<Q extends keyof typeof JobPayloads> = z.infer<(typeof JobPayloads)[Q]>;
