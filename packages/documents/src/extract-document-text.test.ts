import JSZip from 'jszip';
import { isGapflowError } from '@gapflow/core';
import { extractDocumentText, pastedDocumentText } from './extract-document-text';
import { DocumentLimits } from './document-limits';
import { column, docxOf, passwordProtectedPdf, pdfOf, scannedPdf } from './test-documents.fixture';

async function refusal(bytes: Uint8Array, role: 'cv' | 'jd' = 'cv'): Promise<{ code: string; message: string; path: string }> {
  const error = await extractDocumentText(role, bytes).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isGapflowError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { code: error.code, message: error.message, path: error.details?.[0]?.path ?? '' };
}

const CV_LINES = ['Jane Doe', 'Platform Engineer', '', 'Experience', 'Senior SRE, Acme — Jan 2020 – Present', '- Cut deploy time from 40 to 8 minutes'];

describe('extractDocumentText', () => {
  it('reads a PDF’s text layer, line by line, in reading order', async () => {
    const pdf = await pdfOf([column(['Jane Doe', 'Platform Engineer', 'Experience', 'Senior SRE, Acme — Jan 2020 – Present', '• Cut deploy time from 40 to 8 minutes'])]);
    const { kind, text, pages } = await extractDocumentText('cv', pdf);
    expect({ kind, pages }).toEqual({ kind: 'pdf', pages: 1 });
    expect(text.split('\n')).toEqual(['Jane Doe', 'Platform Engineer', 'Experience', 'Senior SRE, Acme — Jan 2020 – Present', '• Cut deploy time from 40 to 8 minutes']);
  });

  it('reads a two-column PDF column by column, the name across both columns first', async () => {
    const left = column(['Experience', 'Senior SRE, Acme', 'Jan 2020 – Present', 'Built the deploy pipeline', 'SRE, Globex', '2017 – 2019', 'Ran the on-call rotation'], 50, 740);
    const right = column(['Skills', 'Terraform', 'Kubernetes', 'Go', 'Education', 'BSc Computer Science'], 380, 740);
    const pdf = await pdfOf([[{ text: 'Jane Doe — Platform Engineer', x: 150, y: 800, size: 16 }, ...left, ...right]]);
    const lines = (await extractDocumentText('cv', pdf)).text.split('\n').filter(Boolean);
    expect(lines).toEqual(['Jane Doe — Platform Engineer', 'Experience', 'Senior SRE, Acme', 'Jan 2020 – Present', 'Built the deploy pipeline', 'SRE, Globex', '2017 – 2019', 'Ran the on-call rotation', 'Skills', 'Terraform', 'Kubernetes', 'Go', 'Education', 'BSc Computer Science']);
  });

  it('keeps a date set at a tab stop on its role’s line, not as a second column', async () => {
    const roles = ['Senior SRE, Acme', 'SRE, Globex', 'Engineer, Initech', 'Intern, Hooli', 'Support, Umbrella', 'Trainee, Stark', 'Clerk, Wayne', 'Helper, Oscorp'];
    const dates = ['2020 – Present', '2017 – 2019', '2015 – 2017', '2014', '2012 – 2014', '2011', '2010', '2009'];
    const pdf = await pdfOf([[...column(roles), ...column(dates, 430)]]);
    const lines = (await extractDocumentText('cv', pdf)).text.split('\n');
    expect(lines[0]).toBe('Senior SRE, Acme\t2020 – Present');
    expect(lines).toHaveLength(roles.length);
  });

  it('reads every page, in order', async () => {
    const pdf = await pdfOf([column(['Page one: Experience at Acme since 2020']), column(['Page two: Education, BSc Computer Science'])]);
    const { text, pages } = await extractDocumentText('cv', pdf);
    expect(pages).toBe(2);
    expect(text).toBe('Page one: Experience at Acme since 2020\n\nPage two: Education, BSc Computer Science');
  });

  it('reads a Word document a paragraph a line', async () => {
    const { kind, text } = await extractDocumentText('cv', await docxOf(CV_LINES.filter(Boolean)));
    expect(kind).toBe('docx');
    expect(text.split('\n')).toEqual(CV_LINES.filter(Boolean));
  });

  it('reads Markdown and plain text as they are, with line breaks and spaces made plain', async () => {
    const markdown = await extractDocumentText('jd', Buffer.from('# Platform Engineer\r\n\r\n## Must have\r\n- 5+ years of Go\r\n- Terraform\u00a0\r\n'));
    expect(markdown).toEqual({ kind: 'markdown', text: '# Platform Engineer\n\n## Must have\n- 5+ years of Go\n- Terraform' });
    const text = await extractDocumentText('jd', Buffer.from('\ufeffPlatform Engineer at Acme\n\n\n\nWe need Go and Terraform.'));
    expect(text).toEqual({ kind: 'text', text: 'Platform Engineer at Acme\n\nWe need Go and Terraform.' });
    const utf16 = await extractDocumentText('jd', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Platform Engineer — Zürich', 'utf16le')]));
    expect(utf16.text).toBe('Platform Engineer — Zürich');
  });

  it('takes pasted text as text, whatever it holds, Markdown by its marks', () => {
    expect(pastedDocumentText('%PDF-1.7 is the version our archive uses\r\nWe need Go.')).toEqual({ kind: 'text', text: '%PDF-1.7 is the version our archive uses\nWe need Go.' });
    expect(pastedDocumentText('# Backend Engineer\n\n## Must have\n- Go').kind).toBe('markdown');
  });

  it('tells the kind by content, not by any name: a PDF is a PDF whatever it is called', async () => {
    const pdf = await pdfOf([column(['Jane Doe, platform engineer since 2015'])]);
    expect((await extractDocumentText('cv', pdf)).kind).toBe('pdf');
    expect((await extractDocumentText('cv', await docxOf(['Jane Doe, platform engineer since 2015']))).kind).toBe('docx');
  });

  describe('refuses, with what to do instead', () => {
    it('a scanned PDF (no text layer): paste the text', async () => {
      const refused = await refusal(await scannedPdf());
      expect(refused).toMatchObject({ code: 'DOCUMENT_REFUSED', path: 'cv' });
      expect(refused.message).toMatch(/without a text layer.*Paste the text/);
    });

    it('a PDF that needs a password', async () => {
      const refused = await refusal(await passwordProtectedPdf(), 'jd');
      expect(refused).toMatchObject({ code: 'DOCUMENT_REFUSED', path: 'jd' });
      expect(refused.message).toMatch(/^The job description is a PDF that needs a password.*Remove the password/);
    });

    it('a PDF of more than 20 pages', async () => {
      const pages = Array.from({ length: DocumentLimits.maxPdfPages + 1 }, (_, index) => column([`Page ${index + 1} of a long document`]));
      expect((await refusal(await pdfOf(pages))).message).toMatch(/has 21 pages; gapflow reads at most 20/);
      await expect(extractDocumentText('cv', await pdfOf(pages.slice(0, DocumentLimits.maxPdfPages)))).resolves.toMatchObject({ pages: 20 });
    });

    it('a file over 5 MB', async () => {
      const big = Buffer.alloc(DocumentLimits.maxFileBytes + 1, 'a');
      expect((await refusal(big)).message).toMatch(/is 5\.0 MB; gapflow reads files of up to 5 MB/);
    });

    it('a Word document that unpacks to an absurd size (a zip bomb), without unpacking all of it', async () => {
      const bomb = await docxOf(['Jane Doe'], `<!--${' '.repeat(DocumentLimits.maxDocxUnpackedBytes + 1024)}-->`);
      expect(bomb.length).toBeLessThan(DocumentLimits.maxFileBytes);
      expect((await refusal(bomb)).message).toMatch(/unpacks to more than 50 MB/);
    });

    it('a zip bomb whose local headers lie about their sizes (JSZip, mammoth’s unzipper, goes by the central directory)', async () => {
      const bomb = Buffer.from(await docxOf(['Jane Doe'], `<!--${' '.repeat(DocumentLimits.maxDocxUnpackedBytes + 1024)}-->`));
      // Every local header says "0 bytes, compressed and not": a reader that trusts them skips the data.
      for (let at = bomb.indexOf('PK\x03\x04'); at >= 0; at = bomb.indexOf('PK\x03\x04', at + 4)) bomb.fill(0, at + 18, at + 26);
      expect((await refusal(bomb)).message).toMatch(/unpacks to more than 50 MB/);
    });

    it('a damaged PDF or Word document', async () => {
      const pdf = await pdfOf([column(['Jane Doe, platform engineer since 2015'])]);
      expect((await refusal(pdf.subarray(0, 200))).message).toMatch(/not a readable PDF/);
      const docx = await docxOf(['Jane Doe']);
      expect((await refusal(docx.subarray(0, docx.length - 40))).message).toMatch(/not a readable Word document|zip archive but not a Word document/);
    });

    it('anything that is not one of the four types, naming what it is where it can', async () => {
      const zip = new JSZip();
      zip.file('notes.txt', 'hello');
      expect((await refusal(await zip.generateAsync({ type: 'uint8array' }))).message).toMatch(/zip archive but not a Word document/);
      expect((await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]))).message).toMatch(/old Word format \(\.doc\)/);
      expect((await refusal(Buffer.from('{\\rtf1\\ansi Jane Doe}'))).message).toMatch(/Rich Text/);
      expect((await refusal(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==', 'base64'))).message).toMatch(
        /is not a PDF, a Word document \(\.docx\), Markdown or plain text/,
      );
      expect((await refusal(Buffer.alloc(0))).message).toMatch(/empty file/);
    });
  });
});
