import { unzipSync } from 'fflate';
import { documentRefused, type DocumentRole } from './document-refused';

/** What a document is, by its content — never by its name or the type its sender claimed. */
export type DocumentKind = 'pdf' | 'docx' | 'markdown' | 'text';

const PDF_MAGIC = '%PDF-';
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

/** The names in a zip archive, read from its directory without unpacking anything. */
function zipEntryNames(bytes: Uint8Array): string[] | undefined {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        return false;
      },
    });
  } catch {
    return undefined;
  }
  return names;
}

/** Text as UTF-8 (or UTF-16 with its byte-order mark), or undefined for binary data. */
export function decodeText(bytes: Uint8Array): string | undefined {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    // Control characters other than tabs and line breaks do not occur in text people write.
    if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return undefined;
    return text;
  } catch {
    return undefined;
  }
}

/** Markdown by its marks: headings, list items, emphasis or links at the start of lines. */
export function looksLikeMarkdown(text: string): boolean {
  const marks = text.split('\n').filter((line) => /^(#{1,6} |[-*+] |\d+\. |\*\*|> |\[[^\]]+\]\()/.test(line.trim())).length;
  return /^#{1,6} /m.test(text) || marks >= 3;
}

/**
 * Tells a PDF, a Word file (.docx), Markdown and plain text apart by their bytes, and refuses
 * anything else with what to do instead.
 */
export function sniffDocumentKind(role: DocumentRole, bytes: Uint8Array): DocumentKind {
  // PDF readers accept the header anywhere in the first kilobyte.
  if (Buffer.from(bytes.subarray(0, 1024)).includes(PDF_MAGIC)) return 'pdf';
  if (startsWith(bytes, ZIP_MAGIC)) {
    const names = zipEntryNames(bytes);
    if (names?.includes('word/document.xml')) return 'docx';
    throw documentRefused(role, 'is a zip archive but not a Word document (.docx)', 'Send a PDF, a .docx file, Markdown or plain text, or paste the text.');
  }
  if (startsWith(bytes, OLE_MAGIC)) {
    throw documentRefused(role, 'is in the old Word format (.doc)', 'Save it as .docx or PDF and send that, or paste the text.');
  }
  const text = decodeText(bytes);
  if (text === undefined) {
    throw documentRefused(role, 'is not a PDF, a Word document (.docx), Markdown or plain text', 'Send one of those, or paste the text.');
  }
  if (text.trimStart().startsWith('{\\rtf')) {
    throw documentRefused(role, 'is a Rich Text (.rtf) file', 'Save it as .docx or PDF and send that, or paste the text.');
  }
  return looksLikeMarkdown(text) ? 'markdown' : 'text';
}
