import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { extractDocumentText } from './extract-document-text';
import { parseJdText } from './jd-text-parser';
import { docxOf } from './test-documents.fixture';

const knowledge = loadKnowledgeBase();
const JD = readFileSync(join(__dirname, '..', 'corpus', 'jd', '00-platform-engineer.md'), 'utf8');

describe('parseJdText', () => {
  it('reads the title, company, seniority, requirements with importance and years, and responsibilities of a Markdown job ad', () => {
    const { jd, report } = parseJdText(JD, knowledge);
    expect(jd).toMatchObject({ title: 'Senior Platform Engineer', company: 'Acme Payments', seniority: 'senior' });
    expect(jd.requirements).toEqual([
      { skill: 'Go', importance: 'must', years: 5 },
      { skill: 'Kubernetes', importance: 'must' },
      { skill: 'Terraform', importance: 'must' },
      { skill: 'AWS', importance: 'must' },
      { skill: 'Helm charts', importance: 'nice' },
      { skill: 'Prometheus', importance: 'nice' },
      { skill: 'Incident management', importance: 'must' },
      { skill: 'Python', importance: 'nice' },
      { skill: 'Networking', importance: 'must' },
    ]);
    expect(jd.responsibilities).toEqual(['Own our Kubernetes platform and its upgrades', 'Build self-service tooling for 20 product teams']);
    // "30 days of holiday" under Benefits is no requirement.
    expect(report.warnings).toEqual([]);
  });

  it('takes importance from the section, then from cues in the line, and says how many it had to assume', () => {
    const { jd, report } = parseJdText(
      ['Data Analyst', '', 'Requirements', '- SQL', '- Tableau would be a plus', '- Familiarity with dbt', '', 'Skills', '- Python', '- Statistics, ideally Bayesian'].join('\n'),
      knowledge,
    );
    expect(jd.requirements.map(({ skill, importance }) => [skill, importance])).toEqual([
      ['SQL', 'must'],
      ['Tableau', 'nice'],
      ['dbt', 'should'],
      ['Python', 'should'],
      ['Statistics', 'nice'],
    ]);
    expect(report.warnings).toEqual(['1 requirement had no importance; taken as should.']);
    expect(report.confidence.importance).toBe(0.8);
  });

  it('reads the years asked for in the usual phrasings, and seniority from them when the title says none', () => {
    const { jd } = parseJdText(['Backend Engineer', 'Must have', '- at least 3 years with Kubernetes', "- 2-4 years' experience in Python", '- Go: 7+ yrs'].join('\n'), knowledge);
    expect(jd.requirements.map(({ skill, years }) => [skill, years])).toEqual([
      ['Kubernetes', 3],
      ['Python', 2],
      ['Go', 7],
    ]);
    // Years alone never make a lead (a title does): 7 years asked for is senior.
    expect(jd.seniority).toBe('senior');
  });

  it('reads a pasted job ad without headings from the lines that say what they need', () => {
    const { jd, report } = parseJdText('Junior QA Engineer\nYou will test our mobile apps.\n- Selenium is required\n- Ideally some Java', knowledge);
    expect(jd).toMatchObject({ title: 'Junior QA Engineer', seniority: 'junior' });
    expect(jd.requirements.map(({ skill, importance }) => [skill, importance])).toEqual([
      ['Selenium', 'must'],
      ['Java', 'nice'],
    ]);
    expect(report.warnings[0]).toMatch(/No section headings/);
  });

  it('reads the same job ad from a Word document', async () => {
    const { text } = await extractDocumentText('jd', await docxOf(JD.split('\n')));
    expect(parseJdText(text, knowledge).jd.requirements).toEqual(parseJdText(JD, knowledge).jd.requirements);
  });

  it('reads a pasted paragraph sentence by sentence', () => {
    const { jd } = parseJdText("Backend Engineer\nYou'll need 5+ years of Go and solid Kubernetes. Terraform is a plus.", knowledge);
    expect(jd.requirements).toEqual([
      { skill: 'Go', importance: 'must', years: 5 },
      { skill: 'Kubernetes', importance: 'must' },
      { skill: 'Terraform', importance: 'nice' },
    ]);
  });

  it('refuses a job ad that names no requirement it can read, rather than make one up', () => {
    expect(() => parseJdText('Softwareentwickler (m/w/d)\nWir freuen uns auf Ihre Bewerbung!', knowledge)).toThrow(
      expect.objectContaining({ code: 'DOCUMENT_REFUSED', message: expect.stringMatching(/^The job description names no skill gapflow could read as a requirement\. List the requirements/) }),
    );
  });
});
