import { createHash } from 'node:crypto';
import { PDFDocument, PDFHexString, StandardFonts } from 'pdf-lib';

/** A line of text placed on a page, in points from the bottom left (A4: 595 × 842). */
export interface PlacedLine {
  text: string;
  x: number;
  y: number;
  size?: number;
}

/** A PDF with real text layers, one entry of `pages` per page (made by pdf-lib, as an exporting program would). */
export async function pdfOf(pages: readonly (readonly PlacedLine[])[]): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = document.addPage([595, 842]);
    for (const line of lines) page.drawText(line.text, { x: line.x, y: line.y, size: line.size ?? 11, font });
  }
  return document.save();
}

/** Lines one under the other from the top of an A4 page, 16 points apart. */
export function column(lines: readonly string[], x = 50, top = 790, size = 11): PlacedLine[] {
  return lines.map((text, index) => ({ text, x, y: top - 16 * index, size }));
}

/** A "scan": a page holding only an image, no text layer. */
export async function scannedPdf(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  // A 1×1 grey PNG, drawn over the page as a scanner's image would be.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==', 'base64');
  const image = await document.embedPng(png);
  document.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  return document.save();
}

const PASSWORD_PADDING = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, index) => index);
  for (let i = 0, j = 0; i < 256; i += 1) {
    j = (j + (s[i] as number) + (key[i % key.length] as number)) & 255;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n += 1) {
    i = (i + 1) & 255;
    j = (j + (s[i] as number)) & 255;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
    out[n] = (data[n] as number) ^ (s[((s[i] as number) + (s[j] as number)) & 255] as number);
  }
  return out;
}

const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();
const padded = (password: string) => Buffer.concat([Buffer.from(password, 'latin1'), PASSWORD_PADDING]).subarray(0, 32);

/**
 * A PDF that needs a user password to open: the standard security handler, revision 2 (RC4,
 * 40-bit), its O and U entries computed as the PDF specification says. Its content is not
 * encrypted — a reader asks for the password before it gets there.
 */
export async function passwordProtectedPdf(userPassword = 'secret'): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage([595, 842]).drawText('Confidential CV of Jane Doe, platform engineer', { x: 50, y: 790, size: 11, font });
  const permissions = -44;
  const owner = rc4(md5(padded('owner-password')).subarray(0, 5), padded(userPassword));
  const id = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const key = md5(padded(userPassword), owner, p, id).subarray(0, 5);
  const user = rc4(key, PASSWORD_PADDING);
  const encrypt = document.context.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFHexString.of(owner.toString('hex')), U: PDFHexString.of(user.toString('hex')), P: permissions });
  document.context.trailerInfo.Encrypt = document.context.register(encrypt);
  document.context.trailerInfo.ID = document.context.obj([PDFHexString.of(id.toString('hex')), PDFHexString.of(id.toString('hex'))]);
  return document.save({ useObjectStreams: false });
}

export { docxOf } from '@gapflow/testing';
