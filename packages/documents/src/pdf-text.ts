import { dirname, join } from 'node:path';
import { DocumentLimits } from './document-limits';
import { documentRefused, type DocumentRole } from './document-refused';
import { pageText, type PlacedText } from './pdf-layout';

/** The parts of pdf.js this reader uses. */
interface PdfJs {
  getDocument(params: {
    data: Uint8Array;
    isEvalSupported: boolean;
    useSystemFonts: boolean;
    disableFontFace: boolean;
    verbosity: number;
  }): { promise: Promise<PdfDocument> };
}
interface PdfDocument {
  numPages: number;
  getPage(number: number): Promise<{ getTextContent(): Promise<{ items: Array<{ str?: string; transform?: number[]; width?: number; height?: number }> }> }>;
  destroy(): Promise<void>;
}

let pdfjs: PdfJs | undefined;

/**
 * Mozilla's pdf.js as unpdf bundles it for servers: no canvas, no native code, no workers.
 * unpdf exports that bundle to `import` only, so it is required by its path (Node 20.19 and
 * later load an ES module through `require`; jest transforms it, see jest.config.js).
 */
function loadPdfJs(): PdfJs {
  pdfjs ??= require(join(dirname(require.resolve('unpdf')), 'pdfjs.mjs')) as PdfJs;
  return pdfjs;
}

/** Text needs at least this many letters or digits to be a text layer rather than a scan's stray marks. */
const MIN_TEXT_CHARACTERS = 20;

/** A PDF's text in reading order, page by page (see `pageText`), or a refusal a person can act on. */
export async function pdfText(role: DocumentRole, bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  let document: PdfDocument;
  try {
    // A copy: pdf.js takes ownership of the buffer it is given.
    document = await loadPdfJs().getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  } catch (error) {
    if ((error as { name?: string }).name === 'PasswordException') {
      throw documentRefused(role, 'is a PDF that needs a password to open', 'Remove the password (save or print it to a new PDF), or paste the text.');
    }
    throw documentRefused(role, 'is not a readable PDF (damaged or cut short)', 'Export it again from the program that made it, or paste the text.');
  }
  try {
    if (document.numPages > DocumentLimits.maxPdfPages) {
      throw documentRefused(role, `has ${document.numPages} pages; gapflow reads at most ${DocumentLimits.maxPdfPages}`, 'Send the document alone, without attachments, or paste the text.');
    }
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const content = await (await document.getPage(number)).getTextContent();
      const items: PlacedText[] = content.items
        .filter((item) => typeof item.str === 'string' && Array.isArray(item.transform))
        .map((item) => {
          const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
          return { text: item.str as string, x, y, width: item.width ?? 0, size: Math.hypot(c, d) || Math.hypot(a, b) || item.height || 10 };
        });
      pages.push(pageText(items));
    }
    const text = pages.join('\n\n');
    if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length < MIN_TEXT_CHARACTERS) {
      throw documentRefused(role, 'is a PDF without a text layer (a scan or an image of text)', 'Paste the text, or export the document to PDF from the program that made it.');
    }
    return { text, pages: document.numPages };
  } finally {
    await document.destroy();
  }
}
