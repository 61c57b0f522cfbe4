import { AnswerEvaluation } from './evaluation';
import { DeepDivePrompt } from './deep-dive';
import { GeneratedAnswer } from './generated-answer';
import { JobStatus } from './job-status';
import { Question } from './question';
import { Session } from './session';

const source = { provider: 'offline', model: 'gapflow-offline-1' } as const;
const question = {
  id: 'q-1',
  gapId: 'gap-1',
  skill: 'Kubernetes',
  severity: 'critical',
  text: 'Tell me about a cluster you ran in production.',
  signals: ['rollout strategy'],
  source,
};
const evaluation = {
  criteria: [{ criterion: 'impact', score: 0.4, feedback: 'Say what changed, in numbers.', quotes: ['it got faster'] }],
  overallScore: 0.4,
  verdict: 'needs_detail',
  source,
};
const now = '2026-11-28T08:00:00.000Z';

describe('the results gapflow produces', () => {
  it.each<[string, { safeParse(value: unknown): { success: boolean } }, unknown]>([
    ['a question', Question, question],
    ['an evaluation', AnswerEvaluation, evaluation],
    ['a fallback evaluation', AnswerEvaluation, { ...evaluation, source: { ...source, fallback: true, fallbackReason: 'UPSTREAM_UNAVAILABLE' } }],
    ['a deep-dive prompt', DeepDivePrompt, { id: 'dd-1', criterion: 'impact', text: 'What was the measured result?' }],
    ['a generated answer', GeneratedAnswer, { text: 'I led it.', sentences: [{ text: 'I led it.', sources: [{ start: 0, end: 8 }] }], source }],
    ['a job status', JobStatus, { id: 'job-1', kind: 'question', sessionId: 'ses-1', state: 'completed', attempts: 1, createdAt: now, finishedAt: now, result: question }],
    [
      'a session',
      Session,
      { id: 'ses-1', tenantId: 'acme', status: 'interviewing', createdAt: now, updatedAt: now, cv: { skills: [], experience: [] }, jd: { title: 'SRE', requirements: [{ skill: 'Go', importance: 'must' }] }, gaps: [], questions: [question], failedGaps: [] },
    ],
  ])('accepts %s', (_label, schema, value) => {
    expect(schema.safeParse(value).success).toBe(true);
  });

  it.each<[string, { safeParse(value: unknown): { success: boolean } }, unknown]>([
    ['a score above 1', AnswerEvaluation, { ...evaluation, overallScore: 1.2 }],
    ['an unknown criterion', AnswerEvaluation, { ...evaluation, criteria: [{ ...evaluation.criteria[0], criterion: 'charm' }] }],
    ['an unknown verdict', AnswerEvaluation, { ...evaluation, verdict: 'great' }],
    ['a question from an unknown provider', Question, { ...question, source: { provider: 'gpt', model: 'x' } }],
    ['a job in an unknown state', JobStatus, { id: 'job-1', kind: 'question', sessionId: 'ses-1', state: 'stuck', attempts: 0, createdAt: now }],
    ['a negative source span', GeneratedAnswer, { text: 'x', sentences: [{ text: 'x', sources: [{ start: -1, end: 1 }] }], source }],
  ])('rejects %s', (_label, schema, value) => {
    expect(schema.safeParse(value).success).toBe(false);
  });
});
