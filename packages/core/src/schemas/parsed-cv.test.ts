import { validationError } from '../errors/validation-error';
import { Limits } from '../limits';
import { ParsedCV } from './parsed-cv';

const minimalCv = { skills: [], experience: [] };

const fullCv = {
  name: 'Ada Example',
  headline: 'Backend engineer',
  summary: 'Builds queue-driven services.',
  skills: ['TypeScript', { name: 'PostgreSQL', years: 4 }],
  experience: [
    {
      title: 'Senior Engineer',
      company: 'Example Ltd',
      start: '2020-03',
      end: 'present',
      description: 'Led the payments platform.',
      highlights: ['Cut p99 latency from 800 ms to 120 ms'],
    },
  ],
  education: [{ institution: 'Example University', degree: 'BSc', field: 'CS', end: '2015' }],
  certifications: ['CKA'],
};

/** What a user sees for an input: the message of `VALIDATION_FAILED`, rooted at `cv`. */
function messageFor(input: unknown): string {
  const parsed = ParsedCV.safeParse(input);
  if (parsed.success) throw new Error('expected the input to be rejected');
  return validationError(parsed.error, 'cv').message;
}

describe('ParsedCV', () => {
  it.each([
    ['a minimal CV', minimalCv],
    ['a full CV', fullCv],
    ['a skill with no years', { ...minimalCv, skills: [{ name: 'Go' }] }],
    ['a year-only date', { ...minimalCv, experience: [{ title: 'Dev', start: '2019' }] }],
  ])('accepts %s', (_label, input) => {
    expect(ParsedCV.safeParse(input).success).toBe(true);
  });

  it('trims text fields', () => {
    const parsed = ParsedCV.parse({ ...minimalCv, skills: ['  Rust  '] });
    expect(parsed.skills).toEqual(['Rust']);
  });

  it.each<[string, unknown, string]>([
    ['a missing skills list', { experience: [] }, 'cv.skills: skills must be a list'],
    ['a number as a skill', { ...minimalCv, skills: [42] }, 'cv.skills.0: a skill must be a name, or an object { name, years? }'],
    ['an empty skill name', { ...minimalCv, skills: [{ name: ' ' }] }, 'cv.skills.0'],
    ['negative years', { ...minimalCv, skills: [{ name: 'Go', years: -1 }] }, 'years must not be negative'],
    ['a job without a title', { ...minimalCv, experience: [{ company: 'X' }] }, 'cv.experience.0.title: a job title must be text'],
    ['a date in prose', { ...minimalCv, experience: [{ title: 'Dev', start: 'last spring' }] }, 'a date must look like 2021, 2021-04 or present'],
    ['a month 13', { ...minimalCv, experience: [{ title: 'Dev', end: '2020-13' }] }, 'a date must look like 2021, 2021-04 or present'],
    ['a 300-character skill', { ...minimalCv, skills: ['x'.repeat(300)] }, `a skill must be at most ${Limits.maxShortTextChars} characters`],
    ['too many skills', { ...minimalCv, skills: Array.from({ length: 201 }, (_, i) => `skill ${i}`) }, 'skills may hold at most 200 items'],
    ['a CV that is not an object', 'my cv as a string', 'cv: Invalid input'],
  ])('rejects %s', (_label, input, expected) => {
    expect(messageFor(input)).toContain(expected);
  });

  it('rejects a CV over 100 KB of text, saying how large it is and what the limit is', () => {
    const summary = 'a'.repeat(19_000);
    const experience = Array.from({ length: 6 }, () => ({ title: 'Engineer', description: summary }));
    const message = messageFor({ ...minimalCv, summary, experience });
    expect(message).toMatch(/the CV holds [\d,]+ bytes of text; the limit is 100,000/);
  });

  it('counts bytes, not characters, towards the size limit', () => {
    // 30,000 three-byte characters are 90,000 bytes: under the limit as characters would be,
    // over it as bytes are, once repeated in two fields.
    const wide = '€'.repeat(17_000);
    const parsed = ParsedCV.safeParse({ ...minimalCv, summary: wide, experience: [{ title: 'Dev', description: wide }] });
    expect(parsed.success).toBe(false);
  });
});
