// Writes examples/maya-okafor-cv.pdf from examples/maya-okafor-cv.txt: the PDF CV of the
// README's walk-through, as a word processor would lay it out (name and headings in bold,
// wrapped bullet lines indented). Run after changing the text: node scripts/build-example-cv-pdf.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const root = join(import.meta.dirname, '..');
const lines = readFileSync(join(root, 'examples', 'maya-okafor-cv.txt'), 'utf8').trimEnd().split('\n');
const headings = new Set(['Summary', 'Experience', 'Skills', 'Education', 'Certifications']);

const document = await PDFDocument.create();
// Fixed dates, so the same text always makes the same file.
document.setCreationDate(new Date('2026-01-01T00:00:00Z'));
document.setModificationDate(new Date('2026-01-01T00:00:00Z'));
document.setTitle('Maya Okafor — CV');
const regular = await document.embedFont(StandardFonts.Helvetica);
const bold = await document.embedFont(StandardFonts.HelveticaBold);
const page = document.addPage([595, 842]);
let y = 790;
for (const [index, line] of lines.entries()) {
  if (line.trim() === '') {
    y -= 8;
    continue;
  }
  const isName = index === 0;
  const isHeading = headings.has(line.trim());
  const size = isName ? 18 : isHeading ? 12 : 10;
  const x = line.startsWith('  ') ? 60 : 50;
  page.drawText(line.trim(), { x, y, size, font: isName || isHeading ? bold : regular });
  y -= isName ? 22 : 14;
}
writeFileSync(join(root, 'examples', 'maya-okafor-cv.pdf'), await document.save());
