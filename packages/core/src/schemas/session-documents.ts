import { z } from 'zod';
import { Limits } from '../limits';
import { ProviderInfo } from './provider';

/** What a parser found and how sure it is: what a person checks before correcting it. */
export const ParseReport = z.object({
  /** 0–1 per field: how much of what the field needs was found, and how plainly. */
  confidence: z.record(z.string(), z.number().min(0).max(1)),
  /** Sentences a person can act on: what was not found, what was assumed. */
  warnings: z.array(z.string()),
  /** Who read the document: gapflow's offline parser, or Gemini (and whether it fell back to the offline parser). */
  source: ProviderInfo.optional(),
});
export type ParseReport = z.infer<typeof ParseReport>;

/** What a document was, by its content. */
export const DocumentKind = z.enum(['pdf', 'docx', 'markdown', 'text']);
export type DocumentKind = z.infer<typeof DocumentKind>;

/**
 * A CV or job ad a session was created from: its text (the file itself is never kept), what it
 * was, and — once parsed — the parse report. It lives as long as the session and is erased with it.
 */
export const SessionDocument = z.object({
  kind: DocumentKind,
  text: z.string().max(Limits.maxDocumentTextChars),
  pages: z.number().int().min(1).optional(),
  report: ParseReport.optional(),
});
export type SessionDocument = z.infer<typeof SessionDocument>;

export const SessionDocuments = z.object({ cv: SessionDocument.optional(), jd: SessionDocument.optional() });
export type SessionDocuments = z.infer<typeof SessionDocuments>;
