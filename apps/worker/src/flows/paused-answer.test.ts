import { setTimeout as sleep } from 'node:timers/promises';
import { isGapflowApiError, type SessionEvent } from '@gapflow/client';
import { ANSWER_TABLE, loadSample, scanKeys } from '@gapflow/testing';
import { encodeKeyPart } from '@gapflow/state';
import { eventsUntil, useFlowStack } from './flow-stack.fixture';

const sample = loadSample('platform-engineer');
const row = ANSWER_TABLE[0]!;
/** An hour: the tests age keys with PEXPIRE (as hours of silence would) instead of waiting. */
const SESSION_TTL_SECONDS = '3600';
/** What is left of a key's life after the candidate was away for most of the TTL. */
const AGED_PTTL_MS = 60_000;

describe('a paused answer, a day later', () => {
  const { stack, client } = useFlowStack({ SESSION_TTL_SECONDS });
  const lastId = (events: SessionEvent[]) => events[events.length - 1]?.id;

  /** A session whose one question was answered thinly: the answer graph waits on deep dives. */
  async function pausedOnDeepDives(): Promise<{ sessionId: string; questionId: string; lastEventId: string | undefined }> {
    const api = client();
    const created = await api.createSession({ ...sample, gaps: [{ id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical', reason: 'r', evidence: [] }] });
    await api.submitQuestions(created.id);
    const asked = await eventsUntil(api, created.id, 'group.completed');
    const questionId = (await api.getSession(created.id)).questions[0]?.id as string;
    await api.submitAnswer(created.id, questionId, row.medium);
    const paused = await eventsUntil(api, created.id, 'deepdive.ready', lastId(asked));
    return { sessionId: created.id, questionId, lastEventId: lastId(paused) };
  }

  /** Every key in the session's slot. */
  const sessionKeys = (sessionId: string) => scanKeys(stack.redis.client(), `*{${encodeKeyPart(sessionId)}}*`);
  /** The keys of the session's LangGraph threads. */
  const checkpointKeys = async (sessionId: string) => (await sessionKeys(sessionId)).filter((name) => name.includes(':cp:'));

  it('continues the same story when the session was touched past the threads’ original TTL', async () => {
    const { sessionId, questionId, lastEventId } = await pausedOnDeepDives();
    const threadKeys = await checkpointKeys(sessionId);
    expect(threadKeys.length).toBeGreaterThan(4);
    // The candidate is away for most of a TTL: every key of the session is close to its end,
    // and the marker of the last thread refresh (it lives a minute at most) is gone.
    await stack.redis.client().del(stack.gateway.deps.state.keys.threadsRefreshed(sessionId));
    for (const name of await sessionKeys(sessionId)) await stack.redis.client().pexpire(name, AGED_PTTL_MS);

    // A write to the session (here, a status update) keeps it alive.
    await stack.gateway.deps.state.sessions.updateStatus('acme', sessionId, 'interviewing');

    // Every key of the threads lives on past the end it was heading for.
    for (const name of threadKeys) expect(await stack.redis.client().pttl(name)).toBeGreaterThan(AGED_PTTL_MS);
    await client().submitAnswer(sessionId, questionId, row.strong);
    await eventsUntil(client(), sessionId, 'answer.completed', lastEventId);
    const progress = (await client().getSession(sessionId)).answers[0];
    // The same story: both answers, the first round's deep dives, two evaluations.
    expect(progress).toMatchObject({ questionId, status: 'completed', answers: [row.medium, row.strong] });
    expect(progress?.deepDives).toHaveLength(1);
    expect(progress?.evaluations).toHaveLength(2);
  });

  it('refuses to start the story again from nothing when the thread is gone but the session lives', async () => {
    const { sessionId, questionId, lastEventId } = await pausedOnDeepDives();
    // As it was before threads were touched with their session: the session lives, the thread is gone.
    await stack.redis.client().del(...(await checkpointKeys(sessionId)));

    await client().submitAnswer(sessionId, questionId, row.strong);
    const events = await eventsUntil(client(), sessionId, 'job.failed', lastEventId);
    const failure = events.find((e) => e.type === 'job.failed')?.data as { code: string };
    expect(failure.code).toBe('SESSION_EXPIRED');
    expect(events.some((e) => e.type === 'evaluation.ready')).toBe(false);
    const progress = (await client().getSession(sessionId)).answers[0];
    expect(progress).toMatchObject({ questionId, status: 'failed', answers: [row.medium] });
  });

  it('answers a follow-up after the session expired with 410 SESSION_EXPIRED, never a fresh start', async () => {
    const { sessionId, questionId } = await pausedOnDeepDives();
    const sessionKey = stack.gateway.deps.state.keys.session(sessionId);
    // The TTL runs out: every key of the session but its owner record (which outlives the
    // document by one TTL, to tell an expired session from an unknown one) expires.
    const owner = stack.gateway.deps.state.keys.sessionOwner(sessionId);
    for (const name of await sessionKeys(sessionId)) if (name !== owner) await stack.redis.client().pexpire(name, 1);
    while ((await stack.redis.client().exists(sessionKey)) === 1) await sleep(5);
    expect(await stack.redis.client().exists(owner)).toBe(1);

    const refused = await client().submitAnswer(sessionId, questionId, row.strong).catch((error: unknown) => error);
    expect(isGapflowApiError(refused, 'SESSION_EXPIRED') && refused.status).toBe(410);
    expect((refused as Error).message).toContain('POST /v1/sessions');
    const read = await client().getSession(sessionId).catch((error: unknown) => error);
    expect(isGapflowApiError(read, 'SESSION_EXPIRED') && read.status).toBe(410);
    // Nothing was started: no evaluation waits or runs, and no thread was written again.
    const counts = await stack.gateway.deps.queues.queue('evaluations').getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(0);
    expect(await checkpointKeys(sessionId)).toEqual([]);
  });
});
