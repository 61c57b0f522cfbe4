import type { Session } from './schemas/session';
import type { SessionReport } from './schemas/session-report';

/** Below this a criterion is worth practising. */
const PRACTISE_BELOW = 0.6;

/**
 * The report of a session: per gap, its question, the last scores per criterion, the final
 * answer, and what to practise next (the weakest criteria's feedback, weakest first).
 */
export function buildSessionReport(session: Session): SessionReport {
  return {
    sessionId: session.id,
    jobTitle: session.jd?.title ?? '',
    gaps: session.gaps.map((gap) => {
      const question = session.questions.find((candidate) => candidate.gapId === gap.id);
      const progress = question ? session.answers.find((candidate) => candidate.questionId === question.id) : undefined;
      const failed = session.failedGaps.some((failure) => failure.gapId === gap.id) || progress?.status === 'failed';
      const last = progress?.evaluations[progress.evaluations.length - 1];
      const status = !question ? (failed ? 'failed' : 'not_asked') : !progress ? 'not_answered' : progress.status === 'completed' ? 'completed' : failed ? 'failed' : 'in_progress';
      const weakest = [...(last?.criteria ?? [])].filter((score) => score.score < PRACTISE_BELOW).sort((a, b) => a.score - b.score);
      const practise = !question
        ? [`Prepare a concrete story that shows ${gap.skill}.`]
        : !last
          ? [`Answer the question on ${gap.skill} with one concrete story: situation, what you did, the measured result.`]
          : weakest.length > 0
            ? weakest.map((score) => `${score.criterion}: ${score.feedback}`)
            : [`Keep this ${gap.skill} story ready; it scored well on every criterion.`];
      return {
        gapId: gap.id,
        skill: gap.skill,
        severity: gap.severity,
        ...(question ? { question: question.text } : {}),
        status,
        ...(last ? { overallScore: last.overallScore } : {}),
        scores: (last?.criteria ?? []).map(({ criterion, score, feedback }) => ({ criterion, score, feedback })),
        ...(last ? { scoredBy: last.source } : {}),
        ...(progress?.finalAnswer ? { finalAnswer: progress.finalAnswer.text } : {}),
        practise,
      };
    }),
  };
}
