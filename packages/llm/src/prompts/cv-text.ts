import type { ParsedCV } from '@gapflow/core';

/**
 * The CV's own text, as the candidate wrote it (no labels of ours, no name: the prompt never
 * shows the name either): what a fact check may count as the candidate's words beside the
 * answers. The same fields the session prefix shows the model (`renderSessionContext`).
 */
export function cvText(cv: ParsedCV): string {
  const skills = cv.skills.map((skill) => (typeof skill === 'string' ? skill : `${skill.name}${skill.years !== undefined ? ` ${skill.years}` : ''}`));
  return [
    cv.headline,
    cv.summary,
    skills.join(', '),
    ...cv.experience.flatMap((job) => [[job.title, job.company, job.start, job.end].filter(Boolean).join(', '), job.description, ...(job.highlights ?? [])]),
    ...(cv.certifications ?? []),
  ]
    .filter((part): part is string => Boolean(part))
    .join('\n');
}
