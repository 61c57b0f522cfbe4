import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionEvent } from '@gapflow/client';
import { newId } from '@gapflow/core';
import { GapflowQueues } from '@gapflow/queue';
import { createStateStores } from '@gapflow/state';
import { loadSample, REPO_ROOT } from '@gapflow/testing';
import { column, pdfOf, scannedPdf } from '../../../../packages/documents/src/test-documents.fixture';
import { eventsUntil, useFlowStack } from './flow-stack.fixture';

const corpus = join(REPO_ROOT, 'packages', 'documents', 'corpus');
const cvText = readFileSync(join(corpus, 'cv', '00-platform-engineer.txt'), 'utf8');
const jdText = readFileSync(join(corpus, 'jd', '00-platform-engineer.md'), 'utf8');

describe('a session created from documents sent as text, gateway to worker', () => {
  const { stack, client } = useFlowStack();
  const { cv } = loadSample('platform-engineer');

  it('starts as parsing, announces documents.parsed with the reports before gaps.ready, and is then ready with its CV, JD and gaps', async () => {
    const api = client();
    const created = await api.createSession({ cv: { text: cvText }, jd: { text: jdText } });
    expect(created.status).toBe('parsing');
    expect(created.parseJobId).toBe(`${created.id}-parse`);
    expect(created.gapAnalysisJobId).toBe(`${created.id}-gaps`);
    const events = await eventsUntil(api, created.id, 'gaps.ready');
    const types = events.map((event: SessionEvent) => event.type);
    expect(types.indexOf('documents.parsed')).toBeGreaterThan(types.indexOf('session.created'));
    expect(types.indexOf('documents.parsed')).toBeLessThan(types.indexOf('gaps.ready'));
    const parsed = events.find((event) => event.type === 'documents.parsed')?.data as { cv: { warnings: string[] }; jd: { confidence: Record<string, number> } };
    expect(parsed.cv.warnings).toEqual([]);
    expect(parsed.jd.confidence.importance).toBe(1);

    const session = await api.getSession(created.id, { include: 'documents' });
    expect(session.status).toBe('ready');
    expect(session.cv?.experience.map((role) => role.company)).toEqual(['Acme Payments', 'Globex', 'Initech']);
    expect(session.jd?.requirements.map((requirement) => requirement.skill)).toContain('Networking');
    expect(session.gaps.map((gap) => gap.skill)).toContain('Networking');
  });

  it('parses only the document sent as text when the other comes parsed', async () => {
    const api = client();
    const created = await api.createSession({ cv, jd: { text: jdText } });
    expect(created.status).toBe('parsing');
    await eventsUntil(api, created.id, 'gaps.ready');
    const session = await api.getSession(created.id, { include: 'documents' });
    expect(session.cv).toEqual(cv);
    expect(session.jd?.title).toBe('Senior Platform Engineer');
  });

  it('refuses questions while the documents are being parsed, saying what to wait for', async () => {
    // A session left in parsing: no parse job was queued for it.
    const state = createStateStores({ client: stack.redis.client(), keyPrefix: '{gapflow}', ttlSeconds: 3_600 });
    const now = new Date().toISOString();
    const session = { id: newId('ses'), tenantId: 'acme', status: 'parsing' as const, createdAt: now, updatedAt: now, documents: { jd: { kind: 'text' as const, text: jdText } }, cv, gaps: [], questions: [], failedGaps: [], answers: [] };
    await state.sessions.create(session);
    const refused = await client().submitQuestions(session.id).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 409, code: 'CONFLICT', message: 'The documents of this session are still being parsed. Wait for the gaps.ready event, then submit again.' });
    const report = await client().getReport(session.id).catch((error: unknown) => error);
    expect(report).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('marks a session failed, with job.failed saying what to do, when its documents cannot be parsed for good', async () => {
    const state = createStateStores({ client: stack.redis.client(), keyPrefix: '{gapflow}', ttlSeconds: 3_600 });
    const queues = new GapflowQueues({ connection: stack.redis.client(), prefix: '{gapflow}', policy: { attempts: 2, backoffMs: 10 } });
    try {
      const now = new Date().toISOString();
      // Nothing to parse the CV from: a session no gateway would make, failing every attempt.
      const session = { id: newId('ses'), tenantId: 'acme', status: 'parsing' as const, createdAt: now, updatedAt: now, documents: { jd: { kind: 'text' as const, text: jdText } }, gaps: [], questions: [], failedGaps: [], answers: [] };
      await state.sessions.create(session);
      const { parseJobId } = await queues.enqueueDocumentParsing({ sessionId: session.id, tenantId: 'acme' });
      const events = await eventsUntil(client(), session.id, 'job.failed');
      expect(events.find((event) => event.type === 'job.failed')?.data).toMatchObject({
        jobId: parseJobId,
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/^The documents could not be parsed \(.+\)\. Correct the session with what could not be read, as parsed JSON \(PATCH \/v1\/sessions\/\{id\}\), or create it again\.$/),
      });
      expect(events.map((event) => event.type)).not.toContain('gaps.ready');
      // Polled, the parse says its code and the gap analysis points at it.
      expect((await client().getJob(parseJobId)).error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((await client().getJob(`${session.id}-gaps`)).error).toEqual({ code: 'JOB_FAILED', message: `This job did not run: the job it waited for, ${parseJobId}, failed. GET /v1/jobs/${parseJobId} says why.` });
      const failed = await client().getSession(session.id, { include: 'documents' });
      expect(failed.status).toBe('failed');
      // No report of it, and the 409 says why rather than to wait.
      expect(await client().getReport(session.id).catch((error: unknown) => error)).toMatchObject({ status: 409, message: expect.stringContaining('This session failed before it had its gaps') });
      // A client that polls reads the same reason as the event.
      expect(failed.failure).toEqual({ code: 'VALIDATION_FAILED', message: (events.find((event) => event.type === 'job.failed')?.data as { message: string }).message });
      const questions = await client().submitQuestions(session.id).catch((error: unknown) => error);
      expect(questions).toMatchObject({ status: 409, code: 'CONFLICT', message: expect.stringContaining('This session failed before it had its gaps') });
    } finally {
      await queues.close();
    }
  });

  it('marks a session failed, saying why, when its gap analysis fails for good, instead of leaving it analyzing', async () => {
    const state = createStateStores({ client: stack.redis.client(), keyPrefix: '{gapflow}', ttlSeconds: 3_600 });
    const queues = new GapflowQueues({ connection: stack.redis.client(), prefix: '{gapflow}', policy: { attempts: 2, backoffMs: 10 } });
    try {
      const now = new Date().toISOString();
      // No CV to analyse: every attempt fails.
      const session = { id: newId('ses'), tenantId: 'acme', status: 'analyzing' as const, createdAt: now, updatedAt: now, jd: loadSample('platform-engineer').jd, gaps: [], questions: [], failedGaps: [], answers: [] };
      await state.sessions.create(session);
      const jobId = await queues.enqueueGapAnalysis({ sessionId: session.id, tenantId: 'acme' });
      const events = await eventsUntil(client(), session.id, 'job.failed');
      expect(events.find((event) => event.type === 'job.failed')?.data).toMatchObject({ jobId, code: 'CONFLICT', message: expect.stringMatching(/^The gaps could not be computed \(/) });
      const failed = await client().getSession(session.id, { include: 'documents' });
      expect(failed).toMatchObject({ status: 'failed', failure: { code: 'CONFLICT' } });
    } finally {
      await queues.close();
    }
  });

  it('refuses gaps given beside a document to parse, and an empty text, naming the field', async () => {
    const api = client();
    const refused = await api.createSession({ cv, jd: { text: jdText }, gaps: [] }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const said = (error: unknown) => `${(error as Error).message} ${JSON.stringify((error as { details?: unknown }).details)}`;
    expect(said(refused)).toContain('gaps can be given only with a parsed cv and jd');
    const empty = await api.createSession({ cv: { text: '   ' }, jd: { text: jdText } }).catch((error: unknown) => error);
    expect(empty).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(said(empty)).toContain('text must not be empty');
  });

  it('takes a CV of 100,000 characters of non-Latin text as JSON, raw (300 KB) or, with the job ad as long, escaped (1.2 MB), not 413', async () => {
    const longCv = `${'経歴書。'.repeat(24_990)}\n${cvText}`.slice(0, 100_000);
    expect(longCv).toHaveLength(100_000);
    const created = await client().createSession({ cv: { text: longCv }, jd: { text: jdText } });
    expect(created.status).toBe('parsing');
    // As Python's json.dumps sends it by default: every non-ASCII character escaped, 6 bytes each.
    const longJd = `${jdText}\n${'求人情報。'.repeat(20_000)}`.slice(0, 100_000);
    const escaped = JSON.stringify({ cv: { text: longCv }, jd: { text: longJd } }).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(escaped.length).toBeGreaterThan(1_150_000);
    const response = await fetch(`${stack.gateway.url}/v1/sessions`, { method: 'POST', headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'application/json' }, body: escaped });
    expect(response.status).toBe(201);
  });

  describe('as files, in a multipart/form-data form', () => {
    /** POST /v1/sessions with a form, as a browser or curl -F sends it. */
    async function postForm(parts: Record<string, Blob | string>): Promise<{ status: number; body: Record<string, unknown> }> {
      const form = new FormData();
      for (const [name, value] of Object.entries(parts)) {
        if (typeof value === 'string') form.append(name, value);
        else form.append(name, value, `${name}.bin`);
      }
      const response = await fetch(`${stack.gateway.url}/v1/sessions`, { method: 'POST', headers: { authorization: `Bearer ${stack.key}` }, body: form });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    it('reads a PDF CV and a pasted job ad into a session, and erases their text with it', async () => {
      const pdf = new Blob([await pdfOf([column(cvText.split('\n').slice(0, 45), 50, 800, 10)])]);
      const created = await postForm({ cv: pdf, jd: jdText });
      expect(created).toMatchObject({ status: 201, body: { status: 'parsing' } });
      const id = created.body.id as string;
      await eventsUntil(client(), id, 'gaps.ready');
      const session = await client().getSession(id, { include: 'documents' });
      expect(session.documents?.cv).toMatchObject({ kind: 'pdf', pages: 1 });
      expect(session.documents?.jd?.kind).toBe('markdown');
      expect(session.cv?.experience.map((role) => role.company)).toEqual(['Acme Payments', 'Globex', 'Initech']);
      await client().eraseSession(id);
      const keys = await stack.redis.client().keys(`*${id}*`);
      expect(keys).toEqual([]);
    });

    it('refuses a scanned PDF, a file over 5 MB, a missing document and an unknown part, each saying what to do', async () => {
      const scan = await postForm({ cv: new Blob([await scannedPdf()]), jd: jdText });
      expect(scan.status).toBe(422);
      expect(scan.body.error).toMatchObject({ code: 'DOCUMENT_REFUSED', message: expect.stringMatching(/^The CV is a PDF without a text layer.*Paste the text/), details: [{ path: 'cv' }] });
      const big = await postForm({ cv: cvText, jd: new Blob([Buffer.alloc(5 * 1024 * 1024 + 10, 'a')]) });
      expect(big.status).toBe(422);
      expect(big.body.error).toMatchObject({ code: 'DOCUMENT_REFUSED', details: [{ path: 'jd' }] });
      const empty = await postForm({ cv: '', jd: jdText });
      expect(empty.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('The form\'s "cv" is empty') });
      const missing = await postForm({ cv: cvText });
      expect(missing.status).toBe(400);
      expect(missing.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('The form has no "jd"') });
      const unknown = await postForm({ cv: cvText, jd: jdText, photo: new Blob([Buffer.from('x')]) });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });
});
