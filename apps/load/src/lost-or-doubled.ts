import type { TypedSessionEvent } from '@gapflow/client';
import { scanKeys, type RedisClient } from '@gapflow/state';
import { sessionPostMortem } from './session-post-mortem';
import type { CandidateResult } from './simulated-candidate';
import { within } from './within';

/** One way a session was lost or doubled, said so a person can find it. */
export interface LoadProblem {
  candidate: number;
  sessionId: string | undefined;
  problem: string;
}

/**
 * What the events of one session show was lost or doubled: each gap of `gaps.ready` got
 * exactly one `question.ready`; each question exactly one `answer.completed`, whose text is
 * the concatenation of its attempt's `answer.delta` chunks — the attempt it names, else the
 * last one (an `answer.restarted` opens attempt n + 1) — in index order, each index once.
 */
export function eventProblems(events: TypedSessionEvent[]): string[] {
  const problems: string[] = [];
  const gaps = events.flatMap((event) => (event.type === 'gaps.ready' ? event.data.gaps : []));
  const questionsByGap = new Map<string, string[]>();
  for (const event of events) {
    if (event.type !== 'question.ready') continue;
    questionsByGap.set(event.data.gapId, [...(questionsByGap.get(event.data.gapId) ?? []), event.data.question.id]);
  }
  for (const gap of gaps) {
    const count = questionsByGap.get(gap.id)?.length ?? 0;
    if (count !== 1) problems.push(`gap ${gap.id} got ${count} question.ready events`);
  }
  for (const gapId of questionsByGap.keys()) if (!gaps.some((gap) => gap.id === gapId)) problems.push(`question.ready for gap ${gapId}, which gaps.ready did not name`);

  const questionIds = [...questionsByGap.values()].flat();
  for (const questionId of questionIds) {
    const completed = events.filter((event) => event.type === 'answer.completed' && event.data.questionId === questionId);
    if (completed.length !== 1) {
      problems.push(`question ${questionId} got ${completed.length} answer.completed events`);
      continue;
    }
    const { answer: final, attempt: completedAttempt } = (completed[0] as Extract<TypedSessionEvent, { type: 'answer.completed' }>).data;
    const answer = final.text;
    const deltas = events.filter((event): event is Extract<TypedSessionEvent, { type: 'answer.delta' }> => event.type === 'answer.delta' && event.data.questionId === questionId);
    const restarts = events.filter((event): event is Extract<TypedSessionEvent, { type: 'answer.restarted' }> => event.type === 'answer.restarted' && event.data.questionId === questionId);
    // The attempt answer.completed names, when it names one; else the last one.
    const answerAttempt = completedAttempt ?? Math.max(1, ...deltas.map((event) => event.data.attempt), ...restarts.map((event) => event.data.attempt));
    const chunks = deltas.filter((event) => event.data.attempt === answerAttempt).sort((a, b) => a.data.index - b.data.index);
    const indexesInOrder = chunks.every((event, position) => event.data.index === position);
    if (!indexesInOrder) problems.push(`question ${questionId}: the deltas of attempt ${answerAttempt} have indexes ${chunks.map((event) => event.data.index).join(',')}, not 0..${chunks.length - 1} once each`);
    else if (chunks.map((event) => event.data.chunk).join('') !== answer) problems.push(`question ${questionId}: the final answer differs from the ${chunks.length} deltas of attempt ${answerAttempt}`);
  }
  return problems;
}

/**
 * The keys that remain of each of `sessionIds`, by session; waits up to `withinMs` for the
 * erasure's clean-up to finish. One SCAN of every primary per try, whatever the number of
 * sessions (a SCAN per session made the check of a thousand sessions take longer than the run).
 */
export async function remainingKeysBySession(redis: RedisClient, sessionIds: readonly string[], withinMs: number): Promise<Map<string, string[]>> {
  const wanted = new Set(sessionIds);
  const deadline = Date.now() + withinMs;
  for (;;) {
    const remaining = new Map<string, string[]>();
    if (wanted.size === 0) return remaining;
    const keys = await within(scanKeys(redis, '*ses_*'), 30_000, ['(Redis did not answer a SCAN within 30 s)']);
    for (const key of keys) {
      for (const sessionId of new Set(key.match(/ses_[A-Za-z0-9]+/g))) {
        if (wanted.has(sessionId)) remaining.set(sessionId, [...(remaining.get(sessionId) ?? []), key]);
      }
    }
    if (remaining.size === 0 || Date.now() >= deadline) return remaining;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Every problem of a run: sessions that did not complete, events lost or doubled, keys left behind. */
export async function lostOrDoubled(results: CandidateResult[], redis: RedisClient): Promise<LoadProblem[]> {
  const problems: LoadProblem[] = [];
  const erased = results.filter((result) => result.sessionId && !result.failure).map((result) => result.sessionId as string);
  const remaining = await remainingKeysBySession(redis, erased, 15_000);
  for (const result of results) {
    const add = (problem: string) => problems.push({ candidate: result.candidate, sessionId: result.sessionId, problem });
    if (result.failure) {
      const inRedis = result.sessionId ? await within(sessionPostMortem(redis, result.sessionId, result.events), 10_000, '(Redis did not answer within 10 s)') : 'no session was created';
      add(`did not complete: ${result.failure}; in Redis: ${inRedis}`);
    }
    for (const problem of eventProblems(result.events)) add(problem);
    const keys = result.sessionId && !result.failure ? (remaining.get(result.sessionId) ?? []) : [];
    if (keys.length > 0) add(`erased, but ${keys.length} keys remain: ${keys.slice(0, 3).join(', ')}`);
  }
  return problems;
}
