import { UnrecoverableError } from 'bullmq';
import { defectReason, GapflowError, isGapflowError, type ParseReport, type SessionDocument } from '@gapflow/core';
import { ModelDocumentReader, OfflineDocumentReader, type DocumentReader } from '@gapflow/documents';
import { failureReasonOf, isJobDefectError, type JobHandler } from '@gapflow/queue';
import type { WorkerDependencies } from '../worker-dependencies';

/**
 * Turns the documents a session was created from into its CV and JD (read by Gemini, checked
 * against their text, when a key is set; by the offline parsers otherwise or when Gemini fails), keeps each one's parse
 * report beside its text, moves the session on to gap analysis (the parent of this job in
 * their flow) and announces `documents.parsed`. Offline, a retried job parses the same.
 */
export function documentParsingProcessor(deps: WorkerDependencies): JobHandler<'document-parsing'> {
  return async ({ sessionId, tenantId }, job) => {
    try {
      return await parseSessionDocuments(deps, sessionId, tenantId);
    } catch (error) {
      // A document the parsers refuse is refused on every attempt: recorded now, not retried.
      if (isGapflowError(error, 'DOCUMENT_REFUSED') || isGapflowError(error, 'VALIDATION_FAILED')) {
        await recordParseFailure(deps, { sessionId, tenantId }, String(job.id), error);
        throw new UnrecoverableError(failureReasonOf(error));
      }
      throw error;
    }
  };
}

/** Gemini held to the text when a key is set, falling back to the offline parsers; the offline parsers otherwise. */
function documentReaderOf(deps: WorkerDependencies): DocumentReader {
  const { documentModel, knowledge } = deps.brain;
  if (!documentModel) return new OfflineDocumentReader(knowledge);
  return new ModelDocumentReader(documentModel, knowledge, (reason, kind) => {
    deps.logger.warn({ reason, kind }, 'reading a document fell back to the offline parser');
    deps.metrics.llmFallbacks.inc({ reason, kind });
  });
}

async function parseSessionDocuments(deps: WorkerDependencies, sessionId: string, tenantId: string): Promise<{ parsed: string[] }> {
  const session = await deps.state.sessions.get(tenantId, sessionId);
  const reports: { cv?: ParseReport; jd?: ParseReport } = {};
  if (session.status === 'parsing') {
    const reader = documentReaderOf(deps);
    const cvDocument = session.documents?.cv;
    const jdDocument = session.documents?.jd;
    const [cv, jd] = await Promise.all([cvDocument ? reader.readCv(cvDocument.text) : undefined, jdDocument ? reader.readJd(jdDocument.text) : undefined]);
    if (!(cv ?? session.cv) || !(jd ?? session.jd)) {
      throw new GapflowError('VALIDATION_FAILED', 'The session has neither a parsed CV and job description nor the documents to parse them from.');
    }
    if (cv) reports.cv = cv.report;
    if (jd) reports.jd = jd.report;
    const withReport = (document: SessionDocument | undefined, report: ParseReport | undefined) => (document && report ? { ...document, report } : document);
    await deps.state.sessions.update(tenantId, sessionId, (current) =>
      current.status !== 'parsing'
        ? current
        : {
            ...current,
            status: 'analyzing',
            cv: cv?.cv ?? current.cv,
            jd: jd?.jd ?? current.jd,
            documents: { ...(cvDocument ? { cv: withReport(cvDocument, cv?.report) } : {}), ...(jdDocument ? { jd: withReport(jdDocument, jd?.report) } : {}) },
          },
    );
  } else {
    // A retried job after the session moved on: announce what was recorded.
    if (session.documents?.cv?.report) reports.cv = session.documents.cv.report;
    if (session.documents?.jd?.report) reports.jd = session.documents.jd.report;
  }
  await deps.state.events.append(sessionId, { type: 'documents.parsed', data: reports, idempotencyKey: 'documents.parsed' });
  return { parsed: Object.keys(reports) };
}

/**
 * A parse that failed for good: the session is marked failed (its gap analysis, the parse's
 * parent, fails with it) and `job.failed` says what to do — so no session waits in `parsing`
 * forever. A defect is named by its class only: its message may quote the documents.
 */
export async function recordParseFailure(deps: WorkerDependencies, target: { sessionId: string; tenantId: string }, jobId: string, error: unknown): Promise<void> {
  const { sessionId, tenantId } = target;
  if (await deps.state.eraser.isErased(sessionId)) return;
  const code = error instanceof GapflowError ? error.code : 'INTERNAL';
  const why = error instanceof GapflowError ? error.message : `an error in gapflow: ${defectReason(isJobDefectError(error) ? error.defect : error)}`;
  const message = `The documents could not be parsed (${why}). Correct the session with its CV and job description as parsed JSON (PATCH /v1/sessions/{id}), or create it again.`;
  await deps.state.sessions.update(tenantId, sessionId, (current) => (current.status === 'parsing' ? { ...current, status: 'failed', failure: { code, message } } : current));
  await deps.state.events.append(sessionId, { type: 'job.failed', data: { jobId, code, message }, idempotencyKey: `failed:${jobId}` });
}
