import { Limits, ParsedJD, type Importance, type JdRequirement, type Seniority } from '@gapflow/core';
import type { KnowledgeBase } from '@gapflow/retrieval';
import { documentLines, headingOf, type DocumentLine } from './document-lines';
import { documentRefused } from './document-refused';
import { clip, fitToDocumentLimit, roundedConfidence, type ParseReport } from './parse-report';

type JdSection = 'must' | 'should' | 'nice' | 'requirements' | 'skills' | 'responsibilities' | 'about' | 'other';

/** The usual wordings of a job ad's section headings, lower case, "&" read as "and". */
const JD_HEADINGS: Record<JdSection, readonly string[]> = {
  must: ['must have', 'must-have', 'must haves', 'must-haves', 'required', 'required skills', 'required qualifications', 'essential', 'essential skills', 'minimum qualifications', 'basic qualifications', 'mandatory'],
  should: ['should have', 'desired', 'desired skills', 'desirable'],
  nice: ['desirable criteria', 'nice to have', 'nice-to-have', 'nice to haves', 'bonus', 'bonus points', 'preferred', 'preferred qualifications', 'pluses', 'good to have', 'extra credit', 'it would be great if you have'],
  requirements: ['requirements', 'qualifications', "you'll thrive here if", "you'll thrive if", 'you will thrive here if', "you're a great fit if", "you might be a good fit if", "we'd love to hear from you if", "what we're after", 'the ideal candidate', 'ideal candidate', 'candidate requirements', 'job requirements', 'skills required', 'required skills and experience', 'skills and qualifications', 'qualifications and experience', 'experience and qualifications', 'desired profile', 'candidate profile', 'eligibility', 'essential criteria', 'what you need to succeed', 'who we are looking for', "who we're looking for", 'what you bring', "what you'll bring", 'what you’ll bring', 'what you will bring', 'what we are looking for', "what we're looking for", 'what we’re looking for', 'you have', 'your profile', 'who you are', 'about you', 'what you need', "what you'll need", 'what you’ll need', 'requirements and qualifications', 'key requirements'],
  /** A list of skills that does not say whether they are required: each line's cues decide, else should. */
  skills: ['skills', 'skills and experience', 'experience', 'your skills', 'tech stack', 'technologies', 'our stack'],
  responsibilities: ['responsibilities', "what you'll do", 'what you’ll do', 'what you will do', 'your role', 'the role', 'your responsibilities', 'key responsibilities', 'duties', 'your mission', 'in this role you will'],
  about: ['about us', 'about the company', 'who we are', 'about the role', 'the job', 'overview', 'description', 'job description'],
  other: ['benefits', 'what we offer', 'perks', 'why join us', 'how to apply', 'compensation', 'salary', 'location', 'our offer'],
};

/** A line that says what is not asked: "You don't need prior experience with Kubernetes", "No Java experience required". */
const NOT_ASKED = /\b(?:do(?:es)?\s*n[o'’]t (?:need|require)|don['’]t need|not (?:required|needed|necessary|expected|a requirement)|no (?:prior |previous )?(?:[\w+#./-]+\s){0,3}(?:experience\s|knowledge\s)?(?:is\s)?(?:required|needed|necessary))\b/i;
const NOT_REQUIRED_BUT_NICE = /\bnot (?:required|needed|necessary|essential),? but (?:nice|welcome|helpful|useful|a plus|an advantage)\b/i;
/** A sentence about the job or the employer, whatever cue it holds: "Working here is a real advantage …". */
const ABOUT_THE_JOB = /^(?:working (?:here|with us|at)|being part of|joining (?:us|our)|life at|our)\b/i;
const MUST_CUE = /\b(required|requires?|must|essential|mandatory|need to have|you have to|you(?:'ll|’ll| will)? need|we need|we require|(?:we(?:'re|’re| are) )?looking for (?:someone|a candidate|people) with)\b/i;
const NICE_CUE = /\b(ideally|preferred|preferably|a plus|is a plus|(?:a|an) (?:real |big |huge |definite |added )?(?:plus|advantage|bonus)|given preference|bonus|nice to have|nice-to-have|desirable|an advantage|advantageous|would (?:also )?be (?:great|nice)|good to have|optional|not (?:required|needed|necessary|essential),? but (?:nice|welcome|helpful|useful))\b/i;
const SHOULD_CUE = /\b(should|familiarity|familiar with|exposure to|some experience)\b/i;
/** In prose, only words addressed to the candidate make a sentence a requirement ("you'll need", "is essential"), not any "should". */
const PROSE_CUE = /\b(you(?:'ll|’ll| will)? (?:need|must|should)|we(?:'re|’re| are) looking for (?:someone|a candidate|people) with|(?:is|are) (?:essential|required|a must|a plus|an advantage)|required|(?:a|an) (?:real |big |huge )?(?:plus|advantage|bonus)|ideally|would (?:also )?be (?:great|nice)|a plus|preferred|we(?:'d|’d| would) love)\b/i;
/** A line that introduces a list: "It would also be great if you have some of the following:", "You'll need:". */
const LEAD_IN = /[:：]\s*$/;
/** "5+ years of Go", "at least 3 years with Kubernetes", "3-5 years' experience in Python". */
const YEARS = /(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*(?:\+|-\s*\d{1,2}|–\s*\d{1,2})?\s*\+?\s*(?:years?|yrs?)['’]?/i;
const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
/** Years as a number: "5", or "five". */
const yearsOf = (written: string) => NUMBER_WORDS[written.toLowerCase()] ?? Number(written);
/**
 * The phrase a requirement line asks for when the knowledge base knows none of it: "7+ years of
 * backend development experience" → backend development, "experience designing REST APIs" →
 * REST APIs, "background in payments or another regulated industry" → payments.
 */
const ASKED_FOR = [
  /\d+\s*\+?\s*(?:years?|yrs?)['’]?\s+(?:of\s+)?(?:professional\s+|hands-on\s+|commercial\s+)?(?:experience\s+(?:in|with|of)\s+)?(.+?)(?:\s+experience)?$/i,
  /(?:experience|background|expertise|proficiency|skills?|grounding|track record|familiarity|exposure)\s+(?:working\s+)?(?:in|with|of|to|using|designing|building|running|writing|shipping|leading|managing|owning|delivering)(?:\s+and\s+\w+ing)?\s+(.+)$/i,
  /(?:knowledge|understanding|command|mastery|evidence|awareness|use)\s+of\s+(?:the\s+)?(.+)$/i,
  /(?:involvement|competent|competence|competency)\s+in\s+(?:an?\s+)?(.+)$/i,
  /(?:competent|proficient|confident|experienced|skilled)\s+user\s+of\s+(?:the\s+)?(.+)$/i,
  /(?:confident|comfortable|fluent|proficient|skilled)\s+(?:using|with|in|writing)\s+(.+)$/i,
  /^(.+?)\s+(?:is|are|would be|will be)\s+(?:essential|required|a must|mandatory|(?:a|an)\s+(?:real\s+|big\s+|added\s+)?(?:plus|advantage|bonus))\b/i,
  // "Registered Nurse with current NMC registration": what the holder of a title must also hold.
  /\bwith\s+(?:an?\s+)?(?:current|valid|full)\s+(.+)$/i,
];
/** Where an asked-for phrase stops: a clause, an example list, an alternative. */
const PHRASE_END = /\s*(?:[,;:]|(?<!\b(?:etc|e\.g|i\.e|Ltd|Inc|Co|St|No|vs))\.(?=\s|$)|\((?![A-Z][A-Z0-9&+/-]{1,7}\))|\s(?:including|such as|e\.g\.|in production|or (?:another|similar|a similar|equivalent)|or other|and similar|(?:(?:is|are)\s+)?(?:essential|required|desirable|(?:a|an) (?:real |big |huge |definite |added )?(?:plus|advantage|bonus))|before|would be|will be|(?:is\s+)?preferred|issued by|which|that|who|since|because|as you|so that|and be able)\b).*$/i;
const FILLER = /^(?:strong|solid|excellent|clear|proven|deep|basic|good|great|some|professional|hands-on|practical|working|demonstrable|consistent|outstanding|exceptional|advanced|expert|a|an|the|current|valid|pass in|with|in|of|using|holding|having|shipping|building|running|leading|managing|owning|delivering)\s+/i;
/** Words after a skill that say what kind of evidence is asked, not what skill: "CPA certification", "retail domain knowledge". */
const TRAILING_KIND = /\s+(?:experience|knowledge|background|certification|certificate|qualification|industry|domain|products|solutions|procedures|competencies|competency|project|projects|documentation|environment)$/i;

/**
 * One skill of a phrase in the ad's words, without the words around it: "Consistent quota
 * attainment" → quota attainment, "shipping B2B SaaS products" → B2B SaaS, "CPA certification"
 * → CPA; "strong organizational skills" keeps "skills" ("organizational" alone names nothing).
 */
function cleanedSkill(phrase: string): string {
  // "closing experience in B2B SaaS sales" asks for B2B SaaS sales.
  let skill = phrase.trim().replace(YEARS_LEAD, '').replace(/^(?:[\p{L}-]+\s+)?experience\s+(?:in|with|of)\s+/iu, '');
  for (let changed = true; changed; ) {
    const before = skill;
    while (FILLER.test(skill)) skill = skill.replace(FILLER, '');
    while (TRAILING_KIND.test(skill)) skill = skill.replace(TRAILING_KIND, '');
    if (/\s+skills?$/i.test(skill) && !/^\S+(?:al|ive|ic)\s+skills?$/i.test(skill)) skill = skill.replace(/\s+skills?$/i, '');
    changed = skill !== before;
  }
  return skill;
}

/**
 * The clauses of a sentence that weigh differently: split at ", and", ", but", ";" and ", as
 * would", where the part after says how much it matters ("…, and holding Y would be a real
 * advantage"); a part that says nothing of its weight is the end of a list, not a clause
 * ("locating leaks, clearing main lines, and reading blueprints").
 */
function clausesOf(sentence: string): string[] {
  const parts = sentence.split(/,\s+(?:and|but)\s+|;\s+|,\s+(?=as would\b)/i);
  const clauses: string[] = [];
  let rest = sentence;
  for (const part of parts) {
    const at = rest.indexOf(part);
    const weighed = /^as would\b/i.test(part) || MUST_CUE.test(part) || NICE_CUE.test(part) || SHOULD_CUE.test(part);
    if (clauses.length > 0 && !weighed) clauses[clauses.length - 1] += rest.slice(0, at) + part;
    else clauses.push(part);
    rest = rest.slice(at + part.length);
  }
  return clauses;
}

/** A line that asks for a degree, up to where it stops: "B.E. / B.Tech in Mechanical Engineering", "BSc (Hons) Environmental Health". */
const DEGREE_ASKED = /^(?:an?\s+)?(?:first[- ]level\s+)?((?:B\.?\s?E\.?|B\.?\s?Tech|B\.?\s?Sc|M\.?\s?Sc|M\.?\s?Tech|B\.?\s?A\.?|M\.?\s?A\.?|MBA|Ph\.?\s?D|Bachelor(?:'s|’s)?|Master(?:'s|’s)?|degree)\b[^,;:]*?)(?=\s+or\s+|[,;:]|\.?$)/i;

/** "written and spoken English" asks for English. */
const CHANNELS = /\b(?:written|verbal|spoken)\s+(?:and|&)\s+(?:written|verbal|spoken)\s+/i;
const withoutChannels = (text: string) => text.replace(CHANNELS, '');

/**
 * The skills a phrase the ad asks for names: its items ("statistics and experimental design" →
 * both), the first of alternatives ("Healthcare or healthtech" → Healthcare), each cleaned.
 */
/** Where a sentence's list of asks ends: as PHRASE_END, but a comma separates its items. */
const LIST_END = new RegExp(PHRASE_END.source.replace('[,;:]', '[;:]'), 'i');

function skillsOfPhrase(phrase: string, end: RegExp = PHRASE_END): string[] {
  // "map libraries such as Mapbox GL or Leaflet": the examples are what is asked.
  const examples = /\b(?:such as|e\.g\.?|like|for example)\s+(.+)$/i.exec(phrase)?.[1];
  if (examples) return examples.replace(end, '').split(/\s*(?:,|\band\b|\bor\b|\s&\s)\s*/).map(cleanedSkill).filter((item) => item.length > 0 && item.split(/\s+/).length <= 4);
  const items = phrase
    // "(or equivalent)", "(BS 7671)": an aside, not the end of what is asked; an acronym's parentheses stay.
    .replace(/\s*\((?![A-Z][A-Z0-9&+/-]{1,7}\))[^()]*\)/g, '')
    .replace(end, '')
    .replace(CHANNELS, '')
    // "City & Guilds" is a name: "&" splits only between lower-case words.
    // "FEA using ANSYS", "Data visualisation with D3.js": the method and the tool, each asked
    // (not "working with Python", whose left side is no skill).
    .split(/\s*(?:,|\band\b|(?<=\p{Ll})\s&\s(?=\p{Ll})|(?<!\b(?:work|works|working|worked|experience|ability to \w+|comfortable \w+|familiar|confident)\s*)\s(?:using|with|via)\s(?=\p{Lu}))\s*/u);
  return withSharedHeads(items)
    .map((item) => cleanedSkill(item.split(/\s+or\s+/i)[0] ?? ''))
    // A qualification's name runs long ("NVQ Level 3 in Electrotechnical Services").
    .filter((item) => item.length > 0 && item.split(/\s+/).length <= 6);
}

/** A word that qualifies the noun after it: "manual" in "manual and automated testing". */
const QUALIFIER = /^(?:[\p{L}-]+(?:al|ic|ive|ed|ous|ary)|front-?end|back-?end|mobile|web|unit|integration|client|server|native|hybrid)$/iu;

/** "manual and automated testing" asks for manual testing too: a lone qualifier takes the next item's last word. */
function withSharedHeads(items: readonly string[]): string[] {
  return items.map((item, index) => {
    const next = items[index + 1]?.trim().split(/\s+/) ?? [];
    return QUALIFIER.test(item.trim()) && next.length >= 2 ? `${item.trim()} ${next[next.length - 1]}` : item;
  });
}

/** How a sentence of prose asks for what follows it: "You need", "You must have", "You should be comfortable", "we're looking for someone with". */
const PROSE_LEAD = /^(?:[^:]{3,30}:\s+)?(?:(?:preferably|ideally)\s+(?:in|with)(?:\s+an?)?|as would|holding|having|you(?:'ve|’ve| have)\s+(?:built|used|worked with|worked in|shipped|led|managed|maintained|run|owned)(?:\s+(?:or|and)\s+\w+)?|you(?:'ll|’ll| will)?\s+(?:also\s+)?(?:need(?:\s+to\s+(?:be|have|hold))?|must\s+(?:have|hold|be)|should\s+(?:have|hold|be)|have|hold|bring)|we(?:'re|’re| are)\s+looking\s+for\s+(?:someone|a candidate|people)\s+with|(?:ideally|preferably),?\s+you(?:'ll|’ll)?\s+(?:have|bring))\s+(?:(?:comfortable|confident|familiar|experienced|skilled)\s+(?:with|in)?\s*)?(?:an?\s+(?:[\p{L}-]+\s+){1,3}?with\s+)?/iu;
/** "a minimum of four years of", "at least 3 years' experience in": how many years, before what. */
const YEARS_LEAD = /^(?:a\s+)?(?:minimum\s+of\s+|at\s+least\s+)?(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*\+?\s*(?:years?|yrs?)['’]?\s+(?:of\s+)?(?:experience\s+(?:in|with|of)\s+)?/i;

/** What a sentence of prose asks for after its lead ("You must have a valid Texas driver's license and …"), item by item. */
function proseAsks(sentence: string): string[] {
  const lead = PROSE_LEAD.exec(sentence);
  if (!lead || lead[0].length === 0) return [];
  return skillsOfPhrase(sentence.slice(lead[0].length), LIST_END);
}

/**
 * What a person specification's criterion asks, item by item: "Full driving licence and use of a
 * vehicle" → both; "Competent user of Microsoft Office" → Microsoft Office; "Higher Certificate
 * in Food Premises Inspection" whole (a criterion is a name, often long).
 */
function criterionAsks(criterion: string): string[] {
  const items = criterion
    .replace(/\s*\((?![A-Z][A-Z0-9&+/-]{1,7}\))[^()]*\)/g, '')
    .replace(/\s*\([^()]*$/, '')
    .replace(PHRASE_END, '')
    // "Health and Safety at Work Act": one capitalised word and another is a name, not two asks.
    .split(/\s*(?:,|(?<!^\p{Lu}\p{L}*\s)\band\b)\s*/u);
  return items
    .map((item) => askedFor(item)[0] ?? cleanedSkill(item.split(/\s+or\s+/i)[0] ?? ''))
    // "… and associated regulations": words that point back at the item before ask for nothing new.
    .filter((item) => item.length > 0 && item.split(/\s+/).length <= 8 && !/^(?:associated|related|relevant|other|similar|appropriate)\b/i.test(item));
}

function askedFor(line: string): string[] {
  for (const pattern of ASKED_FOR) {
    const phrase = pattern.exec(line)?.[1];
    if (!phrase) continue;
    const skills = skillsOfPhrase(phrase);
    if (skills.length > 0) return skills;
  }
  return [];
}

/**
 * The knowledge base's names in a line, each replaced by the ad's phrase when the phrase is that
 * name with words before it ("B2B SaaS sales" over SaaS sales, "Time-series forecasting" over
 * forecasting) or with one plural after it ("REST APIs" over REST) — not a phrase that goes on
 * ("WCAG accessibility guidelines", "dashboards in Power BI"). A phrase that holds no known name
 * counts as it is ("statistics and experimental design", "software engineering" beside mobile development).
 * `namesWhole`: the phrases are names (a person specification's criteria), kept whole.
 */
function inTheAdsWords(mentioned: readonly string[], phrases: readonly string[], namesWhole = false): string[] {
  if (mentioned.length === 0) return [...phrases];
  const lower = (text: string) => text.toLowerCase();
  // As whole words: "Go" is not held by "Django".
  const holds = (phrase: string, name: string) => new RegExp(`(?<![\\p{L}\\p{N}])${lower(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(lower(phrase));
  const skills: string[] = [];
  for (const phrase of phrases) {
    const held = mentioned.filter((name) => holds(phrase, name));
    const [name] = held;
    const ending = name === undefined ? '' : lower(phrase).slice(lower(phrase).lastIndexOf(lower(name)) + name.length);
    if (name !== undefined && lower(phrase) === lower(name)) skills.push(name);
    else if (held.length === 1 && (namesWhole || ending === '' || /^ \p{L}+s$/u.test(ending))) skills.push(phrase);
    else if (held.length === 0) skills.push(phrase);
  }
  for (const name of mentioned) if (!skills.some((skill) => holds(skill, name))) skills.push(name);
  return [...new Set(skills)];
}

/**
 * The skills a short list item names once the words that say how much it matters are gone:
 * "Selenium is required" → Selenium, "basic HTML and CSS" → HTML, CSS, "Miro or a similar
 * whiteboarding tool" → Miro.
 */
function bareSkills(line: string): string[] {
  const edge = /^(?:is|are|would|be|some|any|solid|strong|good|great|basic|proven|hands-on|a|an|the|with|in|of)\s+|\s+(?:experience|knowledge|is|are)$/i;
  // "Not required but nice: Kotlin", "Must have: Go" — what the label says is read from the whole line.
  const bare = withoutChannels(line.replace(/^[^:]{0,40}\b(?:required|nice|must|bonus|desirable|essential|optional|plus)\b[^:]{0,20}:\s+(?=\S)/i, ''))
    .replace(PHRASE_END, '')
    .replace(new RegExp(`${MUST_CUE.source}|${NICE_CUE.source}|${SHOULD_CUE.source}`, 'gi'), ' ')
    // An acronym's parentheses stay ("Advanced Life Support (ALS)"); others go.
    .replace(/\(([A-Z][A-Z0-9&+/-]{1,7})\)/g, '\u27e8$1\u27e9')
    .replace(/[!()]|\.(?=\s|$)/g, ' ')
    .replace(/\u27e8/g, '(')
    .replace(/\u27e9/g, ')')
    .replace(/\s+/g, ' ')
    .trim();
  const items = bare
    .split(/\s*(?:,|\/|\band\b|&|(?<!\b(?:work|works|working|worked|experience|ability to \w+|comfortable \w+|familiar|confident)\s*)\s(?:using|with|via)\s(?=\p{Lu}))\s*/u)
    .map((item) => {
      let trimmed = item.trim();
      while (edge.test(trimmed)) trimmed = trimmed.replace(edge, '').trim();
      return cleanedSkill(trimmed.split(/\s+or\s+/i)[0] ?? '');
    })
    .filter(Boolean);
  // A clause about the employer or the reader ("we will teach you") names no skill.
  return items.length > 0 && items.every((item) => item.split(' ').length <= 4 && !/^(?:we|you|they|i|our|your|it|this)\b/i.test(item)) ? items : [];
}

function seniorityOf(title: string, text: string): Seniority | undefined {
  if (/\b(junior|jr\.?|graduate|entry[- ]level|trainee)\b/i.test(title)) return 'junior';
  if (/\b(lead|principal|staff|head of|director|manager)\b/i.test(title)) return 'lead';
  if (/\b(senior|sr\.?)\b/i.test(title)) return 'senior';
  if (/\b(mid[- ]level|intermediate|mid)\b/i.test(title)) return 'mid';
  const years = Math.max(0, ...[...text.matchAll(new RegExp(YEARS.source, 'gi'))].map((match) => Number(match[1])));
  if (years >= 5) return 'senior';
  if (years >= 2) return 'mid';
  if (years >= 1) return 'junior';
  return undefined;
}

function importanceOf(section: JdSection | undefined, line: string): Importance | undefined {
  if (NICE_CUE.test(line)) return 'nice';
  if (section === 'nice') return 'nice';
  if (SHOULD_CUE.test(line)) return 'should';
  if (section === 'should') return 'should';
  if (MUST_CUE.test(line) || section === 'must' || section === 'requirements') return 'must';
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
}

const ESSENTIAL_CELL = /^(?:e|essential)$/i;
const DESIRABLE_CELL = /^(?:d|desirable)$/i;

/**
 * The criteria of a person specification pasted as text, by row: a table whose header row has
 * "Essential" and "Desirable" columns (each criterion's column is its importance), or rows with
 * an E / D cell after the criterion ("BSc Environmental Health   E   A/C"). A header row maps to
 * no criterion; a line that is no table row is not in the map.
 */
function tableCriteria(lines: readonly DocumentLine[]): Map<DocumentLine, { text: string; importance: Importance }[]> {
  const criteria = new Map<DocumentLine, { text: string; importance: Importance }[]>();
  let columns: { must: number; nice: number } | undefined;
  for (const line of lines) {
    const cells = line.cells;
    // A table ends where its rows do: at a blank line or a line that is no row.
    if (!cells || line.afterBlank) columns = undefined;
    if (!cells) continue;
    const must = cells.findIndex((cell) => /^essential(?: criteria)?$/i.test(cell));
    const nice = cells.findIndex((cell) => /^desirable(?: criteria)?$/i.test(cell));
    if (must >= 0 && nice >= 0) {
      columns = { must, nice };
      criteria.set(line, []);
      continue;
    }
    const inColumns = columns
      ? (['must', 'nice'] as const).flatMap((importance) => {
          const text = cells[columns![importance]];
          return text && /\p{L}{2}/u.test(text) ? [{ text, importance }] : [];
        })
      : [];
    if (inColumns.length > 0) {
      criteria.set(line, inColumns);
      continue;
    }
    const marker = cells.findIndex((cell, index) => index > 0 && (ESSENTIAL_CELL.test(cell) || DESIRABLE_CELL.test(cell)));
    const criterion = cells.slice(0, marker).join(' ');
    if (marker > 0 && /\p{L}{3}/u.test(criterion)) criteria.set(line, [{ text: criterion, importance: ESSENTIAL_CELL.test(cells[marker] as string) ? 'must' : 'nice' }]);
  }
  return criteria;
}

/** The most list items and sentences a job ad is read for; a real ad has a few dozen. */
const MAX_UNITS = 600;

/** List items as they are; paragraphs of prose joined across their lines and cut into sentences. */
function unitsOf(lines: readonly DocumentLine[]): Unit[] {
  const units: Unit[] = [];
  const table = tableCriteria(lines);
  let paragraph: DocumentLine[] = [];
  const flush = () => {
    const sentences = paragraph.map((line) => line.text).join(' ').split(/(?<=[.!?])\s+(?=[\p{Lu}"“])/u).filter(Boolean);
    // A one-line, one-sentence paragraph keeps its line: it may be a heading or a title.
    if (paragraph.length === 1 && sentences.length === 1) units.push({ text: (paragraph[0] as DocumentLine).text, bullet: false, line: paragraph[0] });
    else for (const sentence of sentences) units.push({ text: sentence, bullet: false });
    paragraph = [];
  };
  for (const line of lines) {
    const row = table.get(line);
    if (row) {
      flush();
      units.push(...row.map(({ text, importance }) => ({ text, bullet: true, importance })));
      continue;
    }
    const heading = headingOf(line, JD_HEADINGS) !== undefined;
    if (line.bullet || heading || line.afterBlank || LEAD_IN.test(line.text)) flush();
    if (line.bullet || heading) {
      units.push({ text: line.text, bullet: line.bullet, line });
      continue;
    }
    paragraph.push(line);
    // A line that ends a sentence and is short (a label, a title) stands alone.
    if (LEAD_IN.test(line.text)) flush();
  }
  flush();
  units.forEach((unit, index) => {
    if (!unit.bullet && unit.line && units[index + 1]?.bullet && unit.text.split(/\s+/).length <= 10 && !/[.!?]$/.test(unit.text)) unit.introducesList = true;
  });
  return units;
}

const GENERIC_LABEL = /^(?:job description|job details|job posting|job advert(?:isement)?|job summary|vacancy|vacancies|open position|position details|careers?|about the job|we['’]re hiring!?|now hiring!?|apply now)[:：]?$/i;

/** The ad's job title from the top (not a CV role's header: see cv-text-parser's titleAndCompany): a heading, "Job title: …", or the first short line; "… at Acme" gives the company. */
function adTitleAndCompany(lines: readonly DocumentLine[]): { title?: string; company?: string } {
  for (const line of lines.slice(0, 6)) {
    const labelled = /^(?:job title|title|position|role)\s*[:：]\s*(.+)$/i.exec(line.text);
    const text = (labelled?.[1] ?? line.text).trim();
    // A careers page's label above the title ("Job Description", "We're hiring!") is not the title.
    if (GENERIC_LABEL.test(text)) continue;
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
  const { title, company } = adTitleAndCompany(lines);
  let section: JdSection | undefined;
  let sectionsFound = 0;
  const requirements = new Map<string, JdRequirement>();
  const responsibilities: string[] = [];
  const about: string[] = [];
  let assumed = 0;
  let unreadable = 0;
  let leadIn: JdSection | undefined;
  const units = unitsOf(lines);
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
    if (!unit.bullet) leadIn = undefined;
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
    const cued = unit.bullet ? MUST_CUE.test(unit.text) || NICE_CUE.test(unit.text) || SHOULD_CUE.test(unit.text) : PROSE_CUE.test(unit.text) && !ABOUT_THE_JOB.test(unit.text);
    if (!unit.importance && !inRequirements && !(cued && (effective === undefined || effective === 'about'))) {
      if (section === 'about' || section === undefined) about.push(unit.text);
      continue;
    }
    // What a clause says is not needed is left out, the rest of the line still read: "5+ years
    // of Go; no Rust experience needed" asks for Go. "Not required but nice" is a plus.
    // Under "Nice to have", "not required" is what a nice-to-have is: "German (really not required)".
    const keepsNegation = NOT_REQUIRED_BUT_NICE.test(unit.text) || (leadIn ?? section) === 'nice';
    const clauses = keepsNegation ? [unit.text] : unit.text.split(/;\s*|,?\s+(?:but|though|although|whereas)\s+/i).filter((clause) => !NOT_ASKED.test(clause));
    if (clauses.length === 0) continue;
    // A sentence of prose can ask for two things with two weights: "Experience with X is
    // essential, …, and holding Y would be a real advantage". Each clause is read on its own;
    // one that says nothing of its weight takes the sentence's ("…, as would an IPAF licence").
    // A list item's ", preferably in automotive" is a second, weaker ask.
    const parts = unit.importance ? [clauses.join('; ')] : unit.bullet ? clauses.join('; ').split(/,\s+(?=(?:preferably|ideally)\b)/i) : clausesOf(clauses.join('; '));
    const sentenceImportance = unit.importance ?? importanceOf(effective, unit.text);
    for (const part of parts) {
      // A list item's part weighs by its own cue or its section; a clause of prose by its own cue or its sentence's.
      const weight = unit.importance ?? (parts.length === 1 ? sentenceImportance : unit.bullet ? importanceOf(effective, part) : (importanceOf(undefined, part) ?? sentenceImportance));
      readRequirement({ text: part, bullet: unit.bullet, ...(unit.importance ? { criterion: true } : {}) }, weight);
    }
  }

  /** The skills one list item or clause asks for, with the importance it gives them (or `should`, assumed). */
  function readRequirement(line: { text: string; bullet: boolean; criterion?: boolean }, given: Importance | undefined): void {
    // Each skill in the ad's own words (as the knowledge base spells that name): gap analysis resolves aliases itself.
    const mentioned = knowledge.allMentioned(line.text).map(({ entry, name }) => knowledge.namesOf(entry).find((known) => known.toLowerCase() === name.toLowerCase()) ?? name);
    // A degree is asked whole: "B.E. / B.Tech in Mechanical Engineering".
    const degree = DEGREE_ASKED.exec(line.text)?.[1]?.replace(/\s+(?:is|are|was|will|would|should|must|preferred|required|holders?)\b.*$/i, '').replace(/[.\s]+$/, '');
    const asked = degree && degree.split(/\s+/).length <= 8 ? [degree] : line.criterion ? criterionAsks(line.text) : askedFor(line.text);
    const prose = asked.length > 0 ? [] : proseAsks(line.text);
    const phrases = asked.length > 0 ? asked : prose.length > 0 ? prose : line.bullet ? bareSkills(line.text) : [];
    // A criterion is a name ("Health and Safety at Work etc. Act 1974"): kept whole over a known name in it.
    const skills = inTheAdsWords(mentioned, phrases, line.criterion === true).filter((skill) => /\p{L}/u.test(skill));
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
    const yearsFor = !years ? undefined : skills.length === 1 ? skills[0] : skills.map((skill) => ({ skill, at: line.text.toLowerCase().indexOf(skill.toLowerCase(), yearsEnd) })).filter(({ at }) => at >= 0 && at - yearsEnd <= 40).sort((a, b) => a.at - b.at)[0]?.skill;
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
