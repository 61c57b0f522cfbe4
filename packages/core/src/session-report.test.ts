import type { AnswerEvaluation, CriterionScore } from './schemas/evaluation';
import type { Session } from './schemas/session';
import { SessionReport } from './schemas/session-report';
import { buildSessionReport } from './session-report';

const criteria = (score: number): CriterionScore[] =>
  (['relevance', 'specificity', 'structure', 'ownership', 'impact'] as const).map((criterion) => ({ criterion, score, feedback: `${criterion} feedback`, quotes: [] }));
const evaluation = (score: number, source: AnswerEvaluation['source']): AnswerEvaluation => ({ criteria: criteria(score), overallScore: score, verdict: score >= 0.6 ? 'sufficient' : 'needs_detail', source });

describe('the session report', () => {
  it('shows answers scored by Gemini and by the offline evaluator standing in for it alike, each saying who scored it', () => {
    const question = (id: string, gapId: string) => ({ id, gapId, skill: gapId, severity: 'critical' as const, text: `About ${gapId}?`, signals: [], source: { provider: 'offline' as const, model: 'offline' } });
    const session: Session = {
      id: 'ses_report',
      tenantId: 'acme',
      status: 'interviewing',
      createdAt: '2026-11-30T00:00:00.000Z',
      updatedAt: '2026-11-30T00:00:00.000Z',
      jd: { title: 'Engineer', requirements: [{ skill: 'Go', importance: 'must' }] },
      gaps: ['go', 'sql'].map((skill) => ({ id: `gap-${skill}`, skill, severity: 'critical' as const, reason: 'r', evidence: [] })),
      questions: [question('q-go', 'gap-go'), question('q-sql', 'gap-sql')],
      failedGaps: [],
      answers: [
        { questionId: 'q-go', status: 'completed', answers: ['a'], evaluations: [evaluation(0.8, { provider: 'gemini', model: 'gemini-2.5-flash' })], deepDives: [] },
        { questionId: 'q-sql', status: 'completed', answers: ['b'], evaluations: [evaluation(0.4, { provider: 'offline', model: 'offline', fallback: true, fallbackReason: 'UPSTREAM_UNAVAILABLE' })], deepDives: [] },
      ],
    };
    const report = SessionReport.parse(buildSessionReport(session));
    expect(report.gaps.map((gap) => gap.scoredBy?.provider)).toEqual(['gemini', 'offline']);
    expect(report.gaps[1]?.scoredBy?.fallback).toBe(true);
    // The same shape either way: five criteria, an overall score, what to practise.
    expect(report.gaps.map((gap) => gap.scores.length)).toEqual([5, 5]);
    expect(report.gaps.map((gap) => gap.overallScore)).toEqual([0.8, 0.4]);
    expect(report.gaps[1]?.practise.length).toBe(5);
  });
});
