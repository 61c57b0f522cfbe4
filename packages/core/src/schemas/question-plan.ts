import { z } from 'zod';

/**
 * The angle a question takes on its skill, so that a session's questions do not all ask for
 * the same kind of story: an outcome, a setback, a trade-off, bringing others along.
 */
export const QuestionAngle = z.enum(['outcome', 'setback', 'trade-off', 'influence']);
export type QuestionAngle = z.infer<typeof QuestionAngle>;
export const QUESTION_ANGLES: readonly QuestionAngle[] = QuestionAngle.options;

/**
 * What a question job is told to build its question on, decided for the whole batch before
 * the fan-out so that no two questions of a session share an exemplar or, while angles last,
 * an angle: the exemplar (a knowledge-base question, or a generic one naming the skill) and
 * the angle.
 */
export const QuestionPlan = z.object({
  exemplar: z.string().min(1).max(1_000),
  angle: QuestionAngle,
});
export type QuestionPlan = z.infer<typeof QuestionPlan>;
