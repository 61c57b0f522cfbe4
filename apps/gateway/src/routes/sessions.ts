import { Router } from 'express';
import { buildSessionReport, CorrectSessionRequest, CreateSessionRequest, GapflowError, isGapflowError, isDocumentTextInput, Limits, newId, parsedDocumentsOf, type Session, type SessionDocument, type SessionDocuments } from '@gapflow/core';
import { documentRefused, extractDocumentText, pastedDocumentText, type DocumentRole } from '@gapflow/documents';
import { uploadedDocumentsOf, type UploadedDocuments } from '../middleware/session-documents-upload';
import { newCandidateToken, readSessionView } from '@gapflow/state';
import { JobIds } from '@gapflow/queue';
import type { GatewayDependencies } from '../gateway-dependencies';
import { parseBody, parseId } from '../parse';

/** A document sent as text or as a file: its kind (by content) and its text made plain, within the session's limit. */
async function documentOf(role: DocumentRole, content: string | Buffer): Promise<SessionDocument> {
  const { kind, text, pages } = typeof content === 'string' ? pastedDocumentText(content) : await extractDocumentText(role, content);
  if (text.length > Limits.maxDocumentTextChars) {
    throw documentRefused(role, `holds ${text.length.toLocaleString('en-US')} characters of text; gapflow reads at most ${Limits.maxDocumentTextChars.toLocaleString('en-US')}`, 'Send the document alone, without attachments.');
  }
  return { kind, text, ...(pages !== undefined ? { pages } : {}) };
}

/** One document of a form: its file, or its text field; a form needs both. */
async function uploadedDocument(role: DocumentRole, uploaded: UploadedDocuments): Promise<SessionDocument> {
  const file = uploaded.files[role];
  const text = uploaded.texts[role];
  if (file) return documentOf(role, file);
  if (text !== undefined && text.trim().length > 0) return documentOf(role, text);
  const what = text !== undefined ? `The form's "${role}" is empty` : `The form has no "${role}"`;
  throw new GapflowError('VALIDATION_FAILED', `${what}: send the ${role === 'cv' ? 'CV' : 'job description'} as a file field "${role}" (PDF, Word, Markdown or text) or as a text field "${role}".`, {
    details: [{ path: role, message: 'a file or a text field is required' }],
  });
}

/** `409` for a correction once questions were submitted (they were asked about the gaps it would change) or while the documents are parsed. */
function refuseCorrectionOf(session: Session): void {
  if (session.status === 'parsing') {
    throw new GapflowError('CONFLICT', 'The documents of this session are still being parsed. Wait for the documents.parsed event, GET the session to see what was read, then send the correction.');
  }
  if (session.status !== 'analyzing' && session.status !== 'ready' && session.status !== 'failed') {
    throw new GapflowError('CONFLICT', 'Questions were submitted for this session, about the gaps a correction would change. Create a new session with the corrected CV and job description.');
  }
}

/**
 * `?include=documents`, the one query `GET /v1/sessions/{id}` reads; another value of include
 * is refused by name. Other parameters are let be: a client that polls may bust a cache with one.
 */
function includesDocuments(query: Record<string, unknown>): boolean {
  if (query.include === undefined) return false;
  if (query.include !== 'documents') {
    throw new GapflowError('VALIDATION_FAILED', 'include may only be "documents" (the CV and job description, parsed and as text); leave it out for the summary.', { details: [{ path: 'include', message: 'must be "documents"' }] });
  }
  return true;
}

/** `POST`, `GET`, `PATCH` and `DELETE` of `/v1/sessions/{id}`, and the session's report. */
export function sessionRoutes(deps: GatewayDependencies): Router {
  const router = Router();

  router.post('/v1/sessions', async (req, res) => {
    const uploaded = uploadedDocumentsOf(req);
    // A form carries documents only; JSON carries each of cv and jd parsed, or as { text }.
    const request = uploaded ? undefined : parseBody(CreateSessionRequest, req.body);
    // A CV or JD sent as a file or as text is kept as text (erased with the session) and parsed by a job.
    const documentFor = async (role: DocumentRole): Promise<SessionDocument | undefined> => {
      if (uploaded) return uploadedDocument(role, uploaded);
      const given = request?.[role];
      return isDocumentTextInput(given) ? documentOf(role, given.text) : undefined;
    };
    const [cvDocument, jdDocument] = [await documentFor('cv'), await documentFor('jd')];
    const documents: SessionDocuments = { ...(cvDocument ? { cv: cvDocument } : {}), ...(jdDocument ? { jd: jdDocument } : {}) };
    const parsedCv = request && !isDocumentTextInput(request.cv) ? request.cv : undefined;
    const parsedJd = request && !isDocumentTextInput(request.jd) ? request.jd : undefined;
    const gaps = request?.gaps;
    const parsing = documents.cv !== undefined || documents.jd !== undefined;
    const now = new Date().toISOString();
    const id = newId('ses');
    const candidateLink = newCandidateToken(id);
    const session: Session = {
      id,
      tenantId: req.tenantId,
      status: parsing ? 'parsing' : gaps ? 'ready' : 'analyzing',
      createdAt: now,
      updatedAt: now,
      ...(parsedCv ? { cv: parsedCv } : {}),
      ...(parsedJd ? { jd: parsedJd } : {}),
      ...(parsing ? { documents } : {}),
      gaps: gaps ?? [],
      questions: [],
      failedGaps: [],
      answers: [],
      // Pinned at creation: a later change of QUEUE_SHARDS moves new sessions only.
      queuePrefix: deps.queues.prefixOfSession(id),
      candidateTokenHash: candidateLink.hash,
    };
    await deps.state.sessions.create(session);
    await deps.state.events.append(session.id, { type: 'session.created', data: { status: session.status }, idempotencyKey: 'session.created' });
    let jobs: { parseJobId?: string; gapAnalysisJobId?: string } = {};
    if (!gaps) {
      try {
        if (parsing) {
          jobs = await deps.queues.enqueueDocumentParsing({ sessionId: session.id, tenantId: req.tenantId }, session.queuePrefix);
        } else {
          jobs = { gapAnalysisJobId: await deps.queues.enqueueGapAnalysis({ sessionId: session.id, tenantId: req.tenantId }, session.queuePrefix) };
        }
        await deps.state.sessionJobs.record(session.id, Object.values(jobs));
      } catch (error) {
        // Nothing half-made: a session whose gaps will never be computed is removed again.
        await deps.state.eraser.erase(req.tenantId, session.id).catch(() => undefined);
        throw error;
      }
    }
    deps.metrics.sessions.inc({ event: 'started' });
    res.status(201).location(`/v1/sessions/${session.id}`).json({
      id: session.id,
      status: session.status,
      ...(gaps ? { gaps: session.gaps } : jobs),
      candidateToken: candidateLink.token,
    });
  });

  /**
   * A corrected CV and/or JD before any question is asked: gap analysis runs again on them,
   * under a new revision (its own job, its own `gaps.ready`). One compare-and-set decides
   * against a racing question submission; a correction that failed to enqueue is healed by
   * sending it again (the next revision).
   */
  router.patch('/v1/sessions/:id', async (req, res) => {
    const sessionId = parseId(req.params.id, 'session');
    const { fromRevision, ...correction } = parseBody(CorrectSessionRequest, req.body);
    const corrected = (['cv', 'jd'] as const).filter((role) => correction[role] !== undefined);
    const session = await deps.state.sessions.update(req.tenantId, sessionId, (current) => {
      refuseCorrectionOf(current);
      const revisionNow = current.revision ?? 0;
      if (fromRevision !== undefined && fromRevision !== revisionNow) {
        throw new GapflowError('CONFLICT', `This session was corrected since revision ${fromRevision}; it is at revision ${revisionNow}. GET it, make your correction to what it holds now, and send it with fromRevision ${revisionNow}.`);
      }
      const { failure: _rescued, ...rest } = current;
      const next: Session = { ...rest, ...correction, gaps: [], status: 'analyzing', revision: revisionNow + 1 };
      const missing = (['cv', 'jd'] as const).filter((role) => next[role] === undefined);
      if (missing.length > 0) {
        throw new GapflowError('VALIDATION_FAILED', `This session has no parsed ${missing.join(' or ')} (its documents could not be parsed): send ${missing.map((role) => `"${role}"`).join(' and ')} too.`, {
          details: missing.map((role) => ({ path: role, message: 'required: the session has none' })),
        });
      }
      return next;
    });
    const revision = session.revision ?? 1;
    const gapAnalysisJobId = JobIds.gapAnalysis(sessionId, revision);
    try {
      await deps.state.events.append(sessionId, { type: 'session.corrected', data: { revision, corrected: [...corrected] }, idempotencyKey: `session.corrected:r${revision}` });
      await deps.state.sessionJobs.record(sessionId, [gapAnalysisJobId]);
      await deps.queues.enqueueGapAnalysis({ sessionId, tenantId: req.tenantId, revision }, session.queuePrefix);
    } catch (error) {
      // Saved but not queued: the session must not wait in analyzing for a job that does not
      // exist. Failed, it says to send the correction again (which a failed session takes) and
      // says so to its event stream too, as far as Redis lets it.
      const message = `The correction was saved as revision ${revision}, but its gap analysis could not be queued. Send the correction again (fromRevision ${revision}).`;
      const failure = { code: 'UPSTREAM_UNAVAILABLE', message };
      await deps.state.sessions
        .update(req.tenantId, sessionId, (current) => (current.revision === revision && current.status === 'analyzing' ? { ...current, status: 'failed', failure } : current))
        .catch(() => undefined);
      await deps.state.events.append(sessionId, { type: 'job.failed', data: { jobId: gapAnalysisJobId, ...failure }, idempotencyKey: `failed:${gapAnalysisJobId}` }).catch(() => undefined);
      throw isGapflowError(error) ? error : new GapflowError('UPSTREAM_UNAVAILABLE', message, { cause: error });
    }
    deps.logger.info({ sessionId, revision, corrected }, 'session corrected');
    res.status(202).json({ id: sessionId, status: session.status, revision, gapAnalysisJobId });
  });

  // A summary by default — status, gaps, questions, answers — and the CV and JD (parsed, and
  // as text) only when asked for: a client that polls does not fetch both documents each time.
  router.get('/v1/sessions/:id', async (req, res) => {
    const sessionId = parseId(req.params.id, 'session');
    const withDocuments = includesDocuments(req.query);
    const view = await readSessionView(deps.state.sessions, deps.state.results, req.tenantId, sessionId);
    if (withDocuments) {
      res.json(view);
      return;
    }
    const { cv: _cv, jd: _jd, documents: _documents, ...summary } = view;
    res.json(summary);
  });

  router.get('/v1/sessions/:id/report', async (req, res) => {
    const sessionId = parseId(req.params.id, 'session');
    const view = await readSessionView(deps.state.sessions, deps.state.results, req.tenantId, sessionId);
    if (view.status === 'failed') {
      throw new GapflowError('CONFLICT', 'This session failed before it had its gaps (its failure says why), so it has no report. Correct it (PATCH with what could not be read, as parsed JSON) or create a new session.');
    }
    // No report of a session whose job description is not read yet.
    parsedDocumentsOf(view);
    res.json(buildSessionReport(view));
  });

  /** Erases the session and everything of it — its jobs included; afterwards every endpoint for it is 404. */
  router.delete('/v1/sessions/:id', async (req, res) => {
    const sessionId = parseId(req.params.id, 'session');
    const report = await deps.state.eraser.erase(req.tenantId, sessionId, {
      removeJobs: (jobIds) => deps.queues.removeJobs(jobIds),
      // Gemini's caches hold the session's CV and JD: a worker deletes them at Gemini.
      deleteContextCaches: (contextCacheNames) => deps.queues.enqueueCleanup({ sessionId, tenantId: req.tenantId, contextCacheNames: [...contextCacheNames] }),
    });
    deps.logger.info({ sessionId, keysRemoved: report.keysRemoved, jobsRemoved: report.jobsRemoved }, 'session erased');
    deps.metrics.sessions.inc({ event: 'erased' });
    res.status(204).end();
  });

  return router;
}
