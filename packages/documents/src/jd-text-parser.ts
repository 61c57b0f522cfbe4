import { Limits, ParsedJD, type Importance, type JdRequirement, type Seniority } from '@gapflow/core';
import type { KnowledgeBase } from '@gapflow/retrieval';
import { documentLines, headingOf, type DocumentLine } from './document-lines';
import { clip, type ParseReport } from './parse-report';

type JdSection = 'must' | 'should' | 'nice' | 'requirements' | 'responsibilities' | 'about' | 'other';

/** The usual wordings of a job ad's section headings, lower case, "&" read as "and". */
const JD_HEADINGS: Record<JdSection, readonly string[]> = {
  must: ['must have', 'must-have', 'must haves', 'must-haves', 'required', 'required skills', 'required qualifications', 'essential', 'essential skills', 'minimum qualifications', 'basic qualifications', 'mandatory'],
  should: ['should have', 'desired', 'desired skills', 'desirable'],
  nice: ['nice to have', 'nice-to-have', 'nice to haves', 'bonus', 'bonus points', 'preferred', 'preferred qualifications', 'pluses', 'good to have', 'extra credit', 'it would be great if you have'],
  requirements: ['requirements', 'qualifications', 'what you bring', 'what we are looking for', "what we're looking for", 'what we’re looking for', 'you have', 'your profile', 'who you are', 'skills', 'skills and experience', 'about you', 'your skills', 'experience'],
  responsibilities: ['responsibilities', "what you'll do", 'what you’ll do', 'what you will do', 'your role', 'the role', 'your responsibilities', 'key responsibilities', 'duties', 'your mission', 'in this role you will'],
  about: ['about us', 'about the company', 'who we are', 'about the role', 'the job', 'overview', 'description', 'job description'],
  other: ['benefits', 'what we offer', 'perks', 'why join us', 'how to apply', 'compensation', 'salary', 'location', 'our offer'],
};

const MUST_CUE = /\b(required|must|essential|mandatory|need to have|you have to)\b/i;
const NICE_CUE = /\b(ideally|preferred|preferably|a plus|is a plus|bonus|nice to have|nice-to-have|desirable|an advantage|advantageous|would be great|good to have|optional)\b/i;
const SHOULD_CUE = /\b(should|familiarity|familiar with|knowledge of|exposure to|understanding of)\b/i;
/** "5+ years of Go", "at least 3 years with Kubernetes", "3-5 years' experience in Python". */
const YEARS = /(\d{1,2})\s*(?:\+|-\s*\d{1,2}|–\s*\d{1,2})?\s*\+?\s*(?:years?|yrs?)['’]?/i;
/** The phrase a requirement line asks for when the knowledge base knows none of it: "experience with X", "knowledge of X", "X experience". */
const ASKED_FOR = /(?:experience (?:with|in|of|using)|knowledge of|proficiency (?:in|with)|expertise (?:in|with)|familiarity with|skilled in|background in|understanding of)\s+([^,.;()]+)/i;

/** What is left of a short list item once the words that say how much it matters are gone: "Selenium is required" → Selenium. */
function bareSkill(line: string): string | undefined {
  const bare = line
    .replace(new RegExp(`${MUST_CUE.source}|${NICE_CUE.source}|${SHOULD_CUE.source}`, 'gi'), ' ')
    .replace(/\b(is|are|would|be|some|any|solid|strong|good|great|proven|hands-on|skills?|experience|a|an|the|with|in|of|and)\b/gi, ' ')
    .replace(/[.,;:!()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const count = bare ? bare.split(' ').length : 0;
  return count >= 1 && count <= 3 && /^[\p{Lu}\d]/u.test(bare) ? bare : undefined;
}

function seniorityOf(title: string, text: string): Seniority | undefined {
  if (/\b(junior|jr\.?|graduate|entry[- ]level|trainee)\b/i.test(title)) return 'junior';
  if (/\b(lead|principal|staff|head of|director|manager)\b/i.test(title)) return 'lead';
  if (/\b(senior|sr\.?)\b/i.test(title)) return 'senior';
  if (/\b(mid[- ]level|intermediate|mid)\b/i.test(title)) return 'mid';
  const years = Math.max(0, ...[...text.matchAll(new RegExp(YEARS.source, 'gi'))].map((match) => Number(match[1])));
  if (years >= 7) return 'lead';
  if (years >= 5) return 'senior';
  if (years >= 2) return 'mid';
  if (years >= 1) return 'junior';
  return undefined;
}

function importanceOf(section: JdSection | undefined, line: string): Importance | undefined {
  if (NICE_CUE.test(line)) return 'nice';
  if (MUST_CUE.test(line)) return 'must';
  if (section === 'must' || section === 'should' || section === 'nice') return section;
  if (SHOULD_CUE.test(line)) return 'should';
  return undefined;
}

/** A job title from the top: a heading, "Job title: …", or the first short line; "… at Acme" gives the company. */
function titleAndCompany(lines: readonly DocumentLine[]): { title?: string; company?: string } {
  for (const line of lines.slice(0, 5)) {
    const labelled = /^(?:job title|title|position|role)\s*[:：]\s*(.+)$/i.exec(line.text);
    const text = (labelled?.[1] ?? line.text).trim();
    if (line.bullet || text.split(/\s+/).length > 12 || /[.!?]$/.test(text)) continue;
    const at = /^(.+?)\s+(?:at|@|[—–|-])\s+(.+)$/.exec(text);
    if (at) return { title: (at[1] as string).trim(), company: (at[2] as string).trim() };
    return { title: text };
  }
  return {};
}

/**
 * A job ad's text parsed into `ParsedJD`, offline and deterministic: the title (and company)
 * from the top, seniority from the title and the years asked for, requirements from the list
 * items of their sections, each skill through the knowledge base's names (or the phrase the line
 * asks for), its importance from its section ("Must have", "Nice to have" …) or from cues in the
 * line ("required", "ideally", "a plus"), and the years ("5+ years of Go" → Go, 5).
 */
export function parseJdText(text: string, knowledge: KnowledgeBase): { jd: ParsedJD; report: ParseReport } {
  const warnings: string[] = [];
  const lines = documentLines(text);
  const { title, company } = titleAndCompany(lines);
  let section: JdSection | undefined;
  let sectionsFound = 0;
  const requirements = new Map<string, JdRequirement>();
  const responsibilities: string[] = [];
  const about: string[] = [];
  let assumed = 0;
  let unreadable = 0;
  for (const line of lines) {
    const heading = headingOf(line, JD_HEADINGS);
    if (heading) {
      section = heading;
      sectionsFound += 1;
      continue;
    }
    if (section === 'responsibilities') {
      responsibilities.push(line.text);
      continue;
    }
    const inRequirements = section === 'must' || section === 'should' || section === 'nice' || section === 'requirements';
    // Outside a requirements section, a line counts only when it says it is one ("required", "a plus").
    if (!inRequirements && !(line.bullet && (MUST_CUE.test(line.text) || NICE_CUE.test(line.text)))) {
      if (section === 'about' || section === undefined) about.push(line.text);
      continue;
    }
    // Each skill in the ad's own words (as the knowledge base spells that name): gap analysis resolves aliases itself.
    const mentioned = knowledge.allMentioned(line.text).map(({ entry, name }) => knowledge.namesOf(entry).find((known) => known.toLowerCase() === name.toLowerCase()) ?? name);
    const asked = ASKED_FOR.exec(line.text)?.[1]?.trim() ?? bareSkill(line.text);
    const skills = mentioned.length > 0 ? mentioned : asked && asked.split(/\s+/).length <= 5 ? [asked] : [];
    if (skills.length === 0) {
      if (line.bullet) unreadable += 1;
      continue;
    }
    let importance = importanceOf(section, line.text);
    if (!importance) {
      importance = 'should';
      assumed += skills.length;
    }
    const years = YEARS.exec(line.text);
    for (const skill of skills) {
      const key = skill.toLowerCase();
      const earlier = requirements.get(key);
      // A skill asked for twice keeps its strongest importance.
      if (earlier && rank(earlier.importance) >= rank(importance)) continue;
      requirements.set(key, {
        skill: clip(skill, Limits.maxShortTextChars),
        importance,
        ...(years && skills.length === 1 ? { years: Math.min(60, Number(years[1])) } : {}),
      });
    }
  }
  if (!title) warnings.push('No job title was found at the top; add it.');
  if (sectionsFound === 0) warnings.push('No section headings (Requirements, Nice to have …) were found; requirements were taken from lines that say how much they matter.');
  if (assumed > 0) warnings.push(`${assumed} requirement${assumed === 1 ? '' : 's'} had no importance; taken as should.`);
  if (unreadable > 0) warnings.push(`${unreadable} list item${unreadable === 1 ? '' : 's'} under the requirements named no skill gapflow could read; check the requirements.`);
  if (requirements.size === 0) warnings.push('No requirement was found; add at least one skill, or gaps cannot be measured.');
  const list = [...requirements.values()].slice(0, Limits.maxRequirements);
  const jd = ParsedJD.parse({
    title: clip(title ?? 'Untitled role', Limits.maxShortTextChars),
    ...(company ? { company: clip(company, Limits.maxShortTextChars) } : {}),
    ...(seniorityOf(title ?? '', text) ? { seniority: seniorityOf(title ?? '', text) } : {}),
    requirements: list.length > 0 ? list : [{ skill: clip(title ?? 'the role', Limits.maxShortTextChars), importance: 'must' }],
    ...(responsibilities.length > 0 ? { responsibilities: responsibilities.slice(0, 100).map((item) => clip(item, Limits.maxLongTextChars)) } : {}),
    ...(about.length > 1 ? { description: clip(about.slice(1).join(' '), Limits.maxLongTextChars) } : {}),
  });
  const confidence = {
    title: title ? 0.8 : 0,
    requirements: list.length === 0 ? 0 : Math.max(0.3, 1 - unreadable / (list.length + unreadable)),
    importance: list.length === 0 ? 0 : 1 - assumed / Math.max(list.length, assumed),
    seniority: jd.seniority ? 0.7 : 0,
  };
  return { jd, report: { confidence: Object.fromEntries(Object.entries(confidence).map(([key, value]) => [key, Math.round(value * 100) / 100])), warnings } };
}

function rank(importance: Importance): number {
  return importance === 'must' ? 3 : importance === 'should' ? 2 : 1;
}
