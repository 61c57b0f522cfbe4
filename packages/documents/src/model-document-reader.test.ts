import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GeminiLanguageModel, type CvExtraction, type JdExtraction } from '@gapflow/llm';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { GeminiTestServer, REPO_ROOT } from '@gapflow/testing';
import { ModelDocumentReader } from './model-document-reader';
import { OfflineDocumentReader } from './document-reader';

const corpus = join(REPO_ROOT, 'packages', 'documents', 'corpus');
const cvText = readFileSync(join(corpus, 'cv', '00-platform-engineer.txt'), 'utf8');
const jdText = readFileSync(join(corpus, 'jd', '00-platform-engineer.md'), 'utf8');
const knowledge = loadKnowledgeBase();

/** What a careful model reads from the CV — and two things it made up: a skill and an employer. */
const cvReading: CvExtraction = {
  name: 'Jane Doe',
  headline: 'Platform Engineer',
  summary: 'Platform engineer with nine years of running production infrastructure for payment companies.',
  skills: [
    { name: 'Go', years: 5 },
    { name: 'Kubernetes', years: null },
    { name: 'Terraform', years: 7 },
    { name: 'Rust', years: 3 },
  ],
  experience: [
    {
      title: 'Senior Site Reliability Engineer',
      company: 'Acme Payments',
      start: '2020-01',
      end: 'present',
      highlights: ['Cut deploy time from 40 to 8 minutes by rebuilding the CI pipeline on GitHub Actions', 'Led the migration of 120 services to Kubernetes, saving $2M a year'],
    },
    { title: 'DevOps Engineer', company: 'Globex', start: '2017-03', end: '2019-12', highlights: ['Wrote the Terraform modules every team used for AWS accounts'] },
    { title: 'Staff Engineer', company: 'Hooli', start: '2012', end: '2014', highlights: [] },
  ],
  education: [{ institution: 'Technische Universität Berlin', degree: 'BSc', field: 'Computer Science', end: '2014' }],
  certifications: ['Certified Kubernetes Administrator (CKA)', 'Google Cloud Professional Architect'],
};

describe('reading documents with Gemini, held to their text (ModelDocumentReader)', () => {
  let server: GeminiTestServer;
  let fallbacks: string[];
  let reader: ModelDocumentReader;

  beforeAll(async () => {
    server = await GeminiTestServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
    fallbacks = [];
    const model = new GeminiLanguageModel({ apiKey: 'test-key', baseUrl: server.url, models: { fast: 'gemini-2.5-flash-lite', quality: 'gemini-2.5-flash' } });
    reader = new ModelDocumentReader(model, knowledge, (reason, kind) => fallbacks.push(`${kind}:${reason}`));
  });

  it('asks for the extraction schema with the CV as the call’s text, outside any context cache', async () => {
    server.script('generate', { reply: cvReading });
    await reader.readCv(cvText);
    const [request] = server.requests;
    const config = request?.body.generationConfig as Record<string, unknown>;
    expect(config.responseMimeType).toBe('application/json');
    expect(Object.keys((config.responseJsonSchema as { properties: object }).properties)).toEqual(['name', 'headline', 'summary', 'skills', 'experience', 'education', 'certifications']);
    expect(JSON.stringify(request?.body.contents)).toContain('Task: cvExtraction');
    expect(JSON.stringify(request?.body.contents)).toContain('Led the migration of 120 services to Kubernetes');
    expect(request?.body.cachedContent).toBeUndefined();
  });

  it('keeps what the CV says and leaves out, reporting them, the skill, employer, highlight and certification it does not', async () => {
    server.script('generate', { reply: cvReading });
    const { cv, report } = await reader.readCv(cvText);
    expect(cv.skills).toEqual([{ name: 'Go', years: 5 }, 'Kubernetes', 'Terraform']);
    expect(cv.experience.map((role) => role.company)).toEqual(['Acme Payments', 'Globex']);
    expect(cv.experience[0]).toMatchObject({ start: '2020-01', end: 'present', highlights: ['Cut deploy time from 40 to 8 minutes by rebuilding the CI pipeline on GitHub Actions'] });
    expect(cv.certifications).toEqual(['Certified Kubernetes Administrator (CKA)']);
    expect(cv.education).toEqual([{ institution: 'Technische Universität Berlin', degree: 'BSc', field: 'Computer Science', end: '2014' }]);
    expect(report.source).toEqual({ provider: 'gemini', model: 'gemini-2.5-flash-lite', fallback: false });
    expect(report.warnings).toEqual([
      'Gemini named 1 skill the CV does not contain ("Rust"); left out.',
      'Gemini named 1 role whose title or employer the CV does not contain ("Staff Engineer at Hooli"); left out.',
      '1 highlight was not in the CV’s own words and left out.',
    ]);
    // Terraform's 7 years are not in the CV: the skill stays, its years go.
    expect(report.confidence).toMatchObject({ skills: 0.75, experience: 0.67, dates: 1 });
    expect(fallbacks).toEqual([]);
  });

  it('reads a job ad, dropping a requirement the ad does not name and years it does not state', async () => {
    const jdReading: JdExtraction = {
      title: 'Senior Platform Engineer',
      company: '',
      seniority: 'senior',
      requirements: [
        { skill: 'Go', importance: 'must', years: 5 },
        { skill: 'Networking', importance: 'should', years: 11 },
        { skill: 'COBOL', importance: 'nice', years: null },
      ],
      responsibilities: [],
    };
    server.script('generate', { reply: jdReading });
    const { jd, report } = await reader.readJd(jdText);
    expect(jd.title).toBe('Senior Platform Engineer');
    expect(jd.requirements).toEqual([
      { skill: 'Go', importance: 'must', years: 5 },
      { skill: 'Networking', importance: 'should' },
    ]);
    expect(report.warnings).toEqual(['Gemini named 1 requirement the job description does not contain ("COBOL"); left out.', '1 requirement had years the job description does not state; dropped.']);
  });

  it('falls back to the offline parser, and says so, when what Gemini read does not hold up against the text', async () => {
    // The server's own reply: schema-valid text that is not in the CV at all.
    const { cv, report } = await reader.readCv(cvText);
    expect(cv).toEqual((await new OfflineDocumentReader(knowledge).readCv(cvText)).cv);
    expect(report.source).toEqual({ provider: 'offline', model: 'gapflow-offline-parser-1', fallback: true, fallbackReason: 'UPSTREAM_INVALID_OUTPUT' });
    expect(report.warnings[0]).toBe('Read by gapflow’s offline parser: what Gemini read did not hold up against the text.');
    expect(fallbacks).toEqual(['cvExtraction:UPSTREAM_INVALID_OUTPUT']);
  });

  it('falls back to the offline parser on an outage, as every other call does', async () => {
    server.script('generate', { status: 503 });
    const { jd, report } = await reader.readJd(jdText);
    expect(jd.title).toBe('Senior Platform Engineer');
    expect(report.source).toMatchObject({ provider: 'offline', fallback: true, fallbackReason: 'UPSTREAM_UNAVAILABLE' });
    expect(fallbacks).toEqual(['jdExtraction:UPSTREAM_UNAVAILABLE']);
  });

  it('falls back when Gemini’s reply breaks the schema (cut off, a field missing), after one retry', async () => {
    server.script('generate', { reply: { ...cvReading, skills: [{ name: 'Go' }] } }, { reply: { name: 'Jane Doe' } });
    const { report } = await reader.readCv(cvText);
    expect(report.source).toMatchObject({ provider: 'offline', fallback: true, fallbackReason: 'UPSTREAM_INVALID_OUTPUT' });
    expect(server.count('generate')).toBe(2);
  });

  it('fails, not falls back, on a defect: a request Gemini refuses', async () => {
    server.script('generate', { status: 400, message: 'Invalid JSON payload received. Unknown name "responseJsonSchema".' });
    await expect(reader.readCv(cvText)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(fallbacks).toEqual([]);
  });

  it('sends extraction schemas Gemini can serve: no nested bounds', async () => {
    server.script('generate', { reply: cvReading });
    await reader.readCv(cvText);
    const config = server.requests[0]?.body.generationConfig as { responseJsonSchema: unknown };
    expect(JSON.stringify(config.responseJsonSchema)).not.toMatch(/maxItems|maxLength|minimum|maximum/);
  });
});
