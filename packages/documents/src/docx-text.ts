import { Inflate } from 'fflate';
import mammoth from 'mammoth';
import { DocumentLimits } from './document-limits';
import { documentRefused, type DocumentRole } from './document-refused';

/** One entry of a zip's central directory: where its data starts and how it is stored, as JSZip (mammoth's unzipper) reads it. */
interface ZipEntry {
  method: number;
  compressedSize: number;
  dataStart: number;
}

/**
 * The entries of a zip, from its central directory — the sizes JSZip, and so mammoth, go by —
 * each entry's data found through its local header. Throws on an archive it cannot walk.
 */
function centralDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  // The end-of-central-directory record: in the last 64 KB (its comment is at most 65,535 bytes).
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at -= 1) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error('no central directory');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error('a damaged central directory');
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const localHeader = view.getUint32(at + 42, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (view.getUint32(localHeader, true) !== 0x04034b50) throw new Error('a damaged local header');
    const dataStart = localHeader + 30 + view.getUint16(localHeader + 26, true) + view.getUint16(localHeader + 28, true);
    if (dataStart + compressedSize > bytes.length) throw new Error('an entry past the end of the file');
    entries.push({ method, compressedSize, dataStart });
  }
  return entries;
}

/**
 * The size a zip archive unpacks to, counted while inflating each entry the central directory
 * names (what mammoth will inflate), and given up past `limit`: the sizes an archive declares
 * can lie — in its central directory or its local headers — the bytes it inflates to cannot.
 */
export function unpackedSize(bytes: Uint8Array, limit: number): number {
  let total = 0;
  for (const entry of centralDirectory(bytes)) {
    const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    if (entry.method === 0) {
      total += data.length;
    } else if (entry.method === 8) {
      let over = false;
      const inflate = new Inflate((chunk) => {
        total += chunk.length;
        if (total > limit) over = true;
      });
      // Fed in slices, so that inflating stops soon after the limit instead of at the entry's end.
      for (let offset = 0; offset < data.length && !over; offset += 16_384) inflate.push(data.subarray(offset, offset + 16_384), offset + 16_384 >= data.length);
    } else {
      throw new Error(`compression method ${entry.method}`);
    }
    if (total > limit) return total;
  }
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
