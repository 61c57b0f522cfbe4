import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { docxOf } from '@gapflow/testing';

/** The marker a corpus source puts where its right-hand column starts (see packages/documents/corpus/README.md). */
const RIGHT_COLUMN = '@@ right column @@';

/** A source's lines as a person reads them, without the corpus's marker or Markdown marks. */
export function plainLines(source: string): string[] {
  return source
    .split('\n')
    .filter((line) => line.trim() !== RIGHT_COLUMN)
    .map((line) => line.replace(/^#{1,6}\s+/, '').replace(/\*\*/g, '').replace(/^(\s*)[-*+]\s+/, '$1• '));
}

/** The text rendition: the source as it is, less the marker. */
export function textRendition(source: string): string {
  return source
    .split('\n')
    .filter((line) => line.trim() !== RIGHT_COLUMN)
    .join('\n');
}

/** Words of `line` wrapped to `width` points in `font` at `size`, continuation lines indented as a word processor would not (plain). */
function wrap(line: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(candidate, size) > width) {
      out.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current) out.push(current);
  return out.length > 0 ? out : [''];
}

/** Characters Helvetica's WinAnsi encoding cannot draw, replaced by what a PDF printer would. */
function drawable(text: string): string {
  return text.replace(/[→←↔]/g, '->').replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/[^\u0000-\u00ff€–—•…‰™]/g, '?');
}

/**
 * A PDF as an exporting program writes one: A4, Helvetica 10 pt, lines wrapped to the column,
 * new pages as needed; headings a size larger; a row of columns set with spaces keeps its columns. A source with a right-column marker becomes two
 * columns: the main one on the left, the rest on the right from the first heading's height.
 */
export async function pdfRendition(source: string): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const [main, right] = source.split(new RegExp(`^\\s*${RIGHT_COLUMN}\\s*$`, 'm')) as [string, string | undefined];
  const pages: PDFPage[] = [];
  const pageAt = (index: number) => {
    while (pages.length <= index) pages.push(document.addPage([595, 842]));
    return pages[index] as PDFPage;
  };
  const draw = (text: string, x: number, width: number, startY: number): void => {
    let page = 0;
    let y = startY;
    for (const raw of plainLines(text)) {
      if (raw.trim() === '') {
        y -= 8;
        continue;
      }
      const heading = /^[A-Z][A-Za-z &/']{2,40}$/.test(raw.trim()) && raw.trim().split(/\s+/).length <= 4;
      const size = heading ? 11 : 10;
      // A row whose columns are set with runs of spaces (a plain-text form printed to PDF): each
      // column where its first character stands, as a monospaced printout would place it.
      if (/\S {3,}\S/.test(raw) && raw.length * 5 <= width) {
        if (y < 50) {
          page += 1;
          y = 800;
        }
        for (const cell of raw.matchAll(/\S+(?: {1,2}\S+)*/g)) pageAt(page).drawText(drawable(cell[0]), { x: x + (cell.index ?? 0) * 5, y, size, font });
        y -= 14;
        continue;
      }
      for (const piece of wrap(drawable(raw.trim()), font, size, width)) {
        if (y < 50) {
          page += 1;
          y = 800;
        }
        pageAt(page).drawText(piece, { x, y, size, font: heading ? bold : font });
        y -= 14;
      }
    }
  };
  if (right === undefined) {
    draw(main, 50, 495, 800);
  } else {
    // The header (name, contact) spans the page; the columns start under it.
    const lines = main.split('\n');
    const headerEnd = lines.findIndex((line, index) => index > 0 && line.trim() === '');
    const header = lines.slice(0, headerEnd > 0 ? headerEnd : 3).join('\n');
    draw(header, 50, 495, 800);
    const top = 800 - 14 * (plainLines(header).length + 1);
    draw(lines.slice(headerEnd > 0 ? headerEnd : 3).join('\n'), 50, 300, top);
    draw(right, 380, 165, top);
  }
  if (pages.length === 0) pageAt(0);
  return document.save();
}

/**
 * A Word document with a paragraph a line of the source (Markdown marks gone, list items as "•").
 * Spaces around a line go; its tabs stay, leading ones too: a table row's empty first cells keep
 * its other cells in their columns, as a Word table does.
 */
export function docxRendition(source: string): Promise<Uint8Array> {
  return docxOf(plainLines(source).map((line) => line.replace(/^ +| +$/g, '')));
}
