import { Unzip, UnzipInflate } from 'fflate';
import mammoth from 'mammoth';
import { DocumentLimits } from './document-limits';
import { documentRefused, type DocumentRole } from './document-refused';

/**
 * The size a zip archive unpacks to, counted while unpacking and given up past `limit` — the
 * sizes an archive declares can lie, the bytes it inflates to cannot.
 */
export function unpackedSize(bytes: Uint8Array, limit: number): number {
  let total = 0;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file) => {
    file.ondata = (error, chunk) => {
      if (error) throw error;
      total += chunk.length;
      if (total > limit) file.terminate();
    };
    file.start();
  };
  unzip.push(bytes, true);
  return total;
}

/** A Word document's text, a paragraph a line, or a refusal a person can act on. */
export async function docxText(role: DocumentRole, bytes: Uint8Array): Promise<{ text: string }> {
  let size: number;
  try {
    size = unpackedSize(bytes, DocumentLimits.maxDocxUnpackedBytes);
  } catch {
    throw documentRefused(role, 'is not a readable Word document (damaged or cut short)', 'Save it again as .docx or PDF, or paste the text.');
  }
  if (size > DocumentLimits.maxDocxUnpackedBytes) {
    throw documentRefused(
      role,
      `unpacks to more than ${DocumentLimits.maxDocxUnpackedBytes / 1024 / 1024} MB, far more than any CV or job ad`,
      'Send it as a PDF, or paste the text.',
    );
  }
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
  } catch {
    throw documentRefused(role, 'is not a readable Word document (damaged or cut short)', 'Save it again as .docx or PDF, or paste the text.');
  }
  // mammoth ends every paragraph with a blank line; one line a paragraph reads like the PDF's.
  const text = raw.replace(/\n\n/g, '\n').trim();
  if (text.length === 0) throw documentRefused(role, 'is a Word document with no text in it', 'Paste the text instead.');
  return { text };
}
