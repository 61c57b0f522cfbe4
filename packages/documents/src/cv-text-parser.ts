import { Limits, ParsedCV, type CvEducation, type CvExperience, type CvSkill } from '@gapflow/core';
import type { KnowledgeBase } from '@gapflow/retrieval';
import { findDateRange } from './date-range';
import { documentLines, headingOf, type DocumentLine } from './document-lines';
import { clip, type ParseReport } from './parse-report';
import { PLACE, TITLE_WORDS } from './role-words';

type CvSection = 'summary' | 'experience' | 'skills' | 'education' | 'certifications' | 'projects' | 'other';

/** The usual wordings of a CV's section headings, lower case, "&" read as "and". */
const CV_HEADINGS: Record<CvSection, readonly string[]> = {
  summary: ['summary', 'profile', 'about', 'about me', 'professional summary', 'career summary', 'objective', 'personal profile', 'overview', 'professional profile'],
  experience: ['experience', 'work experience', 'professional experience', 'work history', 'employment', 'employment history', 'career history', 'relevant experience', 'career', 'experience and employment', 'professional background'],
  skills: ['skills', 'technical skills', 'tech stack', 'technologies', 'core competencies', 'competencies', 'tools', 'tools and technologies', 'skills and tools', 'key skills', 'expertise', 'technical expertise', 'skills and expertise', 'core skills'],
  education: ['education', 'academic background', 'education and training', 'academic qualifications', 'qualifications'],
  certifications: ['certifications', 'certificates', 'certification', 'licenses and certifications', 'licences and certifications', 'certifications and licenses', 'courses and certifications'],
  projects: ['projects', 'side projects', 'selected projects', 'personal projects', 'open source', 'key projects'],
  other: ['languages', 'interests', 'hobbies', 'references', 'awards', 'publications', 'volunteering', 'volunteer experience', 'achievements', 'contact', 'personal details', 'honors and awards'],
};

const CONTACT = /@|https?:\/\/|www\.|linkedin|github\.com|\+?\d[\d\s().-]{7,}\d/i;
const NAME = /^[\p{Lu}][\p{L}'’.-]+(?:\s+[\p{Lu}][\p{L}'’.-]+){1,3}$/u;
const SEPARATORS = /\s+(?:at|@)\s+|\s*[|·•]\s*|\s+[—–-]\s+|,\s+|\s{2,}|\s*\(\s*|\s*\)\s*/;
const DEGREE = /\b(B\.?\s?Sc|M\.?\s?Sc|B\.?\s?A|M\.?\s?A|B\.?\s?S|M\.?\s?S|B\.?\s?Eng|M\.?\s?Eng|MBA|Ph\.?\s?D|Bachelor(?:'s|’s)?(?: of [\p{L} ]+| degree)?|Master(?:'s|’s)?(?: of [\p{L} ]+| degree)?|Doctorate|Diploma|Associate(?:'s|’s)? degree|A-levels|Abitur)\b/iu;
const INSTITUTION = /\b(University|College|Institute|School|Academy|Polytechnic|Universität|Hochschule|Université|Universidad)\b/i;

interface Sections {
  header: DocumentLine[];
  byKind: Map<CvSection, DocumentLine[]>;
  headingsFound: number;
}

function sectionsOf(lines: readonly DocumentLine[]): Sections {
  const header: DocumentLine[] = [];
  const byKind = new Map<CvSection, DocumentLine[]>();
  let current: DocumentLine[] = header;
  let headingsFound = 0;
  for (const line of lines) {
    const heading = headingOf(line, CV_HEADINGS);
    if (heading) {
      headingsFound += 1;
      current = byKind.get(heading) ?? [];
      byKind.set(heading, current);
    } else {
      current.push(line);
    }
  }
  return { header, byKind, headingsFound };
}

/** The name and headline from the top lines: "Jane Doe", or "Jane Doe — Platform Engineer" on one line. */
function nameAndHeadline(header: readonly DocumentLine[]): { name?: string; headline?: string } {
  const candidates = header.filter((line) => !CONTACT.test(line.text)).slice(0, 4);
  let name: string | undefined;
  let headline: string | undefined;
  for (const line of candidates) {
    const [first, ...rest] = line.text.split(/\s+[—–|-]\s+|\s*\|\s*/);
    if (!name && first && NAME.test(first.trim()) && !TITLE_WORDS.test(first)) {
      name = first.trim();
      if (rest.length > 0) headline = rest.join(' — ').trim();
      continue;
    }
    if (name && !headline && !PLACE.test(line.text) && line.text.split(/\s+/).length <= 14) headline = line.text;
  }
  return { ...(name ? { name } : {}), ...(headline ? { headline } : {}) };
}

/** A role's title and company from its header: "Senior SRE, Acme", "Senior SRE at Acme", "Acme — Senior SRE", or over two lines. */
function titleAndCompany(header: readonly string[]): { title?: string; company?: string } {
  const parts = header
    .flatMap((text) => text.split(SEPARATORS))
    .map((part) => part.trim().replace(/^[,;:–—-]+|[,;:–—-]+$/g, '').trim())
    .filter((part) => part.length > 1 && !PLACE.test(part) && !/^(remote|hybrid|full[- ]time|part[- ]time|contract|freelance)$/i.test(part));
  const titleAt = parts.findIndex((part) => TITLE_WORDS.test(part));
  if (titleAt < 0) return { ...(parts[0] ? { title: parts[0] } : {}), ...(parts[1] ? { company: parts[1] } : {}) };
  const company = parts.find((part, index) => index !== titleAt && !TITLE_WORDS.test(part)) ?? parts.find((_, index) => index !== titleAt);
  return { title: parts[titleAt] as string, ...(company ? { company } : {}) };
}

const SHORT_LINE_WORDS = 12;
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Where roles start: lines, not list items, that give a date range (a lone year only on a short line). */
function isRoleAnchor(line: DocumentLine): boolean {
  if (line.bullet) return false;
  const range = findDateRange(line.text);
  if (!range) return false;
  return range.end !== undefined || words(line.text) <= 8;
}

function experienceOf(lines: readonly DocumentLine[], warnings: string[], notRoles: ReadonlySet<string>): CvExperience[] {
  const anchors = lines.map((line, index) => (isRoleAnchor(line) ? index : -1)).filter((index) => index >= 0);
  const roles: CvExperience[] = [];
  // The lines before an anchor that belong to its header: up to two short, non-list lines.
  const headerStart = anchors.map((anchor, position) => {
    const floor = position === 0 ? 0 : (anchors[position - 1] as number) + 1;
    let start = anchor;
    while (start - 1 >= floor && anchor - (start - 1) <= 2 && !lines[start - 1]!.bullet && !notRoles.has(lines[start - 1]!.text) && words(lines[start - 1]!.text) <= SHORT_LINE_WORDS && !(start - 1 > floor && lines[start - 1]!.afterBlank === false && lines[start - 2]?.bullet)) start -= 1;
    return start;
  });
  anchors.forEach((anchor, position) => {
    const anchorLine = lines[anchor] as DocumentLine;
    const range = findDateRange(anchorLine.text)!;
    const rest = `${anchorLine.text.slice(0, range.index)} ${anchorLine.text.slice(range.index + range.length)}`.replace(/\(\s*\)/g, '').trim();
    const header = [...lines.slice(headerStart[position], anchor).map((line) => line.text), ...(rest ? [rest] : [])];
    const { title, company } = titleAndCompany(header);
    const bodyEnd = position + 1 < anchors.length ? (headerStart[position + 1] as number) : lines.length;
    const body = lines.slice(anchor + 1, bodyEnd);
    const highlights = body.filter((line) => line.bullet).map((line) => clip(line.text, Limits.maxLongTextChars));
    const description = body.filter((line) => !line.bullet).map((line) => line.text).join(' ');
    if (!title) {
      warnings.push(`A role dated ${[range.start, range.end].filter(Boolean).join(' – ')} has no title that could be read; add it.`);
      return;
    }
    roles.push({
      title: clip(title, Limits.maxShortTextChars),
      ...(company ? { company: clip(company, Limits.maxShortTextChars) } : {}),
      ...(range.start ? { start: range.start } : {}),
      ...(range.end ? { end: range.end } : {}),
      ...(description ? { description: clip(description, Limits.maxLongTextChars) } : {}),
      ...(highlights.length > 0 ? { highlights: highlights.slice(0, 50) } : {}),
    });
    if (!range.end) warnings.push(`The role ${title}${company ? ` at ${company}` : ''} has a start (${range.start}) but no end date; check it.`);
  });
  // Roles named without any date: a line with a job title that no anchor claimed.
  if (anchors.length === 0) {
    for (const line of lines) {
      if (line.bullet || words(line.text) > SHORT_LINE_WORDS || !TITLE_WORDS.test(line.text)) continue;
      const { title, company } = titleAndCompany([line.text]);
      if (!title) continue;
      roles.push({ title: clip(title, Limits.maxShortTextChars), ...(company ? { company: clip(company, Limits.maxShortTextChars) } : {}) });
      warnings.push(`No dates found for the role ${title}${company ? ` at ${company}` : ''}; add them, or the years of its skills cannot be counted.`);
    }
  }
  return roles;
}

/** Years written beside a skill: "Go (5 years)", "Go – 5+ yrs", "Go: 5 years". */
const SKILL_YEARS = /[\s(:–—-]+(\d{1,2})\+?\s*(?:years?|yrs?)\.?\)?\s*$/i;

/** The skills a skills section lists, in the CV's own words (gap analysis resolves aliases itself). */
function listedSkills(lines: readonly DocumentLine[]): CvSkill[] {
  const skills: CvSkill[] = [];
  for (const line of lines) {
    // "Languages: Go, Python": the label is not a skill.
    const text = line.text.replace(/^[\p{L} &/]{2,30}:\s+/u, '');
    for (const raw of text.split(/\s*[,;|•·]\s*|\s{2,}|\s+\/\s+/)) {
      const item = raw.trim().replace(/^(and|or)\s+/i, '').replace(/\.$/, '');
      if (!item) continue;
      const years = SKILL_YEARS.exec(item);
      const name = (years ? item.slice(0, years.index) : item).trim();
      if (!name || words(name) > 5) continue;
      const written = clip(name, Limits.maxShortTextChars);
      skills.push(years ? { name: written, years: Math.min(60, Number(years[1])) } : written);
    }
  }
  return skills;
}

function educationOf(lines: readonly DocumentLine[]): CvEducation[] {
  const entries: CvEducation[] = [];
  let current: CvEducation | undefined;
  for (const line of lines) {
    const degree = DEGREE.exec(line.text);
    const institution = INSTITUTION.test(line.text) ? line.text.split(SEPARATORS).find((part) => INSTITUTION.test(part))?.trim() : undefined;
    const year = line.text.match(/\b(?:19|20)\d{2}\b/g)?.pop();
    const startsEntry = (degree && current?.degree) || (institution && current?.institution) || !current;
    if ((degree || institution) && startsEntry) {
      current = {};
      entries.push(current);
    }
    if (!current) continue;
    if (degree && !current.degree) {
      current.degree = clip(degree[0], Limits.maxShortTextChars);
      // "BSc Computer Science, TU Berlin", "Master of Science in Physics": what follows the degree, up to a separator.
      const after = line.text.slice(degree.index + degree[0].length).split(SEPARATORS).map((part) => part.trim()).find(Boolean);
      const field = after?.replace(/^(?:in|of)\s+/i, '').trim();
      if (field && !INSTITUTION.test(field) && !/\d{4}/.test(field)) current.field = clip(field, Limits.maxShortTextChars);
    }
    if (institution && !current.institution) current.institution = clip(institution.replace(/\s*\d{4}.*$/, ''), Limits.maxShortTextChars);
    if (year) current.end = year;
  }
  return entries.filter((entry) => entry.degree || entry.institution);
}

/**
 * A CV's text parsed into `ParsedCV`, offline and deterministic: sections by their usual
 * headings, roles by their date ranges (title and company from the lines around), highlights
 * from their list items, skills from a skills section and from the whole text through the
 * knowledge base's names, education, certifications, the name and headline from the top —
 * with a report of how sure it is and what a person should check.
 */
export function parseCvText(text: string, knowledge: KnowledgeBase): { cv: ParsedCV; report: ParseReport } {
  const warnings: string[] = [];
  const { header, byKind, headingsFound } = sectionsOf(documentLines(text));
  if (headingsFound === 0) warnings.push('No section headings (Experience, Skills, Education …) were found; roles and skills were looked for in the whole text.');
  const all = [...header, ...[...byKind.values()].flat()];
  const { name, headline } = nameAndHeadline(header.length > 0 ? header : all);
  if (!name) warnings.push('No name was found at the top of the CV; add it if you want it in the report.');

  const experienceLines = byKind.get('experience') ?? (headingsFound === 0 ? all : []);
  if (!byKind.has('experience') && headingsFound > 0) warnings.push('No Experience section was found (headings like "Experience" or "Work history"); roles could not be read.');
  // Without headings the top lines are read as roles too: the name and headline are not one.
  const notRoles = new Set(header.slice(0, 4).filter((line) => (name && line.text.startsWith(name)) || line.text === headline).map((line) => line.text));
  const experience = experienceOf(experienceLines, warnings, notRoles);
  if (experienceLines.length > 0 && experience.length === 0) warnings.push('The Experience section has no role that could be read (a title, a company and dates); add them.');

  const skillLines = byKind.get('skills');
  const skills = skillLines ? listedSkills(skillLines) : [];
  // A skill is listed once: by the CV's own words, and by the knowledge base's entry it names.
  const known = new Set<string>();
  const keyOf = (name: string) => knowledge.resolve(name)?.id ?? name.toLowerCase();
  const unique = skills.filter((skill) => {
    const key = (typeof skill === 'string' ? skill : skill.name).toLowerCase();
    return !known.has(key) && known.add(key) && known.add(keyOf(key));
  });
  skills.splice(0, skills.length, ...unique);
  for (const { entry } of knowledge.allMentioned(all.map((line) => line.text).join('\n'))) {
    if (known.has(entry.id) || known.has(entry.skill.toLowerCase())) continue;
    known.add(entry.id);
    skills.push(entry.skill);
  }
  if (!skillLines) warnings.push(`No Skills section was found; ${skills.length} skills were taken from the text, where the knowledge base knows them.`);

  const education = educationOf(byKind.get('education') ?? []);
  const certifications = (byKind.get('certifications') ?? []).map((line) => clip(line.text.replace(/\s*[(–—-]?\s*(?:19|20)\d{2}\)?\s*$/, ''), Limits.maxShortTextChars)).filter(Boolean);
  const summaryLines = byKind.get('summary') ?? [];
  const summary = summaryLines.map((line) => line.text).join(' ');

  const cv = ParsedCV.parse({
    ...(name ? { name: clip(name, Limits.maxShortTextChars) } : {}),
    ...(headline ? { headline: clip(headline, Limits.maxShortTextChars) } : {}),
    ...(summary ? { summary: clip(summary, Limits.maxLongTextChars) } : {}),
    skills: skills.slice(0, Limits.maxListItems),
    experience: experience.slice(0, Limits.maxListItems),
    ...(education.length > 0 ? { education: education.slice(0, 50) } : {}),
    ...(certifications.length > 0 ? { certifications: certifications.slice(0, 100) } : {}),
  });
  const dated = experience.filter((role) => role.start).length;
  const confidence = {
    name: name ? 0.9 : 0,
    headline: headline ? 0.7 : 0,
    experience: experience.length === 0 ? 0 : experience.reduce((sum, role) => sum + (role.company ? 0.3 : 0) + (role.start ? 0.4 : 0) + 0.3, 0) / experience.length,
    dates: experience.length === 0 ? 0 : dated / experience.length,
    skills: skills.length === 0 ? 0 : skillLines ? 0.9 : 0.6,
    education: byKind.has('education') ? (education.length > 0 ? 0.8 : 0.2) : 0,
  };
  return { cv, report: { confidence: roundAll(confidence), warnings } };
}

function roundAll(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Math.round(value * 100) / 100]));
}
