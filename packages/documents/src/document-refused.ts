import { GapflowError } from '@gapflow/core';

/** Which document of a session: the CV or the job description. */
export type DocumentRole = 'cv' | 'jd';

const NAMES: Record<DocumentRole, string> = { cv: 'The CV', jd: 'The job description' };

/**
 * A document gapflow cannot read, with what the person can do instead (422 `DOCUMENT_REFUSED`).
 * `problem` completes "The CV …"; `remedy` is a whole sentence.
 */
export function documentRefused(role: DocumentRole, problem: string, remedy: string): GapflowError {
  return new GapflowError('DOCUMENT_REFUSED', `${NAMES[role]} ${problem}. ${remedy}`, { details: [{ path: role, message: `${problem}. ${remedy}` }] });
}
