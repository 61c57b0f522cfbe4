/**
 * Every BullMQ queue of gapflow. All share one prefix with a hash tag (REDIS_KEY_PREFIX,
 * `{gapflow}`, or a session's shard `{gapflow-i}` with QUEUE_SHARDS), so a flow's parent and
 * children sit in one Redis Cluster slot, as BullMQ requires.
 */
export const QUEUE_NAMES = {
  /** Parses the documents a session was created from; the child of its gap analysis in one flow. */
  documentParsing: 'document-parsing',
  /** Computes the gaps of a session created without them. */
  gapAnalysis: 'gap-analysis',
  /** One job per submitted batch: shared retrieval, then the fan-out. */
  questionBatches: 'question-batches',
  /** One job per gap: runs the question graph. */
  questions: 'questions',
  /** The parent of a batch's question jobs: runs once all of them have finished. */
  questionGroups: 'question-groups',
  /** One job per submitted answer or follow-up: runs (or resumes) the answer graph. */
  evaluations: 'evaluations',
  /** Clean-up outside Redis after an erasure: the session's Gemini context caches. */
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];
