import { setTimeout as sleep } from 'node:timers/promises';
import { Session } from '@gapflow/core';
import { ANSWER_TABLE, loadSample, scanKeys, type ReceivedEvent } from '@gapflow/testing';
import { encodeKeyPart } from '@gapflow/state';
import { useFlowStack } from './flow-stack.fixture';

const sample = loadSample('platform-engineer');
const row = ANSWER_TABLE[0]!;
/** An hour: the tests age keys with PEXPIRE (as hours of silence would) instead of waiting. */
const SESSION_TTL_SECONDS = '3600';
/** What is left of a key's life after the candidate was away for most of the TTL. */
const AGED_PTTL_MS = 60_000;

describe('a paused answer, a day later', () => {
  const { stack, api, follow, answer } = useFlowStack({ SESSION_TTL_SECONDS });
  const lastId = (events: ReceivedEvent[]) => events[events.length - 1]?.id;

  /** A session whose one question was answered thinly: the answer graph waits on deep dives. */
  async function pausedOnDeepDives(): Promise<{ sessionId: string; questionId: string; lastEventId: string | undefined }> {
    const gaps = [{ id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical', reason: 'r', evidence: [] }];
    const created = (await (await api('/v1/sessions', { method: 'POST', body: JSON.stringify({ ...sample, gaps }) })).json()) as { id: string };
    await api(`/v1/sessions/${created.id}/questions`, { method: 'POST', body: '{}' });
    const asked = await follow(created.id, (all) => all.some((e) => e.event === 'group.completed'));
    const questionId = Session.parse(await (await api(`/v1/sessions/${created.id}`)).json()).questions[0]?.id as string;
    expect((await answer(created.id, questionId, row.medium)).status).toBe(202);
    const paused = await follow(created.id, (all) => all.some((e) => e.event === 'deepdive.ready'), lastId(asked.events));
    return { sessionId: created.id, questionId, lastEventId: lastId(paused.events) };
  }

  /** Every key in the session's slot. */
  const sessionKeys = (sessionId: string) => scanKeys(stack.redis.client(), `*{${encodeKeyPart(sessionId)}}*`);
  /** The keys of the session's LangGraph threads. */
  const checkpointKeys = async (sessionId: string) => (await sessionKeys(sessionId)).filter((name) => name.includes(':cp:'));

  it('continues the same story when the session was touched past the threads’ original TTL', async () => {
    const { sessionId, questionId, lastEventId } = await pausedOnDeepDives();
    const threadKeys = await checkpointKeys(sessionId);
    expect(threadKeys.length).toBeGreaterThan(4);
    // The candidate is away for most of a TTL: every key of the session is close to its end.
    for (const name of await sessionKeys(sessionId)) await stack.redis.client().pexpire(name, AGED_PTTL_MS);

    // A write to the session (here, a status update) keeps it alive.
    await stack.gateway.deps.state.sessions.updateStatus('acme', sessionId, 'interviewing');

    // Every key of the threads lives on past the end it was heading for.
    for (const name of threadKeys) expect(await stack.redis.client().pttl(name)).toBeGreaterThan(AGED_PTTL_MS);
    expect((await answer(sessionId, questionId, row.strong)).status).toBe(202);
    await follow(sessionId, (all) => all.some((e) => e.event === 'answer.completed'), lastEventId);
    const progress = Session.parse(await (await api(`/v1/sessions/${sessionId}`)).json()).answers[0];
    // The same story: both answers, the first round's deep dives, two evaluations.
    expect(progress).toMatchObject({ questionId, status: 'completed', answers: [row.medium, row.strong] });
    expect(progress?.deepDives).toHaveLength(1);
    expect(progress?.evaluations).toHaveLength(2);
  });

  it('refuses to start the story again from nothing when the thread is gone but the session lives', async () => {
    const { sessionId, questionId, lastEventId } = await pausedOnDeepDives();
    // As it was before threads were touched with their session: the session lives, the thread is gone.
    await stack.redis.client().del(...(await checkpointKeys(sessionId)));

    expect((await answer(sessionId, questionId, row.strong)).status).toBe(202);
    const { events } = await follow(sessionId, (all) => all.some((e) => e.event === 'job.failed'), lastEventId);
    const failure = events.find((e) => e.event === 'job.failed')?.data as { data: { code: string } };
    expect(failure.data.code).toBe('SESSION_EXPIRED');
    expect(events.some((e) => e.event === 'evaluation.ready')).toBe(false);
    const progress = Session.parse(await (await api(`/v1/sessions/${sessionId}`)).json()).answers[0];
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

    const response = await answer(sessionId, questionId, row.strong);
    expect(response.status).toBe(410);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('SESSION_EXPIRED');
    expect(body.error.message).toContain('POST /v1/sessions');
    expect((await api(`/v1/sessions/${sessionId}`)).status).toBe(410);
    // Nothing was started: no evaluation waits or runs, and no thread was written again.
    const counts = await stack.gateway.deps.queues.queue('evaluations').getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(0);
    expect(await checkpointKeys(sessionId)).toEqual([]);
  });
});
