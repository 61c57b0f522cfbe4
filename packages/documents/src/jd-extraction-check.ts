import { Limits, ParsedJD, type JdRequirement } from '@gapflow/core';
import type { JdExtraction } from '@gapflow/llm';
import type { KnowledgeBase } from '@gapflow/retrieval';
import { skillsHeldToText, someOf } from './cv-extraction-check';
import { DocumentTextIndex } from './document-text-index';
import { clip, fitToDocumentLimit, roundedConfidence, type ParseReport } from './parse-report';

/**
 * A job ad a model extracted, held to its text: a requirement whose skill the ad does not
 * contain is left out and reported, years the ad never states are dropped, a company it does
 * not name is left out. Undefined when the title is not the ad's or no requirement is left:
 * then the offline parser reads the ad (and refuses it if it finds no requirement either).
 */
export function jdFromExtraction(extraction: JdExtraction, documentText: string, knowledge: KnowledgeBase): { jd: ParsedJD; report: ParseReport } | undefined {
  const text = new DocumentTextIndex(documentText);
  const warnings: string[] = [];
  const title = extraction.title.trim();
  if (title.length === 0 || !text.contains(title)) return undefined;

  const { kept, invented } = skillsHeldToText(extraction.requirements, (requirement) => requirement.skill, text, knowledge);
  let unstatedYears = 0;
  const requirements: JdRequirement[] = [];
  for (const { skill, importance, years } of kept) {
    const stated = years !== null && text.statesYears(years);
    if (years !== null && !stated) unstatedYears += 1;
    requirements.push({ skill: clip(skill.trim(), Limits.maxShortTextChars), importance, ...(stated && years !== null ? { years } : {}) });
  }
  if (invented.length > 0) warnings.push(`Gemini named ${invented.length} requirement${invented.length === 1 ? '' : 's'} the job description does not contain (${someOf(invented)}); left out.`);
  if (unstatedYears > 0) warnings.push(`${unstatedYears} requirement${unstatedYears === 1 ? ' had' : 's had'} years the job description does not state; dropped.`);
  if (requirements.length === 0) return undefined;

  const company = extraction.company.trim();
  const responsibilities = extraction.responsibilities.filter((item) => item.trim().length > 0 && text.contains(item));
  const whole: ParsedJD = {
    title: clip(title, Limits.maxShortTextChars),
    ...(company && text.contains(company) ? { company: clip(company, Limits.maxShortTextChars) } : {}),
    ...(extraction.seniority ? { seniority: extraction.seniority } : {}),
    requirements: requirements.slice(0, Limits.maxRequirements),
    ...(responsibilities.length > 0 ? { responsibilities: responsibilities.slice(0, 100).map((item) => clip(item.trim(), Limits.maxLongTextChars)) } : {}),
  };
  const fitted = fitToDocumentLimit(whole, [{ drop: ({ responsibilities: _dropped, ...value }) => value, warning: 'The job description is long: its responsibilities were left out.' }], warnings);
  const jd = fitted && ParsedJD.safeParse(fitted);
  if (!jd?.success) return undefined;
  return {
    jd: jd.data,
    report: {
      // Only what was measured: the title is in the ad, and this share of the requirements; importance and seniority are the model's reading.
      confidence: roundedConfidence({ title: 1, requirements: requirements.length / (requirements.length + invented.length) }),
      warnings,
    },
  };
}
