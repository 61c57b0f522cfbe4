import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnswerEvaluation, Gap, ParsedCV, Question } from '@gapflow/core';
import { ANSWER_TABLE, REPO_ROOT, runGapflowCli, SAMPLE_NAMES, samplePaths } from '@gapflow/testing';

/** Runs the installed `gapflow` bin, as `npx gapflow …` does after `npm install`. */
function gapflow(...args: string[]) {
  return runGapflowCli(args);
}

describe('the gapflow command', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gapflow-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(SAMPLE_NAMES)('prints the gaps of %s as JSON', async (name) => {
    const paths = samplePaths(name);
    const { code, stdout } = await gapflow('gaps', paths.cv, paths.jd);
    expect(code).toBe(0);
    const { gaps } = JSON.parse(stdout) as { gaps: unknown[] };
    expect(gaps.length).toBeGreaterThan(0);
    for (const gap of gaps) expect(Gap.safeParse(gap).success).toBe(true);
  });

  it('prints one question per gap', async () => {
    const paths = samplePaths('sales-manager');
    const { code, stdout } = await gapflow('questions', paths.cv, paths.jd);
    expect(code).toBe(0);
    const { gaps, questions } = JSON.parse(stdout) as { gaps: Gap[]; questions: unknown[] };
    expect(questions).toHaveLength(gaps.length);
    for (const question of questions) expect(Question.safeParse(question).success).toBe(true);
  });

  it('evaluates an answer file, with deep dives for a thin answer', async () => {
    const row = ANSWER_TABLE[0]!;
    const answerFile = join(dir, 'answer.txt');
    writeFileSync(answerFile, row.medium);
    const { code, stdout } = await gapflow('evaluate', '--question', row.question, '--skill', 'K8s', '--answer-file', answerFile);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { evaluation: unknown; deepDives: { criterion: string }[] };
    const evaluation = AnswerEvaluation.parse(result.evaluation);
    expect(evaluation.verdict).toBe('needs_detail');
    expect(result.deepDives.length).toBeGreaterThan(0);
  });

  it.each<[string, string[], string]>([
    ['a missing file', ['gaps', '/nonexistent/cv.json', '/nonexistent/jd.json'], 'The CV file /nonexistent/cv.json does not exist.'],
    ['invalid JSON', ['gaps', 'INVALID_JSON', 'JD'], 'is not valid JSON'],
    ['a schema error, naming the field', ['gaps', 'BAD_CV', 'JD'], 'cv.skills.0: a skill must be a name, or an object { name, years? }'],
    ['a missing flag', ['evaluate', '--skill', 'Go'], 'Missing --question, --answer-file'],
    ['an empty answer file', ['evaluate', '--question', 'q', '--skill', 'Go', '--answer-file', 'EMPTY'], 'text must not be empty'],
  ])('exits non-zero with a clear message on %s', async (_label, rawArgs, expected) => {
    writeFileSync(join(dir, 'invalid.json'), '{ "skills": [');
    writeFileSync(join(dir, 'bad-cv.json'), JSON.stringify({ skills: [7], experience: [] }));
    writeFileSync(join(dir, 'empty.txt'), '   ');
    const files: Record<string, string> = {
      INVALID_JSON: join(dir, 'invalid.json'),
      BAD_CV: join(dir, 'bad-cv.json'),
      JD: samplePaths('ml-engineer').jd,
      EMPTY: join(dir, 'empty.txt'),
    };
    const { code, stdout, stderr } = await gapflow(...rawArgs.map((arg) => files[arg] ?? arg));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(expected);
  });

  it('exits 2 with the usage on an unknown command', async () => {
    const { code, stderr } = await gapflow('summon');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "summon"');
    expect(stderr).toContain('Usage: gapflow <command>');
  });

  describe('reading documents, not only JSON', () => {
    const corpus = join(REPO_ROOT, 'packages', 'documents', 'corpus');

    /** The corpus CV as a PDF, one line of text a line, as an exporting program would write it. */
    async function cvPdf(): Promise<string> {
      const { PDFDocument, StandardFonts } = await import('pdf-lib');
      const document = await PDFDocument.create();
      const font = await document.embedFont(StandardFonts.Helvetica);
      const page = document.addPage([595, 842]);
      readFileSync(join(corpus, 'cv', '00-platform-engineer.txt'), 'utf8')
        .split('\n')
        .forEach((line, index) => line && page.drawText(line.replace('·', '-'), { x: 50, y: 800 - 16 * index, size: 10, font }));
      const path = join(dir, 'cv.pdf');
      writeFileSync(path, await document.save());
      return path;
    }

    it('parses a PDF CV into gapflow’s format, with the parse report', async () => {
      const { code, stdout } = await gapflow('parse', 'cv', await cvPdf());
      expect(code).toBe(0);
      const printed = JSON.parse(stdout) as { kind: string; pages: number; parsed: unknown; report: { warnings: string[]; confidence: Record<string, number> } };
      expect(printed).toMatchObject({ kind: 'pdf', pages: 1 });
      const cv = ParsedCV.parse(printed.parsed);
      expect(cv.experience.map((role) => role.company)).toEqual(['Acme Payments', 'Globex', 'Initech']);
      expect(printed.report.confidence.dates).toBe(1);
    });

    it('finds the gaps between a PDF CV and a Markdown job ad', async () => {
      const { code, stdout } = await gapflow('gaps', await cvPdf(), join(corpus, 'jd', '00-platform-engineer.md'));
      expect(code).toBe(0);
      const { gaps } = JSON.parse(stdout) as { gaps: Gap[] };
      expect(gaps.map((gap) => gap.skill)).toContain('Networking');
      expect(gaps.map((gap) => gap.skill)).not.toContain('Kubernetes');
    });

    it('refuses a file that is no document, saying what to send instead', async () => {
      const binary = join(dir, 'photo.bin');
      writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
      const { code, stderr } = await gapflow('parse', 'jd', binary);
      expect(code).toBe(1);
      expect(stderr).toBe('gapflow: The job description is not a PDF, a Word document (.docx), Markdown or plain text. Send one of those, or paste the text.\n');
    });
  });
});
