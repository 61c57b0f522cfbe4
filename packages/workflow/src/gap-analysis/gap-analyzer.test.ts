import type { JdRequirement, ParsedCV, ParsedJD } from '@gapflow/core';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { loadSample, SAMPLE_NAMES } from '@gapflow/testing';
import { GapAnalyzer } from './gap-analyzer';

const asOf = new Date('2026-11-28T00:00:00Z');
const analyzer = new GapAnalyzer(loadKnowledgeBase());

const cv: ParsedCV = {
  skills: [{ name: 'Postgres', years: 2 }, 'K8s', 'Tableau', 'incident mangement'],
  experience: [
    {
      title: 'Backend Engineer',
      company: 'Acme',
      start: '2021-01',
      end: '2023-12',
      description: 'Built Node.js services backed by PostgreSQL.',
      highlights: ['Moved the build to GitHub Actions, cutting CI time from 20 to 6 minutes.'],
    },
  ],
  summary: 'Engineer who enjoys Terraform on weekends.',
  certifications: ['Certified Kubernetes Administrator'],
};

function jdWith(...requirements: JdRequirement[]): ParsedJD {
  return { title: 'Engineer', requirements };
}

function gapFor(requirement: JdRequirement, candidate: ParsedCV = cv) {
  return analyzer.analyze(candidate, jdWith(requirement), asOf)[0];
}

describe('gap analysis', () => {
  describe('severity', () => {
    it('makes a must-have with no evidence critical', () => {
      expect(gapFor({ skill: 'Rust', importance: 'must' })).toMatchObject({ severity: 'critical', evidence: [] });
    });

    it('makes a must-have that is only listed, never used in a role, important', () => {
      const gap = gapFor({ skill: 'Tableau', importance: 'must' });
      expect(gap?.severity).toBe('important');
      expect(gap?.reason).toContain('no role in the experience shows it being used');
      expect(gap?.evidence).toEqual(['Listed in skills: Tableau']);
    });

    it('makes a must-have that is only named in the summary important', () => {
      expect(gapFor({ skill: 'Terraform', importance: 'must' })?.severity).toBe('important');
    });

    it('makes a should-have with no evidence important', () => {
      expect(gapFor({ skill: 'Rust', importance: 'should' })?.severity).toBe('important');
    });

    it('makes a should-have that is only listed minor', () => {
      expect(gapFor({ skill: 'Tableau', importance: 'should' })?.severity).toBe('minor');
    });

    it('makes a nice-to-have with no evidence minor', () => {
      expect(gapFor({ skill: 'Rust', importance: 'nice' })?.severity).toBe('minor');
    });

    it('is silent about a nice-to-have that is listed', () => {
      expect(gapFor({ skill: 'Tableau', importance: 'nice' })).toBeUndefined();
    });

    it('is silent about a must-have used in a role for long enough', () => {
      expect(gapFor({ skill: 'PostgreSQL', importance: 'must', years: 2 })).toBeUndefined();
    });

    it('makes any requirement with more years than the CV shows at least important', () => {
      const gap = gapFor({ skill: 'PostgreSQL', importance: 'nice', years: 5 });
      expect(gap?.severity).toBe('important');
      expect(gap?.reason).toBe('The role asks for 5+ years of PostgreSQL; the CV shows about 3 years.');
    });

    it('keeps a critical gap critical when years are asked too', () => {
      expect(gapFor({ skill: 'Rust', importance: 'must', years: 3 })?.severity).toBe('critical');
    });
  });

  describe('past word forms', () => {
    const roleWith = (highlight: string, start = '2020-01', end = '2023-12'): ParsedCV => ({
      skills: [],
      experience: [{ title: 'Product Analyst', company: 'Shopwise', start, end, highlights: [highlight] }],
    });

    it('takes “Ran an A/B test on guest checkout” as A/B testing used in a role, not a gap', () => {
      const candidate = roleWith('Ran an A/B test on guest checkout that lifted conversion by 4%.');
      expect(gapFor({ skill: 'A/B testing', importance: 'must' }, candidate)).toBeUndefined();
      expect(gapFor({ skill: 'A/B testing', importance: 'must', years: 5 }, candidate)?.reason).toContain('the CV shows about 4 years');
    });

    it('finds a skill through the stems of its words: “led” for leadership, “managed … people” for people management', () => {
      expect(gapFor({ skill: 'Technical leadership', importance: 'must' }, roleWith('Led the technical redesign of the billing platform.'))).toBeUndefined();
      expect(gapFor({ skill: 'People management', importance: 'must' }, roleWith('Managed a team of 8 people across two sites.'))).toBeUndefined();
      expect(gapFor({ skill: 'Negotiation', importance: 'must' }, roleWith('Negotiated supplier contracts worth 2 million a year.'))).toBeUndefined();
    });

    it('finds a skill by its acronym, and an acronym by the words it stands for', () => {
      expect(gapFor({ skill: 'Search engine optimisation', importance: 'must' }, roleWith('Owned SEO for 40,000 product pages.'))).toBeUndefined();
      expect(gapFor({ skill: 'OKRs', importance: 'must' }, roleWith('Set objectives and key results for three teams every quarter.'))).toBeUndefined();
    });

    it('still reports what the CV does not show, however its words are bent', () => {
      expect(gapFor({ skill: 'People management', importance: 'must' }, roleWith('Managed the launch. Twelve people joined later.'))?.severity).toBe('critical');
      expect(gapFor({ skill: 'Spark', importance: 'must' }, roleWith('Sparked a discussion about the roadmap.'))?.severity).toBe('critical');
    });
  });

  describe('evidence', () => {
    it('matches through aliases in both directions: K8s in the CV, Kubernetes in the JD', () => {
      const gap = gapFor({ skill: 'Kubernetes', importance: 'should' });
      // Listed as K8s and certified: the certification is strong evidence, so no gap.
      expect(gap).toBeUndefined();
      const listedOnly = gapFor({ skill: 'Kubernetes', importance: 'must' }, { ...cv, certifications: [] });
      expect(listedOnly?.evidence).toEqual(['Listed in skills: K8s']);
    });

    it('finds a skill in the highlights of a role, under an alias (Postgres → PostgreSQL, GitHub Actions)', () => {
      expect(gapFor({ skill: 'Postgres', importance: 'must' })).toBeUndefined();
      expect(gapFor({ skill: 'GitHub Actions', importance: 'must' })).toBeUndefined();
    });

    it('does not take a different skill that shares a word for evidence', () => {
      const candidate: ParsedCV = { skills: ['Account management', 'Product management'], experience: [] };
      expect(gapFor({ skill: 'People management', importance: 'must' }, candidate)?.severity).toBe('critical');
      expect(gapFor({ skill: 'Project management', importance: 'must' }, candidate)?.severity).toBe('critical');
    });

    it('finds a requirement the knowledge base does not know by its name', () => {
      const candidate: ParsedCV = { skills: [], experience: [{ title: 'Engineer', description: 'Wrote COBOL batch jobs.' }] };
      expect(gapFor({ skill: 'COBOL', importance: 'must' }, candidate)).toBeUndefined();
      expect(gapFor({ skill: 'Fortran', importance: 'must' }, candidate)?.severity).toBe('critical');
    });

    it('counts a listed skill close by embedding as related evidence, second', () => {
      const gap = gapFor({ skill: 'Incident management', importance: 'must' });
      expect(gap?.severity).toBe('important');
      expect(gap?.evidence).toEqual(['Related skill listed: incident mangement']);
      expect(gap?.reason).toContain('lists only related skills (incident mangement)');
    });

    it('derives years from the roles that use the skill when none are stated', () => {
      const gap = gapFor({ skill: 'Node.js', importance: 'must', years: 4 });
      expect(gap?.reason).toBe('The role asks for 4+ years of Node.js; the CV shows about 3 years.');
      expect(gap?.evidence).toEqual(['Used as Backend Engineer at Acme (2021-01–2023-12)']);
    });
  });

  describe('the list of gaps', () => {
    it('orders gaps by severity, then as the JD lists them, with stable ids', () => {
      const gaps = analyzer.analyze(
        cv,
        jdWith(
          { skill: 'Rust', importance: 'nice' },
          { skill: 'Tableau', importance: 'must' },
          { skill: 'Elixir', importance: 'must' },
          { skill: 'Haskell', importance: 'should' },
        ),
        asOf,
      );
      expect(gaps.map((gap) => [gap.severity, gap.skill, gap.id])).toEqual([
        ['critical', 'Elixir', 'gap-elixir'],
        ['important', 'Tableau', 'gap-data-visualization'],
        ['important', 'Haskell', 'gap-haskell'],
        ['minor', 'Rust', 'gap-rust'],
      ]);
    });

    it('merges two requirements that name one skill, keeping the stricter', () => {
      const gaps = analyzer.analyze(cv, jdWith({ skill: 'Rust', importance: 'nice' }, { skill: 'Rust lang', importance: 'must', years: 2 }), asOf);
      expect(gaps).toHaveLength(1);
      expect(gaps[0]).toMatchObject({ skill: 'Rust', severity: 'critical' });
      expect(gaps[0]?.reason).toContain('(2+ years asked)');
    });

    it('is deterministic', () => {
      for (const name of SAMPLE_NAMES) {
        const { cv: sampleCv, jd } = loadSample(name);
        expect(new GapAnalyzer(loadKnowledgeBase()).analyze(sampleCv, jd, asOf)).toEqual(analyzer.analyze(sampleCv, jd, asOf));
      }
    });

    it('never returns more than 50 gaps', () => {
      const requirements = Array.from({ length: 80 }, (_, i) => ({ skill: `Obscure skill ${i}`, importance: 'must' as const }));
      expect(analyzer.analyze(cv, jdWith(...requirements), asOf)).toHaveLength(50);
    });
  });

  describe('on the sample pairs', () => {
    it('tells the backend engineer that Terraform is missing and Kubernetes is only listed', () => {
      const { cv: maya, jd } = loadSample('platform-engineer');
      const gaps = analyzer.analyze(maya, jd, asOf);
      expect(gaps.find((gap) => gap.skill === 'Terraform')?.severity).toBe('critical');
      expect(gaps.find((gap) => gap.skill === 'Kubernetes')?.severity).toBe('important');
      expect(gaps.map((gap) => gap.skill)).not.toContain('Python');
      expect(gaps.map((gap) => gap.skill)).not.toContain('Docker');
    });

    it('tells the analyst that MLOps is missing and SQL is not', () => {
      const { cv: tomasz, jd } = loadSample('ml-engineer');
      const gaps = analyzer.analyze(tomasz, jd, asOf);
      expect(gaps.find((gap) => gap.skill === 'MLOps')?.severity).toBe('critical');
      expect(gaps.map((gap) => gap.skill)).not.toContain('SQL');
    });

    it('tells the account executive that people management and hiring are missing', () => {
      const { cv: priya, jd } = loadSample('sales-manager');
      const gaps = analyzer.analyze(priya, jd, asOf);
      expect(gaps.filter((gap) => gap.severity === 'critical').map((gap) => gap.skill)).toEqual(
        expect.arrayContaining(['People management', 'Hiring and interviewing']),
      );
      expect(gaps.map((gap) => gap.skill)).not.toContain('Enterprise sales');
    });
  });
});
