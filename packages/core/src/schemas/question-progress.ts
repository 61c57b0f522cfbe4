import { z } from 'zod';
import { SafeId } from '../ids';
import { DeepDivePrompt } from './deep-dive';
import { AnswerEvaluation } from './evaluation';
import { GeneratedAnswer } from './generated-answer';

export const AnswerStatus = z.enum([
  /** An answer (or follow-up) is being evaluated. */
  'evaluating',
  /** Deep-dive prompts were asked; the graph waits for the candidate's follow-up. */
  'awaiting_follow_up',
  /** The final answer is being written. */
  'composing',
  'completed',
  'failed',
]);
export type AnswerStatus = z.infer<typeof AnswerStatus>;

/** Why a question's follow-ups ended, in words for the candidate. */
export const StoryConclusion = z.object({
  reason: z.enum(['sufficient', 'rounds']),
  message: z.string(),
});
export type StoryConclusion = z.infer<typeof StoryConclusion>;

/** Everything that happened to one question: what was said, how it scored, what was asked back. */
export const QuestionProgress = z.object({
  questionId: SafeId,
  status: AnswerStatus,
  /** The first answer, then each follow-up, in order. */
  answers: z.array(z.string()),
  /** One evaluation per round, of everything said so far. */
  evaluations: z.array(AnswerEvaluation),
  /** The deep-dive prompts of each round that asked some. */
  deepDives: z.array(z.array(DeepDivePrompt)),
  finalAnswer: GeneratedAnswer.optional(),
  /** Why the follow-ups ended, once the final answer is being written: the story was sufficient, or the rounds ran out. */
  conclusion: StoryConclusion.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type QuestionProgress = z.infer<typeof QuestionProgress>;
