/** @gapflow/queue — queue names, job payloads, the batch flow and the helpers workers use to consume. */
export { QUEUE_NAMES, type QueueName } from './queue-names';
export { JobPayloads, RetrievedContext, type JobPayload } from './job-payloads';
export { JobIds } from './job-ids';
export { jobPolicy, type JobPolicyOptions } from './job-policy';
export { GapflowQueues, queueOfJobId, type GapflowQueuesOptions } from './gapflow-queues';
export { JobDefectError, isJobDefectError } from './job-defect-error';
export { defineWorker, isFinalAttempt, isRetriedThreadRace, type GapflowWorkerOptions, type JobHandler } from './define-worker';
export { collectQueueMetrics } from './queue-metrics';
export { consumedQueuePrefixes, queueShardPrefixes, shardOfSession } from './queue-shards';
export { failureReasonOf, jobFailureOf, type JobFailure } from './job-failure';
export { QueueControls, type CleanableState, type FailedJob, type QueueOverview } from './queue-controls';
