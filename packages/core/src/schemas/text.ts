import { z } from 'zod';
import { Limits } from '../limits';

/** A name-like field (skill, title, company): trimmed, non-empty, bounded. */
export function shortText(what: string) {
  return z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(Limits.maxShortTextChars, {
      error: `${what} must be at most ${Limits.maxShortTextChars} characters`,
    });
}

/** A prose field (summary, description, highlight): trimmed, bounded. */
export function longText(what: string) {
  return z
    .string({ error: `${what} must be text` })
    .trim()
    .max(Limits.maxLongTextChars, {
      error: `${what} must be at most ${Limits.maxLongTextChars} characters`,
    });
}

/** A bounded list; the message names the list and its limit. */
export function boundedList<T extends z.ZodType>(item: T, what: string, max: number = Limits.maxListItems) {
  return z
    .array(item, { error: `${what} must be a list` })
    .max(max, { error: `${what} may hold at most ${max} items` });
}

/** Years of experience: a number from 0 to 60. */
export const Years = z
  .number({ error: 'years must be a number' })
  .min(0, { error: 'years must not be negative' })
  .max(60, { error: 'years must be at most 60' });

/** A month or year as a CV states it: `2021`, `2021-04`, or `present`. */
export const CvDate = z
  .string({ error: 'a date must be text like 2021-04' })
  .trim()
  .regex(/^(\d{4}(-(0[1-9]|1[0-2]))?|present)$/i, {
    error: 'a date must look like 2021, 2021-04 or present',
  });
