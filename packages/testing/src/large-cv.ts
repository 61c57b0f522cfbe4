import type { ParsedCV, ParsedJD } from '@gapflow/core';

/** The knowledge base as far as this builder reads it (structural: this package does not depend on retrieval). */
export interface SkillSource {
  entries: readonly { skill: string; aliases: readonly string[]; keywords: readonly string[] }[];
}

/**
 * A CV of about ten pages (40 roles, each with a paragraph and five highlights, 60 listed
 * skills) and a JD of 50 requirements, built from the knowledge base so that some skills
 * match, some are listed only, and some are missing. Deterministic.
 */
export function largeCvAndJd(knowledge: SkillSource): { cv: ParsedCV; jd: ParsedJD; words: number } {
  const entries = knowledge.entries;
  const pick = (i: number) => entries[(i * 37) % entries.length]!;
  const experience = Array.from({ length: 40 }, (_, role) => ({
    title: `Engineer ${role + 1}`,
    company: `Company ${role + 1}`,
    start: `${1990 + (role % 30)}-01`,
    end: `${1991 + (role % 30)}-06`,
    description:
      `Worked on ${pick(role).skill} and ${pick(role + 3).keywords.join(', ')} for a team of ${role + 4} people. ` +
      'Owned the delivery plan, ran the weekly reviews and reported progress to the leadership group every month.',
    highlights: Array.from({ length: 5 }, (_, h) =>
      `Improved the ${pick(role * 5 + h).keywords[0]} process, cutting the cycle time from ${20 + h} to ${10 + h} days across ${h + 2} teams and three regions.`,
    ),
  }));
  const skills = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? pick(i * 7).skill : { name: pick(i * 7).aliases[0] ?? pick(i * 7).skill, years: i % 9 }));
  const requirements = Array.from({ length: 50 }, (_, i) => ({
    skill: i % 10 === 9 ? `Proprietary tool ${i}` : pick(i * 11 + 5).skill,
    importance: (['must', 'should', 'nice'] as const)[i % 3]!,
    ...(i % 4 === 0 ? { years: 3 } : {}),
  }));
  const cv: ParsedCV = { summary: 'A long career across many teams.', skills, experience };
  const words = JSON.stringify(cv).split(/\s+/).length;
  return { cv, jd: { title: 'Staff Engineer', seniority: 'lead', requirements }, words };
}
