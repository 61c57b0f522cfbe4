import { ParsedCV, ParsedJD } from '@gapflow/core';
import { decodeText, extractDocumentText, parseCvText, parseJdText, type DocumentKind, type DocumentRole, type ParseReport } from '@gapflow/documents';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { parseJsonFile, readFileOf } from './read-json-file';

export interface ReadDocument<T> {
  kind: DocumentKind | 'json';
  pages?: number;
  parsed: T;
  /** How the document was read; absent for one given already parsed, as JSON. */
  report?: ParseReport;
}

const WHAT: Record<DocumentRole, string> = { cv: 'CV', jd: 'JD' };

/**
 * A CV or a job description from a file: already parsed, as JSON in gapflow's format; or a
 * document — PDF, Word, Markdown or text — read and parsed by the offline parser, with its report.
 */
export async function readCvOrJdFile(path: string, role: 'cv'): Promise<ReadDocument<ParsedCV>>;
export async function readCvOrJdFile(path: string, role: 'jd'): Promise<ReadDocument<ParsedJD>>;
export async function readCvOrJdFile(path: string, role: DocumentRole): Promise<ReadDocument<ParsedCV | ParsedJD>> {
  const bytes = readFileOf(path, WHAT[role]);
  const text = decodeText(bytes);
  if (text?.trim().startsWith('{')) return { kind: 'json', parsed: parseJsonFile(bytes.toString('utf8'), path, role === 'cv' ? ParsedCV : ParsedJD, WHAT[role]) };
  const { kind, text: documentText, pages } = await extractDocumentText(role, bytes);
  const knowledge = loadKnowledgeBase();
  const read = { kind, ...(pages !== undefined ? { pages } : {}) };
  if (role === 'cv') {
    const { cv, report } = parseCvText(documentText, knowledge);
    return { ...read, parsed: cv, report };
  }
  const { jd, report } = parseJdText(documentText, knowledge);
  return { ...read, parsed: jd, report };
}
