import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newId, type Session } from '@gapflow/core';
import { GapflowQueues, JobIds } from '@gapflow/queue';
import { createStateStores } from '@gapflow/state';
import { loadSample, REPO_ROOT } from '@gapflow/testing';
import { eventsUntil, statusOf, useFlowStack } from './flow-stack.fixture';

const corpus = join(REPO_ROOT, 'packages', 'documents', 'corpus');
const cvText = readFileSync(join(corpus, 'cv', '00-platform-engineer.txt'), 'utf8');
const jdText = readFileSync(join(corpus, 'jd', '00-platform-engineer.md'), 'utf8');

/** The message and the details of an API error, to assert what a person reads. */
const said = (error: unknown) => `${(error as Error).message} ${JSON.stringify((error as { details?: unknown }).details)}`;

describe('correcting a session’s CV or JD before any question (PATCH /v1/sessions/{id})', () => {
  const { stack, client } = useFlowStack();
  const { cv, jd } = loadSample('platform-engineer');
  const stores = () => createStateStores({ client: stack.redis.client(), keyPrefix: '{gapflow}', ttlSeconds: 3_600 });

  /** A session of tenant acme, stored as it is at some point of its life. */
  async function storedSession(fields: Partial<Session>): Promise<Session> {
    const now = new Date().toISOString();
    const session: Session = { id: newId('ses'), tenantId: 'acme', status: 'ready', createdAt: now, updatedAt: now, cv, jd, gaps: [], questions: [], failedGaps: [], answers: [], ...fields };
    await stores().sessions.create(session);
    return session;
  }

  it('runs gap analysis again on a corrected CV: the gap the correction closes is gone, announced by session.corrected and a gaps.ready of that revision', async () => {
    const api = client();
    const created = await api.createSession({ cv: { text: cvText }, jd: { text: jdText } });
    const first = await eventsUntil(api, created.id, 'gaps.ready');
    const parsed = await api.getSession(created.id, { include: 'documents' });
    const closed = parsed.gaps.find((gap) => gap.severity !== 'minor');
    expect(closed).toBeDefined();
    // The person adds what the parser missed: the skill, used in their longest role.
    const [firstRole, ...otherRoles] = parsed.cv!.experience;
    const correctedCv = { ...parsed.cv!, experience: [{ ...firstRole!, highlights: [...(firstRole!.highlights ?? []), `Owned ${closed!.skill} for every service of the platform`] }, ...otherRoles] };

    const accepted = await api.correctSession(created.id, { cv: correctedCv });
    expect(accepted).toEqual({ id: created.id, status: 'analyzing', revision: 1, gapAnalysisJobId: `${created.id}-gaps-r1` });
    const after = await eventsUntil(api, created.id, 'gaps.ready', first.at(-1)?.id);
    expect(after.map((event) => event.type)).toEqual(['session.corrected', 'gaps.ready']);
    expect(after[0]?.data).toEqual({ revision: 1, corrected: ['cv'] });
    expect(after[1]?.data).toMatchObject({ revision: 1 });

    const session = await api.getSession(created.id, { include: 'documents' });
    expect(session).toMatchObject({ status: 'ready', revision: 1 });
    expect(session.cv).toEqual(correctedCv);
    expect(session.jd).toEqual(parsed.jd);
    expect(session.gaps.map((gap) => gap.skill)).not.toContain(closed!.skill);
    // The documents and their reports stay as they were read.
    expect(session.documents).toEqual(parsed.documents);
    expect(await api.getJob(accepted.gapAnalysisJobId)).toMatchObject({ state: 'completed' });
  });

  it('refuses a correction once questions were submitted, and leaves the session as it was', async () => {
    const api = client();
    const created = await api.createSession({ cv, jd });
    await eventsUntil(api, created.id, 'gaps.ready');
    await api.submitQuestions(created.id);
    const before = await api.getSession(created.id, { include: 'documents' });
    const refused = await api.correctSession(created.id, { jd: { ...jd, title: 'Staff Platform Engineer' } }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 409, code: 'CONFLICT', message: expect.stringContaining('Questions were submitted for this session') });
    const after = await api.getSession(created.id, { include: 'documents' });
    expect(after.jd).toEqual(before.jd);
    expect(after.revision).toBe(0);
  });

  it('refuses a correction made from an older revision, rather than undo the one made since', async () => {
    const session = await storedSession({});
    const api = client();
    expect(await api.correctSession(session.id, { jd: { ...jd, title: 'Staff Platform Engineer' }, fromRevision: 0 })).toMatchObject({ revision: 1 });
    const stale = await api.correctSession(session.id, { jd: { ...jd, title: 'Platform Engineer' }, fromRevision: 0 }).catch((error: unknown) => error);
    expect(stale).toMatchObject({ status: 409, code: 'CONFLICT', message: expect.stringContaining('it is at revision 1') });
    expect((await stores().sessions.get('acme', session.id)).jd?.title).toBe('Staff Platform Engineer');
  });

  it('fails the session, saying to send the correction again, when its gap analysis cannot be queued', async () => {
    const session = await storedSession({});
    const working = stack.gateway.deps.queues;
    // Our queues class with its one write failing as an unreachable Redis makes it fail (ioredis's own error).
    class UnreachableQueues extends GapflowQueues {
      override async enqueueGapAnalysis(): Promise<string> {
        // What ioredis throws when its connection is gone: no GapflowError.
        throw new Error('Connection is closed.');
      }
    }
    const unreachable = new UnreachableQueues({ connection: stack.redis.client(), prefix: '{gapflow}' });
    stack.gateway.deps.queues = unreachable;
    try {
      const refused = await client().correctSession(session.id, { cv }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE' });
    } finally {
      stack.gateway.deps.queues = working;
      await unreachable.close();
    }
    expect(await stores().sessions.get('acme', session.id)).toMatchObject({ status: 'failed', revision: 1, failure: { message: 'The correction was saved as revision 1, but its gap analysis could not be queued. Send the correction again (fromRevision 1).' } });
    const announced = await eventsUntil(client(), session.id, 'job.failed');
    expect(announced.at(-1)?.data).toMatchObject({ jobId: `${session.id}-gaps-r1`, code: 'UPSTREAM_UNAVAILABLE' });
    expect(await client().correctSession(session.id, { cv, fromRevision: 1 })).toMatchObject({ status: 'analyzing', revision: 2 });
    await eventsUntil(client(), session.id, 'gaps.ready');
    expect((await client().getSession(session.id, { include: 'documents' })).status).toBe('ready');
  });

  it('lets the gap analysis a failed enqueue wrote after all finish its revision: the session is ready, its failure gone', async () => {
    const session = await storedSession({ status: 'failed', revision: 1, failure: { code: 'UPSTREAM_UNAVAILABLE', message: 'The correction was saved as revision 1, but its gap analysis could not be queued.' } });
    const queues = new GapflowQueues({ connection: stack.redis.client(), prefix: '{gapflow}' });
    try {
      await queues.enqueueGapAnalysis({ sessionId: session.id, tenantId: 'acme', revision: 1 });
      await eventsUntil(client(), session.id, 'gaps.ready');
      const ready = await client().getSession(session.id, { include: 'documents' });
      expect(ready.status).toBe('ready');
      expect(ready.failure).toBeUndefined();
    } finally {
      await queues.close();
    }
  });

  it('refuses a correction while the documents are parsed, saying what to wait for', async () => {
    const session = await storedSession({ status: 'parsing', cv: undefined, documents: { cv: { kind: 'text', text: cvText } } });
    const refused = await client().correctSession(session.id, { cv }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 409, code: 'CONFLICT', message: expect.stringContaining('Wait for the documents.parsed event') });
    expect((await stores().sessions.get('acme', session.id)).status).toBe('parsing');
  });

  it('refuses a correction sent as text, an empty one and an unknown field, naming what to send', async () => {
    const session = await storedSession({});
    const api = client();
    const asText = await api.correctSession(session.id, { cv: { text: cvText } } as never).catch((error: unknown) => error);
    expect(asText).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(said(asText)).toContain('a correction is the parsed cv');
    const empty = await api.correctSession(session.id, {}).catch((error: unknown) => error);
    expect(empty).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(said(empty)).toContain('send a corrected "cv", "jd" or both');
    const unknown = await api.correctSession(session.id, { cv, gaps: [] } as never).catch((error: unknown) => error);
    expect(said(unknown)).toContain('unknown field "gaps"');
    const invalid = await api.correctSession(session.id, { jd: { ...jd, requirements: [] } }).catch((error: unknown) => error);
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(said(invalid)).toContain('requirements');
    expect((await stores().sessions.get('acme', session.id)).revision).toBeUndefined();
  });

  it('rescues a session whose parse failed, once both parsed documents are sent', async () => {
    const session = await storedSession({ status: 'failed', failure: { code: 'DOCUMENT_REFUSED', message: 'The job description names no skill gapflow could read as a requirement.' }, cv: undefined, jd: undefined, documents: { cv: { kind: 'text', text: cvText }, jd: { kind: 'text', text: 'We are hiring.' } } });
    const api = client();
    const half = await api.correctSession(session.id, { jd }).catch((error: unknown) => error);
    expect(half).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(said(half)).toContain('send "cv" too');
    expect(await api.correctSession(session.id, { cv, jd })).toMatchObject({ status: 'analyzing', revision: 1 });
    await eventsUntil(api, session.id, 'gaps.ready');
    const rescued = await api.getSession(session.id, { include: 'documents' });
    expect(rescued.status).toBe('ready');
    expect(rescued.failure).toBeUndefined();
    expect(rescued.gaps.length).toBeGreaterThan(0);
  });

  it('keeps the CV that was read when the job ad is refused, so the correction sends the job description alone', async () => {
    const api = client();
    const created = await api.createSession({ cv: { text: cvText }, jd: { text: 'We are hiring a platform engineer. Apply today!' } });
    const events = await eventsUntil(api, created.id, 'job.failed');
    expect(events.find((event) => event.type === 'job.failed')?.data).toMatchObject({ code: 'DOCUMENT_REFUSED' });
    const failed = await api.getSession(created.id, { include: 'documents' });
    expect(failed).toMatchObject({ status: 'failed', failure: { code: 'DOCUMENT_REFUSED' } });
    expect(failed.cv?.experience.map((role) => role.company)).toEqual(['Acme Payments', 'Globex', 'Initech']);
    expect(failed.documents?.cv?.report?.warnings).toEqual([]);
    expect(failed.jd).toBeUndefined();

    expect(await api.correctSession(created.id, { jd })).toMatchObject({ status: 'analyzing', revision: 1 });
    await eventsUntil(api, created.id, 'gaps.ready', events.at(-1)?.id);
    expect((await api.getSession(created.id, { include: 'documents' })).status).toBe('ready');
  });

  it('lets a gap analysis of an older revision change nothing and announce nothing', async () => {
    const session = await storedSession({ status: 'analyzing', revision: 2 });
    const queues = new GapflowQueues({ connection: stack.redis.client(), prefix: '{gapflow}' });
    try {
      await queues.enqueueGapAnalysis({ sessionId: session.id, tenantId: 'acme', revision: 1 });
      const job = await waitForJob(queues, JobIds.gapAnalysis(session.id, 1));
      expect(job).toMatchObject({ state: 'completed', result: { gaps: 0, superseded: true } });
      const untouched = await stores().sessions.get('acme', session.id);
      expect(untouched).toMatchObject({ status: 'analyzing', gaps: [] });
      await queues.enqueueGapAnalysis({ sessionId: session.id, tenantId: 'acme', revision: 2 });
      const events = await eventsUntil(client(), session.id, 'gaps.ready');
      expect(events.filter((event) => event.type === 'gaps.ready').map((event) => event.data)).toEqual([expect.objectContaining({ revision: 2 })]);
    } finally {
      await queues.close();
    }
  });

  it('lets exactly one of a correction and a first question submission racing it through, whichever comes first', async () => {
    const api = client();
    for (let round = 0; round < 6; round += 1) {
      const created = await api.createSession({ cv, jd });
      await eventsUntil(api, created.id, 'gaps.ready');
      const outcomes = await Promise.all([statusOf(api.correctSession(created.id, { jd: { ...jd, title: `Platform Engineer ${round}` } })), statusOf(api.submitQuestions(created.id))]);
      expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 409)).toHaveLength(1);
    }
  });
});

/** A job's status once it is completed or failed, polled through the queues' own reading of it. */
async function waitForJob(queues: GapflowQueues, jobId: string): Promise<unknown> {
  for (let tries = 0; tries < 200; tries += 1) {
    const status = await queues.jobStatus(jobId, 'acme');
    if (status && (status.state === 'completed' || status.state === 'failed')) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}
