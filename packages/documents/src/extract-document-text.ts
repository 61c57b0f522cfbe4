import { DocumentLimits } from './document-limits';
import { decodeText, looksLikeMarkdown, sniffDocumentKind, type DocumentKind } from './document-kind';
import { documentRefused, type DocumentRole } from './document-refused';
import { docxText } from './docx-text';
import { pdfText } from './pdf-text';

/** A document's text as gapflow keeps it (the file itself is never kept), and what it was. */
export interface DocumentText {
  kind: DocumentKind;
  text: string;
  /** A PDF's pages. */
  pages?: number;
}

/** Line breaks as `\n`, no trailing spaces, no runs of blank lines, no non-breaking or zero-width spaces. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u200b\u200c\u200d\ufeff]/g, '')
    .split('\n')
    // Line by line: a regex anchored at line ends backtracks over every run of spaces (quadratic).
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The text of a CV or a job ad sent as a file: a PDF (lines and columns rebuilt from where the
 * text sits), a Word document, Markdown or plain text, told apart by content. Anything else,
 * or a file gapflow cannot read, is refused with what to do instead (`DOCUMENT_REFUSED`).
 */
export async function extractDocumentText(role: DocumentRole, bytes: Uint8Array): Promise<DocumentText> {
  if (bytes.length > DocumentLimits.maxFileBytes) {
    throw documentRefused(role, `is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; gapflow reads files of up to ${DocumentLimits.maxFileBytes / 1024 / 1024} MB`, 'Send it without images or attachments, or paste the text.');
  }
  if (bytes.length === 0) throw documentRefused(role, 'is an empty file', 'Choose the file again, or paste the text.');
  const kind = sniffDocumentKind(role, bytes);
  switch (kind) {
    case 'pdf': {
      const { text, pages } = await pdfText(role, bytes);
      return { kind, text: normalizeText(text), pages };
    }
    case 'docx':
      return { kind, text: normalizeText((await docxText(role, bytes)).text) };
    case 'markdown':
    case 'text': {
      const text = normalizeText(decodeText(bytes) ?? '');
      if (text.length === 0) throw documentRefused(role, 'has no text in it', 'Choose the file again, or paste the text.');
      return { kind, text };
    }
  }
}

/**
 * Text a person pasted: Markdown or plain text by its marks, made plain — never sniffed as a
 * file would be (pasted text that happens to hold "%PDF-" is still text).
 */
export function pastedDocumentText(text: string): DocumentText {
  return { kind: looksLikeMarkdown(text) ? 'markdown' : 'text', text: normalizeText(text) };
}
