import { readFileSync } from 'node:fs';
import { GapflowError, ParsedCV, ParsedJD } from '@gapflow/core';
import { decodeText, extractDocumentText, parseCvText, parseJdText, type DocumentKind, type DocumentRole, type ParseReport } from '@gapflow/documents';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { readJsonFile } from './read-json-file';

export interface ReadDocument<T> {
  kind: DocumentKind | 'json';
  pages?: number;
  parsed: T;
  /** How the document was read; absent for one given already parsed, as JSON. */
  report?: ParseReport;
}

const WHAT: Record<DocumentRole, string> = { cv: 'CV', jd: 'JD' };

function readBytes(path: string, role: DocumentRole): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'unknown error'})`;
    throw new GapflowError('VALIDATION_FAILED', `The ${WHAT[role]} file ${path} ${why}.`);
  }
}

/**
 * A CV or a job description from a file: already parsed, as JSON in gapflow's format; or a
 * document — PDF, Word, Markdown or text — read and parsed by the offline parser, with its report.
 */
export async function readCvOrJdFile(path: string, role: 'cv'): Promise<ReadDocument<ParsedCV>>;
export async function readCvOrJdFile(path: string, role: 'jd'): Promise<ReadDocument<ParsedJD>>;
export async function readCvOrJdFile(path: string, role: DocumentRole): Promise<ReadDocument<ParsedCV | ParsedJD>> {
  const bytes = readBytes(path, role);
  const text = decodeText(bytes)?.trim();
  if (text?.startsWith('{')) return { kind: 'json', parsed: readJsonFile(path, role === 'cv' ? ParsedCV : ParsedJD, WHAT[role]) };
  const { kind, text: documentText, pages } = await extractDocumentText(role, bytes);
  const knowledge = loadKnowledgeBase();
  const { parsed, report } = role === 'cv' ? (({ cv, report }) => ({ parsed: cv, report }))(parseCvText(documentText, knowledge)) : (({ jd, report }) => ({ parsed: jd, report }))(parseJdText(documentText, knowledge));
  return { kind, ...(pages !== undefined ? { pages } : {}), parsed, report };
}
