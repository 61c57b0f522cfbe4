/** @gapflow/documents — a CV or a job ad as people have them (PDF, Word, Markdown, text), turned into text and parsed. */
export { extractDocumentText, normalizeText, pastedDocumentText, type DocumentText } from './extract-document-text';
export { decodeText, sniffDocumentKind, type DocumentKind } from './document-kind';
export { documentRefused, type DocumentRole } from './document-refused';
export { DocumentLimits } from './document-limits';
export { pageText, type PlacedText } from './pdf-layout';
export { parseCvText } from './cv-text-parser';
export { parseJdText } from './jd-text-parser';
export { findDateRange, type DateRange } from './date-range';
export type { ParseReport } from './parse-report';
export { OfflineDocumentReader, OFFLINE_PARSER, type DocumentReader, type ReadCv, type ReadJd } from './document-reader';
