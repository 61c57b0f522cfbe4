import { CvDate, Limits, ParsedCV, type CvEducation, type CvExperience, type CvSkill } from '@gapflow/core';
import type { CvExtraction } from '@gapflow/llm';
import type { KnowledgeBase } from '@gapflow/retrieval';
import { DocumentTextIndex } from './document-text-index';
import { clip, fitToDocumentLimit, roundedConfidence, type ParseReport } from './parse-report';

/** Up to three items of a list, for a warning a person reads. */
export function someOf(items: readonly string[]): string {
  const quoted = items.slice(0, 3).map((item) => `"${clip(item, 60)}"`);
  return items.length > 3 ? `${quoted.join(', ')} and ${items.length - 3} more` : quoted.join(', ');
}

/** A date the model gave, when it has the form of one and its year is in the text. */
export function checkedDate(date: string, text: DocumentTextIndex): string | undefined {
  const parsed = CvDate.safeParse(date);
  if (!parsed.success) return undefined;
  return parsed.data.toLowerCase() === 'present' || text.contains(parsed.data.slice(0, 4)) ? parsed.data : undefined;
}

/**
 * A skill is in the document when its name is, or — for a skill the knowledge base knows — one
 * of its names ("K8s" in the text, "Kubernetes" from the model).
 */
export function skillOccurs(name: string, text: DocumentTextIndex, knowledge: KnowledgeBase): boolean {
  if (text.contains(name)) return true;
  const entry = knowledge.resolve(name);
  return entry !== undefined && knowledge.namesOf(entry).some((known) => text.contains(known));
}

/**
 * The items a model named, each once (by its skill's name, whatever the case), parted into those
 * whose skill the document contains and the names of those it does not.
 */
export function skillsHeldToText<T>(items: readonly T[], skillOf: (item: T) => string, text: DocumentTextIndex, knowledge: KnowledgeBase): { kept: T[]; invented: string[] } {
  const seen = new Set<string>();
  const kept: T[] = [];
  const invented: string[] = [];
  for (const item of items) {
    const name = skillOf(item);
    const key = name.trim().toLowerCase();
    if (key.length === 0 || seen.has(key)) continue;
    seen.add(key);
    if (skillOccurs(name, text, knowledge)) kept.push(item);
    else invented.push(name);
  }
  return { kept, invented };
}

/**
 * A CV a model extracted, held to its text: a skill, a role (its title and employer), a
 * highlight, a school, a certification the CV does not contain is left out and reported, a date
 * whose year the CV never states is dropped. Undefined when nothing of substance is left (no
 * role and no skill): the model read something else, and the offline parser reads the CV.
 */
export function cvFromExtraction(extraction: CvExtraction, documentText: string, knowledge: KnowledgeBase): { cv: ParsedCV; report: ParseReport } | undefined {
  const text = new DocumentTextIndex(documentText);
  const warnings: string[] = [];
  const present = (value: string) => value.trim().length > 0 && text.contains(value);

  const { kept, invented: inventedSkills } = skillsHeldToText(extraction.skills, (skill) => skill.name, text, knowledge);
  const skills: CvSkill[] = kept.map(({ name, years }) => {
    const shown = clip(name.trim(), Limits.maxShortTextChars);
    return years !== null && text.statesYears(years) ? { name: shown, years } : shown;
  });
  if (inventedSkills.length > 0) warnings.push(`Gemini named ${inventedSkills.length} skill${inventedSkills.length === 1 ? '' : 's'} the CV does not contain (${someOf(inventedSkills)}); left out.`);

  const inventedRoles: string[] = [];
  let inventedHighlights = 0;
  let datedRoles = 0;
  const experience: CvExperience[] = [];
  for (const role of extraction.experience) {
    const company = role.company.trim();
    if (!present(role.title) || (company.length > 0 && !text.contains(company))) {
      inventedRoles.push(company ? `${role.title} at ${company}` : role.title);
      continue;
    }
    const highlights = role.highlights.filter((highlight) => highlight.trim().length > 0);
    const kept = highlights.filter((highlight) => text.contains(highlight));
    inventedHighlights += highlights.length - kept.length;
    const start = checkedDate(role.start, text);
    const end = checkedDate(role.end, text);
    if (start) datedRoles += 1;
    else warnings.push(`No dates found for the role ${role.title}${company ? ` at ${company}` : ''}; add them, or the years of its skills cannot be counted.`);
    experience.push({
      title: clip(role.title.trim(), Limits.maxShortTextChars),
      ...(company ? { company: clip(company, Limits.maxShortTextChars) } : {}),
      ...(start ? { start } : {}),
      ...(end ? { end } : {}),
      ...(kept.length > 0 ? { highlights: kept.slice(0, 50).map((highlight) => clip(highlight.trim(), Limits.maxLongTextChars)) } : {}),
    });
  }
  if (inventedRoles.length > 0) warnings.push(`Gemini named ${inventedRoles.length} role${inventedRoles.length === 1 ? '' : 's'} whose title or employer the CV does not contain (${someOf(inventedRoles)}); left out.`);
  if (inventedHighlights > 0) warnings.push(`${inventedHighlights} highlight${inventedHighlights === 1 ? ' was' : 's were'} not in the CV’s own words and left out.`);
  if (experience.length === 0 && skills.length === 0) return undefined;

  const education: CvEducation[] = extraction.education
    .map((school) => {
      const end = checkedDate(school.end, text);
      return {
        ...(present(school.institution) ? { institution: clip(school.institution.trim(), Limits.maxShortTextChars) } : {}),
        ...(present(school.degree) ? { degree: clip(school.degree.trim(), Limits.maxShortTextChars) } : {}),
        ...(present(school.field) ? { field: clip(school.field.trim(), Limits.maxShortTextChars) } : {}),
        ...(end ? { end } : {}),
      };
    })
    .filter((school) => school.institution !== undefined || school.degree !== undefined);
  const certifications = extraction.certifications.filter(present).map((name) => clip(name.trim(), Limits.maxShortTextChars));
  const whole: ParsedCV = {
    ...(present(extraction.name) ? { name: clip(extraction.name.trim(), Limits.maxShortTextChars) } : {}),
    ...(present(extraction.headline) ? { headline: clip(extraction.headline.trim(), Limits.maxShortTextChars) } : {}),
    ...(present(extraction.summary) ? { summary: clip(extraction.summary.trim(), Limits.maxLongTextChars) } : {}),
    skills: skills.slice(0, Limits.maxListItems),
    experience: experience.slice(0, Limits.maxListItems),
    ...(education.length > 0 ? { education: education.slice(0, 50) } : {}),
    ...(certifications.length > 0 ? { certifications: certifications.slice(0, 100) } : {}),
  };
  if (!whole.name) warnings.push('No name was found at the top of the CV; add it if you want it in the report.');
  const fitted = fitToDocumentLimit(whole, [{ drop: (value) => ({ ...value, experience: value.experience.map(({ highlights, ...role }) => ({ ...role, ...(highlights ? { highlights: highlights.slice(0, 5) } : {}) })) }), warning: 'The CV is long: each role keeps its first five list items.' }], warnings);
  const cv = fitted && ParsedCV.safeParse(fitted);
  if (!cv?.success) return undefined;
  const share = (kept: number, dropped: number) => (kept + dropped === 0 ? 0 : kept / (kept + dropped));
  return {
    cv: cv.data,
    report: {
      confidence: roundedConfidence({
        name: whole.name ? 1 : 0,
        skills: share(skills.length, inventedSkills.length),
        experience: share(experience.length, inventedRoles.length),
        dates: experience.length === 0 ? 0 : datedRoles / experience.length,
      }),
      warnings,
    },
  };
}
