import { validationError } from '../errors/validation-error';
import { ParsedJD } from './parsed-jd';

const jd = {
  title: 'Platform Engineer',
  seniority: 'senior',
  requirements: [
    { skill: 'Kubernetes', importance: 'must', years: 3 },
    { skill: 'Go', importance: 'should' },
    { skill: 'Terraform', importance: 'nice' },
  ],
};

function messageFor(input: unknown): string {
  const parsed = ParsedJD.safeParse(input);
  if (parsed.success) throw new Error('expected the input to be rejected');
  return validationError(parsed.error, 'jd').message;
}

describe('ParsedJD', () => {
  it.each([
    ['a JD with requirements', jd],
    ['a JD with every optional field', { ...jd, company: 'Acme', responsibilities: ['Run the clusters'], description: 'We run things.' }],
  ])('accepts %s', (_label, input) => {
    expect(ParsedJD.safeParse(input).success).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['a JD with no title', { requirements: jd.requirements }, 'jd.title: the job title must be text'],
    ['a JD with no requirements', { ...jd, requirements: [] }, 'jd.requirements: requirements must list at least one skill'],
    ['an unknown importance', { ...jd, requirements: [{ skill: 'Go', importance: 'critical' }] }, 'jd.requirements.0.importance: importance must be one of must, should, nice'],
    ['an unknown seniority', { ...jd, seniority: 'principal' }, 'jd.seniority: seniority must be one of junior, mid, senior, lead'],
    ['years as text', { ...jd, requirements: [{ skill: 'Go', importance: 'must', years: 'three' }] }, 'jd.requirements.0.years: years must be a number'],
    ['101 requirements', { ...jd, requirements: Array.from({ length: 101 }, (_, i) => ({ skill: `s${i}`, importance: 'nice' })) }, 'requirements may hold at most 100 items'],
    ['a JD over 100 KB', { ...jd, description: 'd'.repeat(19_000), responsibilities: Array.from({ length: 6 }, () => 'r'.repeat(19_000)) }, 'the JD holds'],
  ])('rejects %s', (_label, input, expected) => {
    expect(messageFor(input)).toContain(expected);
  });
});
