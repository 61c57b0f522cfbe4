import { Limits, ParsedJD, type Importance, type JdRequirement, type Seniority } from '@gapflow/core';
import type { KnowledgeBase } from '@gapflow/retrieval';
import { documentLines, headingOf, type DocumentLine } from './document-lines';
import { documentRefused } from './document-refused';
import { TITLE_WORDS } from './role-words';
import { tableCriteria } from './person-specification';
import { ABOUT_THE_JOB, clausesOf, importanceOf, MUST_CUE, NICE_CUE, NOT_ASKED, NOT_REQUIRED_BUT_NICE, PROSE_CUE, saysHowMuch, SHOULD_CUE, YEARS, yearsOf, type JdSection } from './requirement-cues';
import { askedFor, bareSkills, criterionAsks, degreeAsked, inTheAdsWords, proseAsks, withExamplesListed } from './requirement-phrases';
import { clip, fitToDocumentLimit, roundedConfidence, type ParseReport } from './parse-report';

/** The usual wordings of a job ad's section headings, lower case, "&" read as "and". */
const JD_HEADINGS: Record<JdSection, readonly string[]> = {
  must: ['must have', 'must-have', 'must haves', 'must-haves', 'required', 'required skills', 'required qualifications', 'required experience', 'experience required', 'qualifications required', 'essential', 'essential skills', 'essential requirements', 'essential qualifications', 'minimum qualifications', 'minimum requirements', 'basic qualifications', 'mandatory', 'mandatory requirements'],
  should: ['should have', 'desired', 'desired skills', 'desired qualifications', 'desirable'],
  nice: ['desirable criteria', 'desirable skills', 'desirable requirements', 'nice to have', 'nice-to-have', 'nice to haves', 'bonus', 'bonus points', 'bonus skills', 'preferred', 'preferred qualifications', 'preferred skills', 'preferred experience', 'pluses', 'plus', 'good to have', 'extra credit', 'it would be great if you have', 'would be an advantage', 'advantageous', 'an advantage', 'highly regarded', 'even better if you have', 'even better if', 'additional skills'],
  requirements: ['requirements', 'qualifications', "you'll thrive here if", "you'll thrive if", 'you will thrive here if', "you're a great fit if", "you might be a good fit if", "we'd love to hear from you if", "what we're after", 'the ideal candidate', 'ideal candidate', 'our ideal candidate', 'the successful candidate', 'candidate requirements', 'job requirements', 'role requirements', 'minimum requirements', 'skills required', 'required skills and experience', 'skills and qualifications', 'qualifications and skills', 'qualifications and experience', 'experience and qualifications', 'skills and experience required', 'knowledge, skills and experience', 'skills, knowledge and experience', 'knowledge and skills', 'knowledge, skills and abilities', 'competencies', 'key competencies', 'core competencies', 'selection criteria', 'key selection criteria', 'person specification', 'desired profile', 'candidate profile', 'eligibility', 'eligibility criteria', 'essential criteria', 'what you need to succeed', "what you'll need to succeed", 'who we are looking for', "who we're looking for", 'what you bring', "what you'll bring", 'what you will bring', 'what we are looking for', "what we're looking for", 'what we need', 'what we need from you', 'you have', 'you will have', "you'll have", 'your profile', 'your experience', 'your skills and experience', 'who you are', 'about you', 'what you need', "what you'll need", 'what you will need', 'requirements and qualifications', 'key requirements', 'to be successful you will have'],
  /** A list of skills that does not say whether they are required: each line's cues decide, else should. */
  skills: ['skills', 'skills and experience', 'experience', 'your skills', 'tech stack', 'technologies', 'our stack', 'tools', 'tools we use'],
  responsibilities: ['responsibilities', "what you'll do", 'what you will do', "what you'll be doing", 'what you will be doing', 'your role', 'the role', 'your responsibilities', 'key responsibilities', 'main responsibilities', 'job responsibilities', 'roles and responsibilities', 'duties and responsibilities', 'main duties and responsibilities', 'key duties', 'main duties', 'duties', 'your tasks', 'tasks', 'your mission', 'in this role you will', 'a day in the life', 'day to day', 'day-to-day'],
  about: ['about us', 'about the company', 'who we are', 'about the role', 'the job', 'overview', 'description', 'job description', 'location profile', 'company profile', 'about the team', 'the team', 'our team'],
  other: ['benefits', 'what we offer', 'perks', 'why join us', 'how to apply', 'compensation', 'salary', 'location', 'our offer', 'in return we offer', "what's in it for you", 'what’s in it for you', 'our process', 'hiring process', 'the process', 'interview process', 'conditions of employment', 'application questions', 'application question(s)', 'schedule', 'contact', 'other information', 'equal opportunities', 'equal opportunity', 'eeo statement', 'pay', 'job type', 'job types', 'work location', 'perks and benefits', 'benefits and perks', 'rewards', 'what you get'],
};

/** A line that introduces a list: "It would also be great if you have some of the following:", "You'll need:". */
const LEAD_IN = /[:：]\s*$/;

function seniorityOf(title: string, text: string): Seniority | undefined {
  if (/\b(junior|jr\.?|graduate|entry[- ]level|trainee)\b/i.test(title)) return 'junior';
  if (/\b(lead|principal|staff|head|chief|director|manager)\b/i.test(title)) return 'lead';
  if (/\b(senior|sr\.?)\b/i.test(title)) return 'senior';
  if (/\b(mid[- ]level|intermediate|mid)\b/i.test(title)) return 'mid';
  const years = Math.max(0, ...[...text.matchAll(new RegExp(YEARS.source, 'gi'))].map((match) => yearsOf(match[1] as string)));
  if (years >= 5) return 'senior';
  if (years >= 2) return 'mid';
  if (years >= 1) return 'junior';
  return undefined;
}

/** A list item, or one sentence of a paragraph of prose: what a requirement is read from. */
interface Unit {
  text: string;
  bullet: boolean;
  /** The line it is (a list item, or a one-line paragraph): what a heading can be. */
  line?: DocumentLine;
  /** A short line without a full stop right above a list: "It would be great if you also have". */
  introducesList?: boolean;
  /** What a table row says of its criterion: its column (Essential / Desirable) or its E/D cell. */
  importance?: Importance;
  /** A heading in words gapflow does not know ("Who may apply", "Child Safe Standards"): it ends the section above. */
  unknownHeading?: boolean;
}

/**
 * A line set as a heading whose words are not a known section's: a short line that starts a
 * paragraph and leads the lines under it, with no sentence's end, no number, no skill and no
 * word of weight. What was under the heading before it no longer holds.
 */
function looksLikeHeading(line: DocumentLine, next: DocumentLine | undefined, knowledge: KnowledgeBase): boolean {
  const words = line.text.replace(/[:：]\s*$/, '').split(/\s+/);
  if (line.bullet || !line.afterBlank || !next || next.afterBlank || words.length < 2 || words.length > 6) return false;
  if (/[.!?,;]$|\d/.test(line.text) || saysHowMuch(line.text)) return false;
  return knowledge.allMentioned(line.text).length === 0;
}

/**
 * A line that asks for nothing whatever its words: pay ("£52,000 + bonus", "$24 an hour"), a
 * labelled detail ("Salary: …"), the contract ("Permanent | …") — not any amount: "budgets of £2m" is asked.
 */
const NO_REQUIREMENT = /[£$€₹]\s?[\d,.]+\s*k?\s*(?:[–-]\s*[£$€₹]?\s?[\d,.]+\s*k?\s*)?(?:\+\s*(?:bonus|benefits|car allowance|commission|super)|(?:per|an|a)\s+(?:hour|annum|year|month|week|day)|p\.?a\.?|pro rata|DOE)\b|^(?:salary|pay|location|contract|hours|closing date|reference|job reference|start date)\s*[:：]|^(?:permanent|full[- ]time|part[- ]time|contract|temporary)\s*[|·,–-]/i;
/** A table's legend: "E = Essential     D = Desirable". */
const LEGEND = /\b[A-Z]\s?=\s?[A-Z][a-z]/;

/** A language named as one to speak or write, after a word that says so: "in English", "fluent German", "good English". */
const LANGUAGE_ASKED = /\b(?:in|fluent|fluency in|good|very good|excellent|native|business|working|written|spoken|verbal|and)\s+(?:English|German|French|Spanish|Italian|Portuguese|Dutch|Mandarin|Cantonese|Japanese|Korean|Arabic|Hindi|Urdu|Russian|Polish|Swedish|Danish|Norwegian|Finnish|Turkish|Greek|Hebrew|Irish|Welsh|Tagalog|Filipino|Swahili|Afrikaans|Zulu|Malay|Indonesian|Thai|Vietnamese)\b/g;

/**
 * A line without the clauses it says in parentheses ("(Level 4 is a bonus)"), which weigh what they
 * name; a word of weight alone in them stays, for it weighs the line ("Sage 300: 1 year (preferred)").
 */
function withoutParentheses(text: string): string {
  const without = text.replace(/\s*\(([^()]*)\)/g, (aside, inside: string) => (inside.trim().split(/\s+/).length >= 3 ? '' : aside)).trim();
  return without.length > 0 ? without : text;
}

/** What is left of a clause that named nothing: "not", "also", "etc." */
const FUNCTION_WORD = /^(?:not|no|also|too|etc\.?|and|or|but|so|as|well|both|either|neither|all|any|some|other|others|more|less|it|this|that|these|those)$/i;

/** A line that a sentence runs on from: it ends in a comma, a joining word or an article. */
const RUNS_ON = /(?:[,;–—-]|\b(?:and|or|the|of|with|to|in|for|a|an|on|at|by|from|our|your|who|that|which|as|is|are|be|will|you|we))$/i;

/** The most list items and sentences a job ad is read for; a real ad has a few dozen. */
const MAX_UNITS = 600;

/** List items as they are; paragraphs of prose joined across their lines and cut into sentences. */
function unitsOf(lines: readonly DocumentLine[], knowledge: KnowledgeBase): Unit[] {
  const units: Unit[] = [];
  const table = tableCriteria(lines);
  let paragraph: DocumentLine[] = [];
  const flush = () => {
    // Lines that each start with a capital and none of which runs on into the next are a list
    // without its marks (a person specification's criteria, one per line), not a wrapped paragraph.
    if (paragraph.length >= 2 && paragraph.every((line) => /^[\p{Lu}\d]/u.test(line.text) && !RUNS_ON.test(line.text) && !/[.!?]/.test(line.text.slice(0, -1)) && !/[.!?]$/.test(line.text) && line.text.split(/\s+/).length <= 20)) {
      for (const line of paragraph) units.push({ text: line.text, bullet: true, line });
      paragraph = [];
      return;
    }
    const sentences = paragraph.map((line) => line.text).join(' ').split(/(?<=[.!?])\s+(?=[\p{Lu}"“])/u).filter(Boolean);
    // A one-line, one-sentence paragraph keeps its line: it may be a heading or a title.
    if (paragraph.length === 1 && sentences.length === 1) units.push({ text: (paragraph[0] as DocumentLine).text, bullet: false, line: paragraph[0] });
    else for (const sentence of sentences) units.push({ text: sentence, bullet: false });
    paragraph = [];
  };
  lines.forEach((line, index) => {
    const row = table.get(line);
    if (row) {
      flush();
      units.push(...row.map(({ text, importance }) => ({ text, bullet: true, importance })));
      return;
    }
    const heading = headingOf(line, JD_HEADINGS) !== undefined;
    // The top lines are the title and the employer, no section's heading.
    const unknownHeading = !heading && index > 2 && looksLikeHeading(line, lines[index + 1], knowledge);
    if (line.bullet || heading || unknownHeading || line.afterBlank || LEAD_IN.test(line.text)) flush();
    if (line.bullet) {
      // A list item of two sentences asks twice, each with its own weight: "Bachelor's degree in
      // Statistics. A Master's degree will be an added advantage."
      const sentences = line.text.split(/(?<=[a-z)]{2}[.!?])\s+(?=\p{Lu})/u);
      sentences.forEach((sentence, at) => units.push({ text: sentence, bullet: true, ...(at === 0 ? { line } : {}) }));
      return;
    }
    if (heading || unknownHeading) {
      units.push({ text: line.text, bullet: line.bullet, line, ...(unknownHeading ? { unknownHeading } : {}) });
      return;
    }
    paragraph.push(line);
    // A line that ends a sentence and is short (a label, a title) stands alone.
    if (LEAD_IN.test(line.text)) flush();
  });
  flush();
  units.forEach((unit, index) => {
    if (!unit.bullet && unit.line && units[index + 1]?.bullet && unit.text.split(/\s+/).length <= 10 && !/[.!?]$/.test(unit.text)) unit.introducesList = true;
  });
  return units;
}

const GENERIC_LABEL = /^(?:job description|job details|job posting|job advert(?:isement)?|job summary|vacancy|vacancies|open position|position details|careers?|about the job|we['’]re hiring!?|now hiring!?|apply now)[:：]?$/i;

/** A name that says it is an organisation by its last word: "Oakfield Hospitality Group", "Acme Ltd", "Riverside NHS Trust". */
const EMPLOYER = /\b(?:Group|Ltd|Limited|Inc|LLC|LLP|plc|GmbH|AG|Pty|Co|Corp|Corporation|Company|Hospital|Trust|Council|University|College|School|Academy|Bank|Partners|Technologies|Solutions|Systems|Services|Labs|Health|Hotels?|Restaurants?|Foundation|Agency)\.?$/;

/** A careers page's navigation and labels above the title: "Skip to main content", "Sign in", "Job Description". */
const PAGE_CHROME = /^(?:skip to (?:main )?content|sign in|log in|menu|home|jobs|search|careers|back to (?:search|results|jobs)|save(?: job)?|share|apply(?: now)?)$/i;
const AD_TITLE_LABEL = /^(?:job title|position title|position|post title|post|role title|role|title|vacancy)\s*[:：]\s*(.+)$/i;

/**
 * The ad's job title from the top (not a CV role's header: see cv-text-parser's titleAndCompany):
 * a labelled title ("Position: …", "Job title: …") in the first lines, else the first short line
 * that names a job ("Senior Data Scientist at Globex"), else the first short line; "… at Acme"
 * gives the company.
 */
function adTitleAndCompany(lines: readonly DocumentLine[]): { title?: string; company?: string } {
  const top = lines.slice(0, 15);
  const labelled = top.map((line) => AD_TITLE_LABEL.exec(line.text)?.[1]?.trim()).find((title) => title && title.split(/\s+/).length <= 12);
  if (labelled) return { title: labelled };
  const candidates = top.slice(0, 8).filter((line) => {
    const text = line.text.trim();
    // A sentence is no title; "… at Tallgrass Outdoor Co." ends with a company's abbreviation, not a full stop.
    const sentence = /[.!?]$/.test(text) && !/\b(?:Co|Inc|Ltd|Corp|LLC|Pty|GmbH|B\.V|S\.A|plc)\.$/i.test(text);
    return !line.bullet && !GENERIC_LABEL.test(text) && !PAGE_CHROME.test(text) && text.split(/\s+/).length <= 12 && !sentence;
  });
  // An ad's first lines may be its employer's name or a banner ("VACANCY ANNOUNCEMENT"): a line that names a job is the title.
  const chosen = candidates.slice(0, 6).find((line) => TITLE_WORDS.test(line.text)) ?? candidates[0];
  if (!chosen) return {};
  // A breadcrumb ends with the page's own name: "Careers > Current vacancies > Class 1 HGV Driver".
  const text = (chosen.text.split(/\s+[>›»]\s+/).pop() ?? chosen.text).trim();
  const at = /^(.+?)\s+(?:at|@|[—–|-])\s+(.+)$/.exec(text);
  if (at) return { title: (at[1] as string).trim(), company: (at[2] as string).trim() };
  // The employer on the line under the title: "Oakfield Hospitality Group · Cheltenham, England · Full-time".
  const under = lines[lines.indexOf(chosen) + 1]?.text.split(/\s+[·|•—–]\s+/)[0]?.trim();
  const company = under && under.split(/\s+/).length <= 6 && EMPLOYER.test(under) ? under : undefined;
  return { title: text, ...(company ? { company } : {}) };
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
  const { title, company } = adTitleAndCompany(lines);
  let section: JdSection | undefined;
  let sectionsFound = 0;
  const requirements = new Map<string, JdRequirement>();
  const responsibilities: string[] = [];
  const about: string[] = [];
  let assumed = 0;
  let unreadable = 0;
  let leadIn: JdSection | undefined;
  const units = unitsOf(lines, knowledge);
  // A longer ad is a paste of more than an ad: its first units are read, in bounded time.
  if (units.length > MAX_UNITS) warnings.push(`The job description is very long: only its first ${MAX_UNITS} lines and sentences were read.`);
  for (const unit of units.slice(0, MAX_UNITS)) {
    const heading = unit.line && headingOf(unit.line, JD_HEADINGS);
    if (heading) {
      section = heading;
      leadIn = undefined;
      sectionsFound += 1;
      continue;
    }
    if (unit.unknownHeading) {
      // Under Requirements, "Technical skills" or "Soft skills" is a part of the requirements, not the end of them.
      const partOfRequirements = (section === 'must' || section === 'should' || section === 'nice' || section === 'requirements' || section === 'skills') && /\b(?:skills|knowledge|experience|competenc\w*|abilities|tools|technical|languages|qualifications?)\b/i.test(unit.text);
      if (!partOfRequirements) section = undefined;
      leadIn = undefined;
      continue;
    }
    if (!unit.bullet) leadIn = undefined;
    if (NO_REQUIREMENT.test(unit.text) || LEGEND.test(unit.text)) continue;
    if (section === 'responsibilities' && !unit.importance) {
      responsibilities.push(unit.text);
      continue;
    }
    // "It would also be great if you have some of the following:" — the list under it is nice to have.
    if (!unit.bullet && (LEAD_IN.test(unit.text) || unit.introducesList) && section !== 'other') {
      leadIn = NICE_CUE.test(unit.text) ? 'nice' : SHOULD_CUE.test(unit.text) ? 'should' : MUST_CUE.test(unit.text) ? 'must' : undefined;
      if (leadIn) continue;
    }
    const effective = leadIn ?? section;
    const inRequirements = effective === 'must' || effective === 'should' || effective === 'nice' || effective === 'requirements' || effective === 'skills';
    // Outside a requirements section (or in prose without any), a line or sentence counts only
    // when it says how much it matters ("required", "you'll need", "a plus", "you should").
    const cued = unit.bullet ? saysHowMuch(unit.text) : PROSE_CUE.test(unit.text) && !ABOUT_THE_JOB.test(unit.text);
    if (!unit.importance && !inRequirements && !(cued && (effective === undefined || effective === 'about'))) {
      if (section === 'about' || section === undefined) about.push(unit.text);
      continue;
    }
    // What a clause says is not needed is left out, the rest of the line still read: "5+ years
    // of Go; no Rust experience needed" asks for Go. "Not required but nice" is a plus.
    // Under "Nice to have", "not required" is what a nice-to-have is: "German (really not required)".
    const keepsNegation = NOT_REQUIRED_BUT_NICE.test(unit.text) || (leadIn ?? section) === 'nice';
    // "Good chairside skills and knowledge of infection control": an ask before the words that ask for the next is an ask of its own.
    const clauses = keepsNegation ? [unit.text] : unit.text.split(/;\s*|,?\s+(?:but|though|although|whereas)\s+|,?\s+and\s+(?=(?:a\s+)?(?:good\s+|sound\s+|working\s+|strong\s+)?(?:knowledge|understanding|experience|familiarity|awareness)\s+(?:of|with|in)\b)/i).filter((clause) => !NOT_ASKED.test(clause));
    if (clauses.length === 0) continue;
    // A sentence of prose can ask for two things with two weights: "Experience with X is
    // essential, …, and holding Y would be a real advantage". Each clause is read on its own;
    // one that says nothing of its weight takes the sentence's ("…, as would an IPAF licence").
    // A list item's ", preferably in automotive" is a second, weaker ask.
    const parts = unit.importance ? [clauses.join('; ')] : unit.bullet ? clauses.flatMap((clause) => clause.split(/,\s+(?=(?:preferably|ideally)\b)/i)) : clausesOf(clauses.join('; '));
    // A cue inside parentheses weighs what the parentheses say, not the line: "Food Safety Level 3 (Level 4 is a bonus)".
    const sentenceImportance = unit.importance ?? importanceOf(effective, withoutParentheses(unit.text));
    for (const part of parts) {
      // A list item's part weighs by its own cue or its section; a clause of prose by its own cue or its sentence's.
      const weight = unit.importance ?? (parts.length === 1 ? sentenceImportance : unit.bullet ? importanceOf(effective, withoutParentheses(part)) : (importanceOf(undefined, withoutParentheses(part)) ?? sentenceImportance));
      readRequirement({ text: part, bullet: unit.bullet, ...(unit.importance ? { criterion: true } : {}) }, weight);
    }
  }

  /** The skills one list item or clause asks for, with the importance it gives them (or `should`, assumed). */
  function readRequirement(unit: { text: string; bullet: boolean; criterion?: boolean }, given: Importance | undefined): void {
    // "Confident using practice software - we use Dentally": the tool the employer names is what is asked.
    const line = { ...unit, text: withExamplesListed(unit.text).replace(/^.*?\s[-–—(]\s*we use\s+/i, '') };
    // Each skill in the ad's own words (as the knowledge base spells that name): gap analysis resolves aliases itself.
    // Each name the ad uses, so "Python …, including pandas, NumPy" asks for NumPy too — but two
    // names of one skill side by side are one ask ("WCAG accessibility guidelines").
    const mentions = knowledge.allMentioned(line.text, { everyName: true });
    const mentioned = mentions
      .filter((mention, index) => {
        const before = mentions[index - 1];
        return !(before && before.entry.id === mention.entry.id && /^\s*$/.test(line.text.slice(before.index + before.name.length, mention.index)));
      })
      .map(({ entry, name }) => knowledge.namesOf(entry).find((known) => known.toLowerCase() === name.toLowerCase()) ?? name);
    // A degree is asked whole: "B.E. / B.Tech in Mechanical Engineering".
    const degree = degreeAsked(line.text);
    const asked = degree ? [degree] : line.criterion ? criterionAsks(line.text) : askedFor(line.text, line.bullet);
    // A sentence of prose is read after its lead too ("you'll need X and Y"), besides what asks inside it ("… experience in Z").
    const prose = line.bullet && asked.length > 0 ? [] : proseAsks(line.text);
    const phrases: string[] = asked.length > 0 || prose.length > 0 ? [...new Set([...prose, ...asked])] : line.bullet ? bareSkills(line.text) : [];
    // A language the candidate is to work in: "explain trade-offs clearly in English", "fluent German".
    for (const language of line.text.match(LANGUAGE_ASKED) ?? []) {
      const name = language.replace(/^.*\s/, '');
      if (!phrases.some((phrase) => phrase.toLowerCase() === name.toLowerCase())) phrases.push(name);
    }
    // A criterion is a name ("Health and Safety at Work etc. Act 1974"): kept whole over a known name in it.
    const skills = inTheAdsWords(mentioned, phrases, line.criterion === true).filter((skill) => /\p{L}/u.test(skill) && !(FUNCTION_WORD.test(skill) && skill !== skill.toUpperCase()));
    if (skills.length === 0) {
      if (line.bullet) unreadable += 1;
      return;
    }
    let importance = given;
    if (!importance) {
      importance = 'should';
      assumed += skills.length;
    }
    const years = YEARS.exec(line.text);
    // The years go to the one skill asked for, or to the skill named right after them ("5+ years of Go and Kubernetes" → Go).
    const yearsEnd = years ? years.index + years[0].length : -1;
    // "Python: 3+ yrs, including pandas": the years belong to the label before them.
    const label = years ? /^([^:]{1,40}):\s*$/.exec(line.text.slice(0, years.index))?.[1]?.trim().toLowerCase() : undefined;
    const yearsFor = !years ? undefined : label && skills.some((skill) => skill.toLowerCase() === label) ? skills.find((skill) => skill.toLowerCase() === label) : skills.length === 1 ? skills[0] : skills.map((skill) => ({ skill, at: line.text.toLowerCase().indexOf(skill.toLowerCase(), yearsEnd) })).filter(({ at }) => at >= 0 && at - yearsEnd <= 40).sort((a, b) => a.at - b.at)[0]?.skill;
    for (const skill of skills) {
      const key = skill.toLowerCase();
      const earlier = requirements.get(key);
      // A skill asked for twice keeps its strongest importance.
      if (earlier && rank(earlier.importance) >= rank(importance)) continue;
      requirements.set(key, {
        skill: clip(skill, Limits.maxShortTextChars),
        importance,
        ...(years && skill === yearsFor ? { years: Math.min(60, yearsOf(years[1] as string)) } : {}),
      });
    }
  }
  if (!title) warnings.push('No job title was found at the top; add it.');
  if (sectionsFound === 0) warnings.push('No section headings (Requirements, Nice to have …) were found; requirements were taken from lines that say how much they matter.');
  if (assumed > 0) warnings.push(`${assumed} requirement${assumed === 1 ? '' : 's'} had no importance; taken as should.`);
  if (unreadable > 0) warnings.push(`${unreadable} list item${unreadable === 1 ? '' : 's'} under the requirements named no skill gapflow could read; check the requirements.`);
  if (requirements.size === 0) {
    // No made-up requirement: a session measured against one would look sure of nothing.
    throw documentRefused('jd', 'names no skill gapflow could read as a requirement', 'List the requirements one per line (under a heading such as "Requirements" or "Must have"), or send the job description as parsed JSON.');
  }
  const list = [...requirements.values()].slice(0, Limits.maxRequirements);
  const seniority = seniorityOf(title ?? '', text);
  const whole: ParsedJD = {
    title: clip(title ?? 'Untitled role', Limits.maxShortTextChars),
    ...(company ? { company: clip(company, Limits.maxShortTextChars) } : {}),
    ...(seniority ? { seniority } : {}),
    requirements: list,
    ...(responsibilities.length > 0 ? { responsibilities: responsibilities.slice(0, 100).map((item) => clip(item, Limits.maxLongTextChars)) } : {}),
    ...(about.length > 1 ? { description: clip(about.slice(1).join(' '), Limits.maxLongTextChars) } : {}),
  };
  const fitted = fitToDocumentLimit(
    whole,
    [
      { drop: ({ description: _dropped, ...value }) => value, warning: 'The job description is long: its description was left out to keep it within 100,000 bytes.' },
      { drop: ({ responsibilities: _dropped, ...value }) => value, warning: 'The job description is long: its responsibilities were left out.' },
    ],
    warnings,
  );
  if (!fitted) throw documentRefused('jd', 'is too long to keep once parsed (more than 100,000 bytes)', 'Send the job description alone, without attachments.');
  const jd = ParsedJD.parse(fitted);
  const confidence = {
    title: title ? 0.8 : 0,
    requirements: list.length === 0 ? 0 : Math.max(0.3, 1 - unreadable / (list.length + unreadable)),
    importance: list.length === 0 ? 0 : 1 - assumed / Math.max(list.length, assumed),
    seniority: jd.seniority ? 0.7 : 0,
  };
  return { jd, report: { confidence: roundedConfidence(confidence), warnings } };
}

function rank(importance: Importance): number {
  return importance === 'must' ? 3 : importance === 'should' ? 2 : 1;
}
