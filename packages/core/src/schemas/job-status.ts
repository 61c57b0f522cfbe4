import { z } from 'zod';
import { SafeId } from '../ids';

export const JobKind = z.enum(['document-parsing', 'gap-analysis', 'question-batch', 'question', 'evaluation']);
export type JobKind = z.infer<typeof JobKind>;

export const JobState = z.enum(['waiting', 'delayed', 'active', 'completed', 'failed']);
export type JobState = z.infer<typeof JobState>;

/** What `GET /v1/jobs/{id}` returns: enough to poll a job to its end. */
export const JobStatus = z.object({
  id: SafeId,
  kind: JobKind,
  sessionId: SafeId,
  state: JobState,
  attempts: z.number().int().min(0),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().optional(),
  /** What the job reported while running, e.g. `{ waitingForQuota: { model, waitMs } }`. */
  progress: z.record(z.string(), z.unknown()).optional(),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type JobStatus = z.infer<typeof JobStatus>;
