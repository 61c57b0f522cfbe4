import { FlowProducer, Queue, type Job } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import type { JobKind, JobStatus, QuestionPlan } from '@gapflow/core';
import { currentTraceCarrier } from '@gapflow/observability';
import { JobIds } from './job-ids';
import { jobFailureOf } from './job-failure';
import type { JobPayload, RetrievedContext } from './job-payloads';
import { jobPolicy, type JobPolicyOptions } from './job-policy';
import { QUEUE_NAMES, type QueueName } from './queue-names';
import { consumedQueuePrefixes, queueShardPrefixes, shardOfSession } from './queue-shards';

export interface GapflowQueuesOptions {
  /** A connection for producing; BullMQ shares it between the queues. */
  connection: Redis | Cluster;
  /** REDIS_KEY_PREFIX, a hash tag such as `{gapflow}`, the same for every Queue and Worker. */
  prefix: string;
  /** QUEUE_SHARDS: sessions spread over this many prefixes (`{gapflow-0}` …); 1 keeps `prefix`. Default: 1. */
  shards?: number;
  policy?: JobPolicyOptions;
}

const KIND_OF_QUEUE: Record<QueueName, JobKind> = {
  'document-parsing': 'document-parsing',
  'gap-analysis': 'gap-analysis',
  'question-batches': 'question-batch',
  questions: 'question',
  'question-groups': 'question-batch',
  evaluations: 'evaluation',
  maintenance: 'gap-analysis',
};

/** Which queue a derived job id belongs to. */
export function queueOfJobId(jobId: string): QueueName | undefined {
  if (/-q-[A-Za-z0-9_-]+$/.test(jobId)) return QUEUE_NAMES.questions;
  if (jobId.endsWith('-batch')) return QUEUE_NAMES.questionBatches;
  if (jobId.endsWith('-done')) return QUEUE_NAMES.questionGroups;
  if (/-gaps(-r\d+)?$/.test(jobId)) return QUEUE_NAMES.gapAnalysis;
  if (jobId.endsWith('-parse')) return QUEUE_NAMES.documentParsing;
  if (jobId.endsWith('-eval')) return QUEUE_NAMES.evaluations;
  return undefined;
}

function toJobState(state: string): JobStatus['state'] {
  switch (state) {
    case 'completed':
    case 'failed':
    case 'active':
    case 'delayed':
      return state;
    case 'waiting-children':
      return 'active';
    default:
      return 'waiting';
  }
}

/**
 * The producing side of gapflow's queues: what the gateway enqueues and what a batch job fans
 * out, with one job policy (retries with exponential backoff and jitter).
 *
 * @example
 * const queues = new GapflowQueues({ connection, prefix: '{gapflow}' });
 * await queues.submitQuestionBatch({ sessionId, tenantId, groupId, gapIds });
 */
export class GapflowQueues {
  private readonly queues = new Map<string, Queue>();
  private readonly flowProducers = new Map<string, FlowProducer>();
  private readonly options: GapflowQueuesOptions;
  /** Where new jobs go: one prefix per shard. */
  readonly shardPrefixes: readonly string[];
  /** What workers consume and lookups search: the shards and, when sharded, the base prefix. */
  readonly prefixes: readonly string[];

  constructor(options: GapflowQueuesOptions) {
    this.options = options;
    this.shardPrefixes = queueShardPrefixes(options.prefix, options.shards ?? 1);
    this.prefixes = consumedQueuePrefixes(options.prefix, options.shards ?? 1);
  }

  /** A queue on one prefix (the first shard unless named). */
  queue(name: QueueName, prefix: string = this.shardPrefixes[0] ?? this.options.prefix): Queue {
    const key = `${prefix}\u0000${name}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new Queue(name, { connection: this.options.connection, prefix, defaultJobOptions: jobPolicy(this.options.policy) });
      this.queues.set(key, queue);
    }
    return queue;
  }

  /**
   * The prefix of the session's shard: every job of the session goes there. A session created
   * under another QUEUE_SHARDS keeps the prefix it was given (`pinned`, its `queuePrefix`)
   * while workers still consume it; a new session gets a stable hash of its id mod N.
   */
  prefixOfSession(sessionId: string, pinned?: string): string {
    if (pinned !== undefined && this.prefixes.includes(pinned)) return pinned;
    const prefix = this.shardPrefixes[shardOfSession(sessionId, this.shardPrefixes.length)];
    if (!prefix) throw new Error('no queue shard');
    return prefix;
  }

  private sessionQueue(name: QueueName, sessionId: string, pinned: string | undefined): Queue {
    return this.queue(name, this.prefixOfSession(sessionId, pinned));
  }

  /** The job and the queue that holds it, searching every prefix (N is small: no index needed). */
  private async findJob(name: QueueName, jobId: string): Promise<{ queue: Queue; job: Job } | undefined> {
    for (const prefix of this.prefixes) {
      const queue = this.queue(name, prefix);
      const job = (await queue.getJob(jobId)) as Job | undefined;
      if (job) return { queue, job };
    }
    return undefined;
  }

  async enqueueGapAnalysis(payload: JobPayload<'gap-analysis'>, queuePrefix?: string): Promise<string> {
    const jobId = JobIds.gapAnalysis(payload.sessionId, payload.revision);
    await this.sessionQueue(QUEUE_NAMES.gapAnalysis, payload.sessionId, queuePrefix).add('analyze', { ...payload, trace: currentTraceCarrier() }, { jobId });
    return jobId;
  }

  /**
   * A session created from documents: its gap analysis runs once the parse job under it, in
   * one flow, has turned the documents into a CV and a JD. A parse that fails for good fails the
   * gap analysis too (it has nothing to analyse). Returns both job ids, parse first.
   */
  async enqueueDocumentParsing(payload: JobPayload<'document-parsing'>, queuePrefix?: string): Promise<{ parseJobId: string; gapAnalysisJobId: string }> {
    const prefix = this.prefixOfSession(payload.sessionId, queuePrefix);
    const policy = jobPolicy(this.options.policy);
    const trace = currentTraceCarrier();
    const parseJobId = JobIds.documentParsing(payload.sessionId);
    const gapAnalysisJobId = JobIds.gapAnalysis(payload.sessionId);
    await this.flowProducerOf(prefix).add({
      name: 'analyze',
      queueName: QUEUE_NAMES.gapAnalysis,
      data: { sessionId: payload.sessionId, tenantId: payload.tenantId, trace } satisfies JobPayload<'gap-analysis'>,
      opts: { ...policy, jobId: gapAnalysisJobId },
      children: [
        {
          name: 'parse',
          queueName: QUEUE_NAMES.documentParsing,
          data: { sessionId: payload.sessionId, tenantId: payload.tenantId, trace } satisfies JobPayload<'document-parsing'>,
          opts: { ...policy, jobId: parseJobId, failParentOnFailure: true },
        },
      ],
    });
    return { parseJobId, gapAnalysisJobId };
  }

  async enqueueEvaluation(payload: JobPayload<'evaluations'>, queuePrefix?: string): Promise<string> {
    const jobId = JobIds.evaluation(payload.submissionId);
    await this.sessionQueue(QUEUE_NAMES.evaluations, payload.sessionId, queuePrefix).add('evaluate', { ...payload, trace: currentTraceCarrier() }, { jobId });
    return jobId;
  }

  /** Deletes what an erased session left outside Redis; the job names caches, never text. */
  async enqueueCleanup(payload: JobPayload<'maintenance'>, queuePrefix?: string): Promise<void> {
    await this.sessionQueue(QUEUE_NAMES.maintenance, payload.sessionId, queuePrefix).add('cleanup', { ...payload, trace: currentTraceCarrier() });
  }

  /** Adds the batch job; repeated with the same group id, it adds nothing. */
  async submitQuestionBatch(payload: JobPayload<'question-batches'>, queuePrefix?: string): Promise<{ batchJobId: string; jobs: { jobId: string; gapId: string }[] }> {
    const batchJobId = JobIds.batch(payload.groupId);
    await this.sessionQueue(QUEUE_NAMES.questionBatches, payload.sessionId, queuePrefix).add('batch', { ...payload, trace: currentTraceCarrier() }, { jobId: batchJobId });
    return { batchJobId, jobs: payload.gapIds.map((gapId) => ({ jobId: JobIds.question(payload.groupId, gapId), gapId })) };
  }

  /**
   * The fan-out: one question job per gap, each carrying its retrieved context and the
   * exemplar and angle planned for it (`plans`, see planQuestions), under a
   * parent that runs when all of them have finished. A child that fails for good is moved to
   * the parent's failed dependencies (`ignoreDependencyOnFailure`) instead of leaving the
   * parent in `waiting-children` forever, which is BullMQ's default. The whole flow goes to
   * the session's shard: parent and children share one hash tag, or a cluster answers
   * CROSSSLOT (taskforcesh/bullmq#2589). `queuePrefix` is the batch job's own prefix, so the
   * flow stays on the shard the batch was queued on.
   */
  async fanOutQuestions(batch: JobPayload<'question-batches'>, contexts: ReadonlyMap<string, RetrievedContext | null>, queuePrefix?: string, plans: ReadonlyMap<string, QuestionPlan> = new Map()): Promise<void> {
    const { sessionId, tenantId, groupId, gapIds } = batch;
    const prefix = this.prefixOfSession(sessionId, queuePrefix);
    const flowProducer = this.flowProducerOf(prefix);
    const policy = jobPolicy(this.options.policy);
    // The batch job's span is active here: the group and every child continue its trace.
    const trace = currentTraceCarrier();
    await flowProducer.add({
      name: 'group',
      queueName: QUEUE_NAMES.questionGroups,
      data: { sessionId, tenantId, groupId, gapIds, trace } satisfies JobPayload<'question-groups'>,
      opts: { ...policy, jobId: JobIds.groupCompletion(groupId) },
      children: gapIds.map((gapId) => ({
        name: 'question',
        queueName: QUEUE_NAMES.questions,
        data: { sessionId, tenantId, groupId, gapId, context: contexts.get(gapId) ?? null, ...(plans.has(gapId) ? { plan: plans.get(gapId) } : {}), trace } satisfies JobPayload<'questions'>,
        opts: { ...policy, jobId: JobIds.question(groupId, gapId), ignoreDependencyOnFailure: true },
      })),
    });
  }

  private flowProducerOf(prefix: string): FlowProducer {
    let flowProducer = this.flowProducers.get(prefix);
    if (!flowProducer) {
      flowProducer = new FlowProducer({ connection: this.options.connection, prefix });
      this.flowProducers.set(prefix, flowProducer);
    }
    return flowProducer;
  }

  /**
   * The status of a job for its tenant; `undefined` when there is no such job or it belongs
   * to another tenant. A question job not yet created by its batch reads as `waiting`.
   */
  async jobStatus(jobId: string, tenantId: string): Promise<JobStatus | undefined> {
    const queueName = queueOfJobId(jobId);
    if (!queueName) return undefined;
    const found = await this.findJob(queueName, jobId);
    if (!found) return this.pendingChildStatus(jobId, queueName, tenantId);
    // The state, then the job again: a job read before it failed and its state read after
    // would say 'failed' without the failure reason.
    const rawState = await found.queue.getJobState(jobId);
    const job = ((await found.queue.getJob(jobId)) as Job | undefined) ?? found.job;
    const data = job.data as { sessionId?: string; tenantId?: string };
    if (data.tenantId !== tenantId || !data.sessionId) return undefined;
    const state = toJobState(rawState);
    return {
      id: jobId,
      kind: KIND_OF_QUEUE[queueName],
      sessionId: data.sessionId,
      state,
      attempts: job.attemptsMade,
      createdAt: new Date(job.timestamp).toISOString(),
      ...(job.progress && typeof job.progress === 'object' ? { progress: job.progress as Record<string, unknown> } : {}),
      ...(job.finishedOn ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
      ...(state === 'completed' ? { result: job.returnvalue } : {}),
      ...(state === 'failed' ? { error: jobFailureOf(job.failedReason) } : {}),
    };
  }

  private async pendingChildStatus(jobId: string, queueName: QueueName, tenantId: string): Promise<JobStatus | undefined> {
    if (queueName !== QUEUE_NAMES.questions) return undefined;
    const groupId = jobId.slice(0, jobId.indexOf('-q-'));
    const batch = (await this.findJob(QUEUE_NAMES.questionBatches, JobIds.batch(groupId)))?.job;
    const data = batch?.data as JobPayload<'question-batches'> | undefined;
    if (!batch || !data || data.tenantId !== tenantId || !data.gapIds.some((gapId) => JobIds.question(groupId, gapId) === jobId)) return undefined;
    return { id: jobId, kind: 'question', sessionId: data.sessionId, state: 'waiting', attempts: 0, createdAt: new Date(batch.timestamp).toISOString() };
  }

  /** Removes every job of a session (its data may name its gaps), for erasure. */
  async removeJobs(jobIds: readonly string[]): Promise<number> {
    let removed = 0;
    for (const jobId of jobIds) {
      const queueName = queueOfJobId(jobId);
      if (!queueName) continue;
      // Every prefix: a session's jobs from before a change of QUEUE_SHARDS may sit elsewhere.
      for (const prefix of this.prefixes) {
        const job = await this.queue(queueName, prefix).getJob(jobId);
        if (job) {
          await job.remove({ removeChildren: true }).catch(() => undefined);
          removed += 1;
        }
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await Promise.all([...this.flowProducers.values()].map((producer) => producer.close()));
  }
}
