import { z } from 'zod';

/** Every kind of event a session's stream carries, in the order a session meets them. */
export const SessionEventType = z.enum([
  'session.created',
  'documents.parsed',
  'session.corrected',
  'gaps.ready',
  'question.ready',
  'group.completed',
  'job.failed',
  'evaluation.ready',
  'deepdive.ready',
  'answer.delta',
  'answer.restarted',
  'answer.completed',
  'session.erased',
]);
export type SessionEventType = z.infer<typeof SessionEventType>;

/**
 * One event of a session, as stored in its Redis stream and sent as Server-Sent Events. The
 * `id` is the stream id, which a reconnecting client sends back as `Last-Event-ID`.
 */
export const SessionEvent = z.object({
  id: z.string().regex(/^\d+-\d+$/),
  type: SessionEventType,
  data: z.unknown(),
  at: z.iso.datetime(),
});
export type SessionEvent = z.infer<typeof SessionEvent>;
