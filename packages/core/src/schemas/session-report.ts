import { z } from 'zod';
import { SafeId } from '../ids';
import { CriterionScore } from './evaluation';
import { Severity } from './gap';
import { ProviderInfo } from './provider';

/** `GET /v1/sessions/{id}/report`: the session summed up, gap by gap. */
export const SessionReport = z.object({
  sessionId: SafeId,
  jobTitle: z.string(),
  gaps: z.array(
    z.object({
      gapId: SafeId,
      skill: z.string(),
      severity: Severity,
      question: z.string().optional(),
      status: z.enum(['not_asked', 'not_answered', 'in_progress', 'completed', 'failed']),
      overallScore: z.number().min(0).max(1).optional(),
      scores: z.array(CriterionScore.pick({ criterion: true, score: true, feedback: true })),
      /** Who scored the answer — Gemini, or the offline evaluator (also standing in for Gemini): one report shows both alike. */
      scoredBy: ProviderInfo.optional(),
      finalAnswer: z.string().optional(),
      /** What to work on next, weakest first. */
      practise: z.array(z.string()),
    }),
  ),
});
export type SessionReport = z.infer<typeof SessionReport>;
