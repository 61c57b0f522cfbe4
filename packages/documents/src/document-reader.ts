import type { ParsedCV, ParsedJD, ProviderInfo } from '@gapflow/core';
import type { KnowledgeBase } from '@gapflow/retrieval';
import { parseCvText } from './cv-text-parser';
import { parseJdText } from './jd-text-parser';
import type { ParseReport } from './parse-report';

/** The offline parsers, as a report's `source` names them. */
export const OFFLINE_PARSER = 'gapflow-offline-parser-1';

/** A CV read from its text, with its report (and who read it, in `report.source`). */
export interface ReadCv {
  cv: ParsedCV;
  report: ParseReport;
}

export interface ReadJd {
  jd: ParsedJD;
  report: ParseReport;
}

/**
 * Reads a CV or a job ad from its text into the structure gapflow reads: the offline parsers,
 * or a language model held to the text with the offline parsers as its fallback. A document
 * gapflow cannot read is `DOCUMENT_REFUSED`, whoever reads it.
 */
export interface DocumentReader {
  readCv(text: string, options?: { signal?: AbortSignal }): Promise<ReadCv>;
  readJd(text: string, options?: { signal?: AbortSignal }): Promise<ReadJd>;
}

/** The embedded reader: the offline parsers, deterministic, a few milliseconds a document. */
export class OfflineDocumentReader implements DocumentReader {
  private readonly source: ProviderInfo = { provider: 'offline', model: OFFLINE_PARSER };

  constructor(private readonly knowledge: KnowledgeBase) {}

  async readCv(text: string): Promise<ReadCv> {
    const { cv, report } = parseCvText(text, this.knowledge);
    return { cv, report: { ...report, source: this.source } };
  }

  async readJd(text: string): Promise<ReadJd> {
    const { jd, report } = parseJdText(text, this.knowledge);
    return { jd, report: { ...report, source: this.source } };
  }
}
