import type { ErrorCode } from '@gapflow/core';
import { reasonToFallBack, structuredCall, type CallOutput, type FallbackListener, type LanguageModel } from '@gapflow/llm';
import type { KnowledgeBase } from '@gapflow/retrieval';
import { cvFromExtraction } from './cv-extraction-check';
import { OfflineDocumentReader, type DocumentReader, type ReadCv, type ReadJd } from './document-reader';
import { jdFromExtraction } from './jd-extraction-check';
import type { ParseReport } from './parse-report';

/**
 * Reads documents with a language model (Gemini, resilient and metered, without its offline
 * fallback): structured extraction against the schema of `CvExtraction` / `JdExtraction`, every
 * item then checked against the text it came from (see `cvFromExtraction`). On an outage (the
 * same ones every other call falls back on), or when what the model read does not hold up
 * against the text, the offline parsers read the document, and the report says so
 * (`source.fallback`, `fallbackReason`). A defect is not hidden behind the fallback: it fails.
 */
export class ModelDocumentReader implements DocumentReader {
  private readonly offline: OfflineDocumentReader;

  constructor(
    private readonly model: LanguageModel,
    private readonly knowledge: KnowledgeBase,
    private readonly onFallback: FallbackListener = () => undefined,
  ) {
    this.offline = new OfflineDocumentReader(knowledge);
  }

  async readCv(text: string, options: { signal?: AbortSignal } = {}): Promise<ReadCv> {
    const read = await this.extract('cvExtraction', text, options, (value, source) => {
      const checked = cvFromExtraction(value, text, this.knowledge);
      return checked && { cv: checked.cv, report: { ...checked.report, source } };
    });
    if ('value' in read) return read.value;
    return this.fellBack(await this.offline.readCv(text), read.reason);
  }

  async readJd(text: string, options: { signal?: AbortSignal } = {}): Promise<ReadJd> {
    const read = await this.extract('jdExtraction', text, options, (value, source) => {
      const checked = jdFromExtraction(value, text, this.knowledge);
      return checked && { jd: checked.jd, report: { ...checked.report, source } };
    });
    if ('value' in read) return read.value;
    return this.fellBack(await this.offline.readJd(text), read.reason);
  }

  /** The model's reading, checked; or why the offline parser reads the document instead. */
  private async extract<K extends 'cvExtraction' | 'jdExtraction', T>(
    kind: K,
    text: string,
    options: { signal?: AbortSignal },
    check: (value: CallOutput<K>, source: NonNullable<ParseReport['source']>) => T | undefined,
  ): Promise<{ value: T } | { reason: ErrorCode }> {
    let reason: ErrorCode;
    try {
      const result = await this.model.generate(structuredCall(kind, { text }), options);
      const checked = check(result.value, result.source);
      if (checked) return { value: checked };
      reason = 'UPSTREAM_INVALID_OUTPUT';
    } catch (error) {
      const outage = reasonToFallBack(error);
      if (!outage) throw error;
      reason = outage;
    }
    this.onFallback(reason, kind);
    return { reason };
  }

  private fellBack<T extends { report: ParseReport }>(read: T, reason: ErrorCode): T {
    const source = { ...read.report.source!, fallback: true, fallbackReason: reason };
    const why = reason === 'UPSTREAM_INVALID_OUTPUT' ? 'what Gemini read did not hold up against the text' : 'Gemini was unavailable';
    return { ...read, report: { ...read.report, source, warnings: [`Read by gapflow’s offline parser: ${why}.`, ...read.report.warnings] } };
  }
}
