import { z } from 'zod';
import { SafeId } from '../ids';
import { boundedList, longText, shortText } from './text';

export const Severity = z.enum(['critical', 'important', 'minor'], {
  error: 'severity must be one of critical, important, minor',
});
export type Severity = z.infer<typeof Severity>;

/** One requirement of the JD that the CV does not (fully) show. */
export const Gap = z.object({
  id: SafeId,
  skill: shortText('the gap skill'),
  severity: Severity,
  /** A sentence a recruiter can read: why this is a gap. */
  reason: longText('the reason').min(1, { error: 'the reason must not be empty' }),
  /** What the CV does show for this skill (quotes or pointers), possibly nothing. */
  evidence: boundedList(longText('a piece of evidence'), 'evidence', 20),
});
export type Gap = z.infer<typeof Gap>;
