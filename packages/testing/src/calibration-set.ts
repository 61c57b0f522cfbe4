import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from './built-entry';

/** One answer of the calibration set, labelled 1–5 as a careful interviewer would (packages/testing/calibration/README.md). */
export const CalibrationAnswer = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+-[th]\d+$/),
  skillId: z.string().min(1),
  skill: z.string().min(1),
  field: z.enum(['engineering', 'data', 'product', 'sales', 'management']),
  question: z.string().min(1),
  answer: z.string().min(1),
  label: z.number().int().min(1).max(5),
  reason: z.string().min(1),
  case: z.enum(['unnamed', 'buzzwords', 'rambling', 'we']).optional(),
});
export type CalibrationAnswer = z.infer<typeof CalibrationAnswer>;

/**
 * `tuning`: may be read while changing the evaluator. `held-out`: written apart and never read
 * by anyone changing the evaluator; only its aggregate figures are looked at.
 */
export type CalibrationSplit = 'tuning' | 'held-out';

/** The labelled answers of one split, checked against their schema. */
export function loadCalibrationSet(split: CalibrationSplit): CalibrationAnswer[] {
  const file = join(REPO_ROOT, 'packages', 'testing', 'calibration', `${split}.json`);
  return z.array(CalibrationAnswer).parse(JSON.parse(readFileSync(file, 'utf8')));
}
