import { z } from 'zod';
import { SafeId } from '../ids';
import { Criterion } from './evaluation';

/** A follow-up asked when an answer is thin, aimed at its weakest criterion. */
export const DeepDivePrompt = z.object({
  id: SafeId,
  criterion: Criterion,
  text: z.string().min(1),
});
export type DeepDivePrompt = z.infer<typeof DeepDivePrompt>;
