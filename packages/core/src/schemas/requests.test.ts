import { validationError } from '../errors/validation-error';
import { Limits } from '../limits';
import { CreateSessionRequest, SubmitAnswerRequest, SubmitQuestionsRequest } from './requests';

const cv = { skills: ['Go'], experience: [] };
const jd = { title: 'Engineer', requirements: [{ skill: 'Kubernetes', importance: 'must' }] };
const gap = { id: 'gap-1', skill: 'Kubernetes', severity: 'critical', reason: 'The CV never mentions Kubernetes.', evidence: [] };

function messageFor(schema: { safeParse(input: unknown): { success: boolean; error?: unknown } }, input: unknown): string {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected the input to be rejected');
  return validationError(parsed.error as never).message;
}

describe('CreateSessionRequest', () => {
  it('accepts a CV and a JD without gaps', () => {
    expect(CreateSessionRequest.safeParse({ cv, jd }).success).toBe(true);
  });

  it('accepts gaps computed elsewhere', () => {
    expect(CreateSessionRequest.safeParse({ cv, jd, gaps: [gap] }).success).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['a request without a CV', { jd }, 'cv:'],
    ['51 gaps', { cv, jd, gaps: Array.from({ length: 51 }, (_, i) => ({ ...gap, id: `g${i}` })) }, `a session may hold at most ${Limits.maxGaps} gaps`],
    ['two gaps with one id', { cv, jd, gaps: [gap, gap] }, 'gaps.1.id: gap id "gap-1" appears twice'],
    ['a gap id that could act as a key pattern', { cv, jd, gaps: [{ ...gap, id: 'gap:*' }] }, 'gaps.0.id: an id must be 1–64 letters'],
    ['an unknown severity', { cv, jd, gaps: [{ ...gap, severity: 'fatal' }] }, 'severity must be one of critical, important, minor'],
    ['a gap without a reason', { cv, jd, gaps: [{ ...gap, reason: '' }] }, 'the reason must not be empty'],
  ])('rejects %s', (_label, input, expected) => {
    expect(messageFor(CreateSessionRequest, input)).toContain(expected);
  });

  it('names at most three fields in the message and counts the rest', () => {
    const message = messageFor(CreateSessionRequest, { cv: { skills: [1, 2, 3, 4, 5], experience: [] }, jd });
    expect(message).toContain('and 2 more (see details)');
  });
});

describe('SubmitQuestionsRequest', () => {
  it.each([[{}], [{ gapIds: ['gap-1', 'gap-2'] }]])('accepts %j', (input) => {
    expect(SubmitQuestionsRequest.safeParse(input).success).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['an empty list', { gapIds: [] }, 'gapIds must name at least one gap'],
    ['51 ids', { gapIds: Array.from({ length: 51 }, (_, i) => `g${i}`) }, 'gapIds may name at most 50 gaps'],
    ['a hostile id', { gapIds: ['{gapflow}:*'] }, 'an id must be 1–64 letters'],
  ])('rejects %s', (_label, input, expected) => {
    expect(messageFor(SubmitQuestionsRequest, input)).toContain(expected);
  });
});

describe('SubmitAnswerRequest', () => {
  it('accepts an answer of exactly the byte limit', () => {
    expect(SubmitAnswerRequest.safeParse({ text: 'a'.repeat(Limits.maxAnswerBytes) }).success).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['an empty answer', { text: '   ' }, 'text: text must not be empty'],
    ['an answer over 10 KB', { text: 'a'.repeat(Limits.maxAnswerBytes + 1) }, 'an answer may be at most 10,000 bytes'],
    ['an answer over 10 KB in multi-byte characters', { text: 'é'.repeat(5_001) }, 'an answer may be at most 10,000 bytes'],
    ['a number', { text: 12 }, 'text must be the answer as text'],
  ])('rejects %s', (_label, input, expected) => {
    expect(messageFor(SubmitAnswerRequest, input)).toContain(expected);
  });
});

describe('a request body with a field it does not know', () => {
  it.each<[string, { safeParse(input: unknown): { success: boolean; error?: unknown } }, unknown, string]>([
    ['a misspelt gapIds', SubmitQuestionsRequest, { gapids: ['gap-1'] }, 'unknown field "gapids"'],
    ['an answer with two unknown fields', SubmitAnswerRequest, { text: 'I did it.', answer: 'x', lang: 'en' }, 'unknown fields "answer", "lang"'],
    ['a session with a misspelt gaps', CreateSessionRequest, { cv, jd, gap: [gap] }, 'unknown field "gap"'],
  ])('refuses %s, naming it', (_label, schema, input, expected) => {
    expect(messageFor(schema, input)).toContain(expected);
  });
});
