import type { ParsedCV, ParsedJD } from '@gapflow/core';
import type { SessionContext } from '../tasks';

function line(label: string, value: string | undefined): string[] {
  return value ? [`${label}: ${value}`] : [];
}

function renderJd(jd: ParsedJD): string {
  return [
    `Job: ${jd.title}${jd.company ? ` at ${jd.company}` : ''}${jd.seniority ? ` (${jd.seniority})` : ''}`,
    'Requirements:',
    ...jd.requirements.map((r) => `- ${r.skill} [${r.importance}${r.years !== undefined ? `, ${r.years}+ years` : ''}]`),
    ...(jd.responsibilities?.length ? ['Responsibilities:', ...jd.responsibilities.map((r) => `- ${r}`)] : []),
    ...line('Description', jd.description),
  ].join('\n');
}

function renderCv(cv: ParsedCV): string {
  const skills = cv.skills.map((skill) =>
    typeof skill === 'string' ? skill : `${skill.name}${skill.years !== undefined ? ` (${skill.years} y)` : ''}`,
  );
  return [
    ...line('Candidate', cv.headline),
    ...line('Summary', cv.summary),
    `Skills: ${skills.join(', ')}`,
    'Experience:',
    ...cv.experience.flatMap((job) => [
      `- ${job.title}${job.company ? ` at ${job.company}` : ''}${job.start ? ` (${job.start}–${job.end ?? 'present'})` : ''}`,
      ...(job.description ? [`  ${job.description}`] : []),
      ...(job.highlights ?? []).map((highlight) => `  * ${highlight}`),
    ]),
    ...(cv.certifications?.length ? [`Certifications: ${cv.certifications.join(', ')}`] : []),
  ].join('\n');
}

/**
 * The session's documents as prompt text. Deterministic, and without the candidate's name:
 * the model needs the experience, not the person.
 */
export function renderSessionContext(context: SessionContext): string {
  return `${renderJd(context.jd)}\n\n${renderCv(context.cv)}`;
}
