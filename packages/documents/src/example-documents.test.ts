import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { REPO_ROOT } from '@gapflow/testing';
import { extractDocumentText } from './extract-document-text';
import { parseCvText } from './cv-text-parser';

const examples = join(REPO_ROOT, 'examples');
const nonBlankLines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);

describe('the README walk-through’s example documents', () => {
  it('has a PDF CV that holds its text, line for line (rebuild it with scripts/build-example-cv-pdf.mjs after editing the text)', async () => {
    const { kind, text } = await extractDocumentText('cv', readFileSync(join(examples, 'maya-okafor-cv.pdf')));
    expect(kind).toBe('pdf');
    expect(nonBlankLines(text)).toEqual(nonBlankLines(readFileSync(join(examples, 'maya-okafor-cv.txt'), 'utf8')));
  });

  it('reads the PDF CV with every role, its dates and no warning', async () => {
    const { text } = await extractDocumentText('cv', readFileSync(join(examples, 'maya-okafor-cv.pdf')));
    const { cv, report } = parseCvText(text, loadKnowledgeBase());
    expect(cv.experience.map((role) => [role.title, role.company, role.start, role.end])).toEqual([
      ['Senior Backend Engineer', 'Parcelwise', '2022-02', 'present'],
      ['Backend Engineer', 'Tillbox', '2019-06', '2022-01'],
      ['Junior Developer', 'Brightline Agency', '2018-01', '2019-05'],
    ]);
    expect(report.warnings).toEqual([]);
  });
});
