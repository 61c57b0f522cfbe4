import { createHash } from 'node:crypto';
import { newId } from '@gapflow/core';

/**
 * Job ids are derived, not random, so that a retried batch adds the same children (BullMQ
 * ignores an add whose id exists) and the gateway can name every job of a group before the
 * batch job has created them. BullMQ forbids ':' in custom ids; these use '-'. A job id is at
 * most 4 + 32 + 3 + 64 = 103 characters (a group id, `-q-`, a gap id).
 */
export const JobIds = {
  /** A new group, or — for a repeated `Idempotency-Key` — the same group as before. */
  group(sessionId: string, idempotencyKey?: string): string {
    if (!idempotencyKey) return newId('grp');
    return `grp_${createHash('sha256').update(sessionId).update('\u0000').update(idempotencyKey).digest('hex').slice(0, 32)}`;
  },
  batch(groupId: string): string {
    return `${groupId}-batch`;
  },
  question(groupId: string, gapId: string): string {
    return `${groupId}-q-${gapId}`;
  },
  groupCompletion(groupId: string): string {
    return `${groupId}-done`;
  },
  /** Submission ids are unique on their own; the session is in the job's data. */
  evaluation(submissionId: string): string {
    return `${submissionId}-eval`;
  },
  /** Each correction of a session (`revision`) has its own gap analysis: the earlier job id may still exist. */
  gapAnalysis(sessionId: string, revision?: number): string {
    return revision === undefined ? `${sessionId}-gaps` : `${sessionId}-gaps-r${revision}`;
  },
  documentParsing(sessionId: string): string {
    return `${sessionId}-parse`;
  },
} as const;
