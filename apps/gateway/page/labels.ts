import type { Criterion, SessionStatus, Severity } from '@gapflow/core';

export const CRITERION_LABELS: Record<Criterion, string> = {
  relevance: 'Relevance',
  specificity: 'Specificity',
  structure: 'Structure',
  ownership: 'Ownership',
  impact: 'Impact',
};

export const SEVERITY_LABELS: Record<Severity, string> = { critical: 'Critical', important: 'Important', minor: 'Minor' };

/** What the page tells the person while the session is in each state. */
export const STATUS_LABELS: Record<SessionStatus, string> = {
  parsing: 'Reading the CV and the job description…',
  analyzing: 'Comparing the CV with the job description…',
  ready: 'The gaps are ready. Check what was read, then ask the questions.',
  questioning: 'Writing a question for each gap…',
  interviewing: 'Answer each question below. A thin answer gets follow-up questions.',
  completed: 'Every question is answered. Open the report to see it all.',
  failed: 'This interview could not go on.',
};

export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}
