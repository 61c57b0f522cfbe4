import { Router } from 'express';
import { buildSessionReport, CreateSessionRequest, isDocumentTextInput, newId, type Session, type SessionDocument, type SessionDocuments } from '@gapflow/core';
import { extractDocumentText, type DocumentRole } from '@gapflow/documents';
import { readSessionView } from '@gapflow/state';
import type { GatewayDependencies } from '../gateway-dependencies';
import { parseBody, parseId } from '../parse';

/** A document sent as text: its kind (Markdown or plain text) and its text made plain, as a file's would be. */
async function documentOf(role: DocumentRole, text: string): Promise<SessionDocument> {
  const { kind, text: plain } = await extractDocumentText(role, Buffer.from(text, 'utf8'));
  return { kind, text: plain };
}

/** `POST /v1/sessions` and `GET /v1/sessions/{id}`. */
export function sessionRoutes(deps: GatewayDependencies): Router {
  const router = Router();

  router.post('/v1/sessions', async (req, res) => {
    const request = parseBody(CreateSessionRequest, req.body);
    // A CV or JD sent as { text } is kept as text (erased with the session) and parsed by a job.
    const documents: SessionDocuments = {};
    if (isDocumentTextInput(request.cv)) documents.cv = await documentOf('cv', request.cv.text);
    if (isDocumentTextInput(request.jd)) documents.jd = await documentOf('jd', request.jd.text);
    const parsing = documents.cv !== undefined || documents.jd !== undefined;
    const now = new Date().toISOString();
    const id = newId('ses');
    const session: Session = {
      id,
      tenantId: req.tenantId,
      status: parsing ? 'parsing' : request.gaps ? 'ready' : 'analyzing',
      createdAt: now,
      updatedAt: now,
      ...(isDocumentTextInput(request.cv) ? {} : { cv: request.cv }),
      ...(isDocumentTextInput(request.jd) ? {} : { jd: request.jd }),
      ...(parsing ? { documents } : {}),
      gaps: request.gaps ?? [],
      questions: [],
      failedGaps: [],
      answers: [],
      // Pinned at creation: a later change of QUEUE_SHARDS moves new sessions only.
      queuePrefix: deps.queues.prefixOfSession(id),
    };
    await deps.state.sessions.create(session);
    await deps.state.events.append(session.id, { type: 'session.created', data: { status: session.status }, idempotencyKey: 'session.created' });
    let jobs: { parseJobId?: string; gapAnalysisJobId?: string } = {};
    if (!request.gaps) {
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
      ...(request.gaps ? { gaps: session.gaps } : jobs),
    });
  });

  router.get('/v1/sessions/:id', async (req, res) => {
    const sessionId = parseId(req.params.id, 'session');
    res.json(await readSessionView(deps.state.sessions, deps.state.results, req.tenantId, sessionId));
  });

  router.get('/v1/sessions/:id/report', async (req, res) => {
    const sessionId = parseId(req.params.id, 'session');
    res.json(buildSessionReport(await readSessionView(deps.state.sessions, deps.state.results, req.tenantId, sessionId)));
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
