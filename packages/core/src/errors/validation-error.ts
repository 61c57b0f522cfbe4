import type { z } from 'zod';
import { GapflowError, type ErrorDetail } from './gapflow-error';

/** How many field problems the message names before it says "and N more". */
const MAX_ISSUES_IN_MESSAGE = 3;

function pathOf(issue: z.core.$ZodIssue, root: string): string {
  const parts = [root, ...issue.path.map(String)].filter((part) => part !== '');
  return parts.join('.');
}

/**
 * Turns a zod error into `VALIDATION_FAILED`, naming each bad field. Issue messages come from
 * our schemas and never echo the input, so they are safe to log.
 *
 * @example
 * const parsed = ParsedCV.safeParse(body.cv);
 * if (!parsed.success) throw validationError(parsed.error, 'cv');
 */
export function validationError(error: z.ZodError, root = ''): GapflowError {
  const details: ErrorDetail[] = error.issues.map((issue) => ({
    path: pathOf(issue, root),
    message: issue.message,
  }));
  const named = details
    .slice(0, MAX_ISSUES_IN_MESSAGE)
    .map((detail) => (detail.path ? `${detail.path}: ${detail.message}` : detail.message));
  const more = details.length - named.length;
  const message =
    `The request is invalid — ${named.join('; ')}` +
    (more > 0 ? `; and ${more} more (see details)` : '') +
    '. Fix these fields and send it again.';
  return new GapflowError('VALIDATION_FAILED', message, { details });
}
