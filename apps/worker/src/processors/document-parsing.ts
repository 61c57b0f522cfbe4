import { UnrecoverableError } from 'bullmq';
import { GapflowError, isGapflowError, type ParseReport, type SessionDocument } from '@gapflow/core';
import { OfflineDocumentReader, type DocumentReader } from '@gapflow/documents';
import { ModelDocumentReader } from '@gapflow/documents/model-reader';
import { failureReasonOf, type JobHandler } from '@gapflow/queue';
import type { WorkerDependencies } from '../worker-dependencies';
import { recordIntakeFailure } from './intake-failure';

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
        await recordIntakeFailure(deps, { sessionId, tenantId }, 'parse', String(job.id), error);
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
    const [cvRead, jdRead] = await Promise.allSettled([cvDocument ? reader.readCv(cvDocument.text) : undefined, jdDocument ? reader.readJd(jdDocument.text) : undefined]);
    const cv = cvRead.status === 'fulfilled' ? cvRead.value : undefined;
    const jd = jdRead.status === 'fulfilled' ? jdRead.value : undefined;
    const refusals = [cvRead, jdRead].filter((read): read is PromiseRejectedResult => read.status === 'rejected').map((read) => read.reason as unknown);
    // Both refused: one failure that says both.
    const refusal = refusals.length === 2 && refusals.every((reason) => reason instanceof GapflowError) ? new GapflowError((refusals[0] as GapflowError).code, refusals.map((reason) => (reason as GapflowError).message).join(' ')) : refusals[0];
    const withReport = (document: SessionDocument | undefined, report: ParseReport | undefined) => (document && report ? { ...document, report } : document);
    const parsedAlone = { ...(cv ? { cv: cv.cv } : {}), ...(jd ? { jd: jd.jd } : {}) };
    const documents = { ...(cvDocument ? { cv: withReport(cvDocument, cv?.report) } : {}), ...(jdDocument ? { jd: withReport(jdDocument, jd?.report) } : {}) };
    if (refusal !== undefined) {
      // The document that was read is kept, with its report, so that a correction needs to send
      // only the one refused (PATCH with it); the session fails with the refusal.
      if (cv || jd) await deps.state.sessions.update(tenantId, sessionId, (current) => (current.status === 'parsing' ? { ...current, ...parsedAlone, documents } : current));
      throw refusal;
    }
    if (!(cv ?? session.cv) || !(jd ?? session.jd)) {
      throw new GapflowError('VALIDATION_FAILED', 'The session has neither a parsed CV and job description nor the documents to parse them from.');
    }
    if (cv) reports.cv = cv.report;
    if (jd) reports.jd = jd.report;
    await deps.state.sessions.update(tenantId, sessionId, (current) =>
      current.status !== 'parsing' ? current : { ...current, status: 'analyzing', ...parsedAlone, documents },
    );
  } else {
    // A retried job after the session moved on: announce what was recorded.
    if (session.documents?.cv?.report) reports.cv = session.documents.cv.report;
    if (session.documents?.jd?.report) reports.jd = session.documents.jd.report;
  }
  await deps.state.events.append(sessionId, { type: 'documents.parsed', data: reports, idempotencyKey: 'documents.parsed' });
  return { parsed: Object.keys(reports) };
}
