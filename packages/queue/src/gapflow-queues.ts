import { FlowProducer, Queue, type Job } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import type { JobKind, JobStatus } from '@gapflow/core';
import { currentTraceCarrier } from '@gapflow/observability';
import { JobIds } from './job-ids';
import type { JobPayload, RetrievedContext } from './job-payloads';
import { jobPolicy, type JobPolicyOptions } from './job-policy';
import { QUEUE_NAMES, type QueueName } from './queue-names';

export interface GapflowQueuesOptions {
  /** A connection for producing; BullMQ shares it between the queues. */
  connection: Redis | Cluster;
  /** REDIS_KEY_PREFIX, a hash tag such as `{gapflow}`, the same for every Queue and Worker. */
  prefix: string;
  policy?: JobPolicyOptions;
}

const KIND_OF_QUEUE: Record<QueueName, JobKind> = {
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
  if (jobId.endsWith('-gaps')) return QUEUE_NAMES.gapAnalysis;
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
  private readonly queues = new Map<QueueName, Queue>();
  private flowProducer: FlowProducer | undefined;
  private readonly options: GapflowQueuesOptions;

  constructor(options: GapflowQueuesOptions) {
    this.options = options;
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.options.connection, prefix: this.options.prefix, defaultJobOptions: jobPolicy(this.options.policy) });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueueGapAnalysis(payload: JobPayload<'gap-analysis'>): Promise<string> {
    const jobId = JobIds.gapAnalysis(payload.sessionId);
    await this.queue(QUEUE_NAMES.gapAnalysis).add('analyze', { ...payload, trace: currentTraceCarrier() }, { jobId });
    return jobId;
  }

  async enqueueEvaluation(payload: JobPayload<'evaluations'>): Promise<string> {
    const jobId = JobIds.evaluation(payload.submissionId);
    await this.queue(QUEUE_NAMES.evaluations).add('evaluate', { ...payload, trace: currentTraceCarrier() }, { jobId });
    return jobId;
  }

  /** Deletes what an erased session left outside Redis; the job names caches, never text. */
  async enqueueCleanup(payload: JobPayload<'maintenance'>): Promise<void> {
    await this.queue(QUEUE_NAMES.maintenance).add('cleanup', { ...payload, trace: currentTraceCarrier() });
  }

  /** Adds the batch job; repeated with the same group id, it adds nothing. */
  async submitQuestionBatch(payload: JobPayload<'question-batches'>): Promise<{ batchJobId: string; jobs: { jobId: string; gapId: string }[] }> {
    const batchJobId = JobIds.batch(payload.groupId);
    await this.queue(QUEUE_NAMES.questionBatches).add('batch', { ...payload, trace: currentTraceCarrier() }, { jobId: batchJobId });
    return { batchJobId, jobs: payload.gapIds.map((gapId) => ({ jobId: JobIds.question(payload.groupId, gapId), gapId })) };
  }

  /**
   * The fan-out: one question job per gap, each carrying its retrieved context, under a
   * parent that runs when all of them have finished. A child that fails for good is moved to
   * the parent's failed dependencies (`ignoreDependencyOnFailure`) instead of leaving the
   * parent in `waiting-children` forever, which is BullMQ's default.
   */
  async fanOutQuestions(batch: JobPayload<'question-batches'>, contexts: ReadonlyMap<string, RetrievedContext | null>): Promise<void> {
    this.flowProducer ??= new FlowProducer({ connection: this.options.connection, prefix: this.options.prefix });
    const policy = jobPolicy(this.options.policy);
    const { sessionId, tenantId, groupId, gapIds } = batch;
    // The batch job's span is active here: the group and every child continue its trace.
    const trace = currentTraceCarrier();
    await this.flowProducer.add({
      name: 'group',
      queueName: QUEUE_NAMES.questionGroups,
      data: { sessionId, tenantId, groupId, gapIds, trace } satisfies JobPayload<'question-groups'>,
      opts: { ...policy, jobId: JobIds.groupCompletion(groupId) },
      children: gapIds.map((gapId) => ({
        name: 'question',
        queueName: QUEUE_NAMES.questions,
        data: { sessionId, tenantId, groupId, gapId, context: contexts.get(gapId) ?? null, trace } satisfies JobPayload<'questions'>,
        opts: { ...policy, jobId: JobIds.question(groupId, gapId), ignoreDependencyOnFailure: true },
      })),
    });
  }

  /**
   * The status of a job for its tenant; `undefined` when there is no such job or it belongs
   * to another tenant. A question job not yet created by its batch reads as `waiting`.
   */
  async jobStatus(jobId: string, tenantId: string): Promise<JobStatus | undefined> {
    const queueName = queueOfJobId(jobId);
    if (!queueName) return undefined;
    // The state first, then the job: a job read before it failed and its state read after
    // would say 'failed' without the failure reason.
    const rawState = await this.queue(queueName).getJobState(jobId);
    const job = (await this.queue(queueName).getJob(jobId)) as Job | undefined;
    if (!job) return this.pendingChildStatus(jobId, queueName, tenantId);
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
      ...(state === 'failed' ? { error: { code: 'JOB_FAILED', message: job.failedReason ?? 'The job failed.' } } : {}),
    };
  }

  private async pendingChildStatus(jobId: string, queueName: QueueName, tenantId: string): Promise<JobStatus | undefined> {
    if (queueName !== QUEUE_NAMES.questions) return undefined;
    const groupId = jobId.slice(0, jobId.indexOf('-q-'));
    const batch = (await this.queue(QUEUE_NAMES.questionBatches).getJob(JobIds.batch(groupId))) as Job | undefined;
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
      const job = await this.queue(queueName).getJob(jobId);
      if (job) {
        await job.remove({ removeChildren: true }).catch(() => undefined);
        removed += 1;
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await this.flowProducer?.close();
  }
}
