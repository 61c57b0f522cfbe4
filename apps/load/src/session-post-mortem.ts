import type { TypedSessionEvent } from '@gapflow/client';
import { GapflowKeys, type RedisClient } from '@gapflow/state';

/** BullMQ's sets and lists a job can sit in, and how to ask each whether it holds the job. */
const JOB_STATES = [
  ['completed', 'zset'],
  ['failed', 'zset'],
  ['delayed', 'zset'],
  ['prioritized', 'zset'],
  ['waiting-children', 'zset'],
  ['wait', 'list'],
  ['active', 'list'],
  ['paused', 'list'],
] as const;

async function jobState(redis: RedisClient, queueKey: string, jobId: string): Promise<string> {
  for (const [state, type] of JOB_STATES) {
    const found = type === 'zset' ? (await redis.zscore(`${queueKey}:${state}`, jobId)) !== null : (await redis.lpos(`${queueKey}:${state}`, jobId)) !== null;
    if (found) return state;
  }
  return 'nowhere';
}

/** The recorded progress (status, rounds) of each question that has none of its final answer. */
async function progressOfUnanswered(redis: RedisClient, keys: GapflowKeys, sessionId: string, answered: Set<string> | undefined): Promise<string[]> {
  if (!answered) return [];
  const results = await redis.hgetall(keys.results(sessionId));
  return Object.entries(results).flatMap(([field, json]) => {
    if (!field.startsWith('answer:') || answered.has(field.slice('answer:'.length))) return [];
    const progress = (JSON.parse(json) as { value?: { status?: string; answers?: unknown[]; deepDives?: unknown[]; finalAnswer?: unknown } }).value;
    return [`question ${field.slice('answer:'.length)} progress: ${progress?.status ?? '?'}, ${progress?.answers?.length ?? 0} answers, ${progress?.deepDives?.length ?? 0} deep-dive rounds, final answer ${progress?.finalAnswer ? 'recorded' : 'none'}`];
  });
}

/**
 * What Redis holds of a session that did not complete, in one line for the load report: the
 * events the stream has that the candidate never received, and each evaluation job's state,
 * attempts, stalls and failure, with the lock holders of the questions still open. Enough to
 * tell a lost job from a lost event from a harness that stopped waiting. Holds no CV or
 * answer text: only ids, counts, states and BullMQ's own failure reasons.
 */
export async function sessionPostMortem(redis: RedisClient, sessionId: string, received: TypedSessionEvent[], prefix = '{gapflow}'): Promise<string> {
  // The harness runs one queue shard, whose prefix is the deployment's key prefix.
  const keys = GapflowKeys.fromPrefix(prefix);
  const stream = (await redis.xrange(keys.events(sessionId), '-', '+')) as Array<[string, string[]]>;
  const receivedIds = new Set(received.map((event) => event.id));
  const typeOf = (fields: string[]) => fields[fields.indexOf('type') + 1] ?? '?';
  const undelivered = stream.filter(([id]) => !receivedIds.has(id)).map(([id, fields]) => `${typeOf(fields)}@${id}`);

  const jobIds = (await redis.smembers(keys.sessionJobs(sessionId))).filter((jobId) => jobId.endsWith('-eval')).sort();
  const jobs: string[] = [];
  const finished: string[] = [];
  const answered = new Set(received.flatMap((event) => (event.type === 'answer.completed' ? [event.data.questionId] : [])));
  for (const jobId of jobIds) {
    const queueKey = `${prefix}:evaluations`;
    const [attempts, stalls, failedReason, deferredFailure, data, returned] = await redis.hmget(`${queueKey}:${jobId}`, 'atm', 'stc', 'failedReason', 'defa', 'data', 'returnvalue');
    const questionId = data ? (JSON.parse(data) as { questionId?: string }).questionId : undefined;
    const state = await jobState(redis, queueKey, jobId);
    if (state === 'completed') {
      // A question left without its final answer: what did its completed jobs report?
      if (questionId && !answered.has(questionId)) {
        finished.push(`${jobId} (question ${questionId}): completed, returned ${returned ?? 'nothing'}`);
      }
      continue;
    }
    const lock = questionId ? await redis.get(keys.answerLock(sessionId, questionId)) : null;
    jobs.push(
      `${jobId} (question ${questionId ?? '?'}): ${state}, attempts ${attempts ?? 0}, stalls ${stalls ?? 0}` +
        `${failedReason ? `, failed: ${failedReason}` : ''}${deferredFailure ? `, deferred failure: ${deferredFailure}` : ''}` +
        `${lock ? `, question locked by ${lock === jobId ? 'this job' : lock}` : ''}`,
    );
  }
  return [
    `the stream holds ${stream.length} events, the candidate received ${received.length}` + (undelivered.length > 0 ? `; never received: ${undelivered.slice(0, 8).join(' ')}` : ''),
    `${jobIds.length} evaluation jobs, not completed: ${jobs.length > 0 ? jobs.join('; ') : 'none'}`,
    ...finished,
    ...(await progressOfUnanswered(redis, keys, sessionId, finished.length > 0 || jobs.length > 0 ? answered : undefined)),
  ].join('; ');
}
