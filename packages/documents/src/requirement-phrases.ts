import { MUST_CUE, NICE_CUE, SHOULD_CUE } from './requirement-cues';

/*
 * What a job ad's line, sentence or criterion asks for, in the ad's own words: the phrase after
 * "experience with", "You must hold", "Knowledge of" …, cut where it stops and cleaned of the
 * words around the skill.
 */
/** An acronym in parentheses, which stays with its name: "Advanced Life Support (ALS)", "Class 1 (C+E)". */
const ACRONYM = '[A-Z][A-Z0-9&+/-]{1,7}';
/** A parenthetical aside that is no acronym: "(or equivalent)", "(BS 7671)". */
const ASIDE = new RegExp(`\\s*\\((?!${ACRONYM}\\))[^()]*\\)`, 'g');
/** Words in parentheses that are part of a name: "Road Transport (Working Time) Regulations", "Transport Manager CPC (Road Haulage)". */
const PART_OF_NAME = /^\s*\(\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+){0,3}\)$/u;
const withoutAsides = (text: string) =>
  text.replace(ASIDE, (aside, at: number) => {
    const before = text.slice(0, at);
    const after = text.slice(at + aside.length);
    // Kept with marks no end of a phrase stops at (see `withNameParens`).
    return PART_OF_NAME.test(aside) && /\p{Lu}[\p{L}\d]*$/u.test(before) && /^(?:\s+\p{Lu}|\s*$|\s*[,;.])/u.test(after) ? aside.replace('(', NAME_OPEN).replace(')', NAME_CLOSE) : '';
  });
const NAME_OPEN = '\u27e6';
const NAME_CLOSE = '\u27e7';
/** A skill with the parentheses of its name as the ad wrote them. */
const withNameParens = (skill: string) => skill.replaceAll(NAME_OPEN, '(').replaceAll(NAME_CLOSE, ')');
/**
 * Two activities named as one ("inspection and testing", "monitoring and evaluation of
 * projects", "service and repair work"): a phrase that is only that pair is one skill, so its
 * "and" is hidden from the splits until the items are cut (`withPairRestored`).
 */
const ACTIVITY_PAIR = /^(\p{L}[\p{Ll}-]{3,})\s+and\s+(\p{Ll}[\p{Ll}-]{3,})(?=$|\s+(?:skills?|experience|knowledge|work)$|\s+(?:of|in|on|for|at|within)\s)/u;
const PAIR_JOINT = '_and_';
function withPairKept(phrase: string): string {
  let bare = phrase.trim();
  while (FILLER.test(bare)) bare = bare.replace(FILLER, '');
  return ACTIVITY_PAIR.test(bare) ? bare.replace(ACTIVITY_PAIR, `$1${PAIR_JOINT}$2`) : phrase;
}
const withPairRestored = (item: string) => item.replaceAll(PAIR_JOINT, ' and ');
const ACTIVITY_IN_TOOL = /^\p{L}[\p{Ll}-]*(?:\s+\p{Ll}[\p{L}-]*){0,2}\s+(?:in|on)\s+(?:the\s+)?(?=\p{Lu})/u;

/**
 * The alternatives an item asks for: each of them when they are names ("VCE Specialist
 * Mathematics or Physics", "KoboToolbox or ODK"), the first when they are kinds ("Healthcare or
 * healthtech" → Healthcare, "payments or another regulated industry" → payments).
 */
function alternatives(item: string): string[] {
  // "Scripting in Go", "data visualisation in Power BI or Tableau": what an activity is done in is what is asked.
  const parts = item
    .replace(ACTIVITY_IN_TOOL, '')
    .split(/\s+or\s+/i)
    .map((part) => part.trim())
    .filter(Boolean);
  // ("an IPAF licence or a PASMA card": the article says nothing of the name.)
  return parts.length > 1 && parts.every((part) => /^(?:(?:an?|the)\s+)?[\p{Lu}\d]/u.test(part)) ? parts : parts.slice(0, 1);
}
/**
 * Where a method and its tool part ("FEA using ANSYS", "Data visualisation with D3.js"), each
 * asked — not after a verb of working, whose left side is no skill ("working with Python").
 */
const METHOD_AND_TOOL = String.raw`(?<!\b(?:work|works|working|worked|experience|ability to \w+|comfortable \w+|familiar|confident)\s*)\s(?:using|with|via)\s(?=\p{Lu})`;
/** Where a phrase's items part: commas, "and", "&" between lower-case words ("City & Guilds" is a name), a method and its tool. */
const PHRASE_ITEMS = new RegExp(String.raw`\s*(?:,|\band\b|(?<=\p{Ll})\s&\s(?=\p{Ll})|\s\/\s|\saccording to\s|${METHOD_AND_TOOL})\s*`, 'u');
/** Where a short list item's parts part: as a phrase's, and at "/" and any "&". */
const LIST_ITEM_PARTS = new RegExp(String.raw`\s*(?:,|\/|\band\b|&|\saccording to\s|${METHOD_AND_TOOL})\s*`, 'u');
const ACRONYM_IN_PARENS = new RegExp(String.raw`\((${ACRONYM})\)`, 'g');
/** Every word that says how much a line matters, to take out of what it names. */
const WEIGHT_WORDS = new RegExp(`${MUST_CUE.source}|${NICE_CUE.source}|${SHOULD_CUE.source}`, 'gi');

/**
 * The phrase a requirement line asks for when the knowledge base knows none of it: "7+ years of
 * backend development experience" → backend development, "experience designing REST APIs" →
 * REST APIs, "background in payments or another regulated industry" → payments.
 */
const ASKED_FOR = [
  // "Proven team leading experience in a warehouse": the skill is before "experience", the place after it.
  // ("Proven experience in a busy kitchen" names no skill before "experience".)
  /^(?!(?:proven|previous|prior|significant|relevant|extensive|solid|strong|some|demonstrable|demonstrated|good|excellent|considerable|substantial|practical|hands-on|professional|recent)\s+experience\b)(.+?)\s+experience\s+(?:in|at|on|within|across)\s+(?:a|an|the|our)\s+\p{Ll}/iu,
  /\d+\s*\+?\s*(?:years?|yrs?)['’]?\s+(?:of\s+)?(?:professional\s+|hands-on\s+|commercial\s+)?(?:experience\s+(?:in|with|of)\s+)?(.+?)(?:\s+experience)?$/i,
  /\b(?:experience|background|expertise|proficiency|skills?|grounding|track record|familiarity|exposure)\s+(?:working\s+)?(?:in|with|of|to|using|\p{Ll}+ing)(?:\s+and\s+\p{Ll}+ing)?\s+(.+)$/iu,
  /\b(?:knowledge|understanding|command|mastery|evidence|awareness|use|handling)\s+of\s+(?:the\s+)?(.+)$/i,
  // "Experience as nurse in charge", "background as a team leader": the role held is what is asked.
  /\b(?:experience|background)\s+as\s+(?:an?\s+)?(.+)$/i,
  /\b(?:involvement|competent|competence|competency)\s+in\s+(?:an?\s+)?(.+)$/i,
  /\b(?:competent|proficient|confident|experienced|skilled)\s+user\s+of\s+(?:the\s+)?(.+)$/i,
  /\b(?:confident|comfortable|fluent|proficient|skilled)\s+(?:using|with|in|writing)\s+(.+)$/i,
  /^(?!(?:it|this|that|there)\s)(.+?)\s+(?:is|are|would be|will be)\s+(?:essential|required|a must|mandatory|(?:a|an)\s+(?:real\s+|big\s+|added\s+)?(?:plus|advantage|bonus))\b/i,
  // "Accessibility and web performance matter to you": what matters to the candidate is asked.
  /^(.+?)\s+(?:matters?|(?:is|are)\s+important)\s+to\s+you\b/i,
  // "Registered Nurse with current NMC registration": what the holder of a title must also hold.
  /\bwith\s+(?:an?\s+)?(?:current|valid|full)\s+(.+)$/i,
];
/** Where an asked-for phrase stops: a clause, an example list, an alternative. */
const PHRASE_END = new RegExp(String.raw`\s*(?:[,;:]|(?<!\b(?:etc|e\.g|i\.e|Ltd|Inc|Co|St|No|vs))\.(?=\s|$)|\((?!${ACRONYM}\))|\s(?:including|such as|e\.g\.|in production|or (?:another|similar|a similar|equivalent)|or other|and similar|(?:(?:is|are)\s+)?(?:essential|required|desirable|(?:a|an) (?:real |big |huge |definite |added )?(?:plus|advantage|bonus))|before|would be|will be|(?:is\s+)?preferred|issued by|which|that|who|since|because|as you|so that|and be able|every day|daily|on a daily basis|would help|(?:is|are)\s+(?:simply|just|part|what|how|second nature|key|central|something))\b).*$`, 'i');
const FILLER = /^(?:(?:the\s+)?ability to|able to|as|demonstrated|demonstrable|sound|effective|high[- ]level|very good|highly developed|well[- ]developed|strong|solid|excellent|clear|proven|deep|basic|good|great|some|professional|hands-on|practical|working|consistent|outstanding|exceptional|advanced|expert|a|an|the|current|valid|pass in|with|in|of|for|on|at|to|using|holding|having|shipping|building|running|leading|managing|owning|delivering|writing|maintaining|designing|developing|creating)\s+/i;
/** Words after a skill that say what kind of evidence is asked, not what skill: "CPA certification", "retail domain knowledge". */
const TRAILING_KIND = /\s+(?:experience|knowledge|background|certification|certificate|industry|domain|products|solutions|procedures|competencies|competency|project|projects|documentation|environment)$/i;

/**
 * Where a skill is used, not what it is: "KYC checks at a bank", "clinical screening on medical
 * wards", "technical sales in industrial automation" — a last phrase of lower-case words after a
 * preposition ("in charge" is a role's words, not a place).
 */
const TRAILING_SETTING = /\s+(?:(?:at|on|in|within|across)\s+(?!charge\b)(?:(?:a|an|the|our|your|their|this|all|any)\s+)?|(?:of|for|with)\s+(?:a|an|the|our|your|their|this|all|any)\s+)\p{Ll}[\p{L}-]*(?:\s+\p{Ll}[\p{L}-]*){0,3}$/u;
/** A skill whose last phrase is what it is: "degree in economics", "certificate in food hygiene"; or no skill without it: "willing to take part in …". */
const PLACE_KEEPERS = /\b(?:degree|diploma|certificate|certification|qualification|licen[cs]e|course|nvq|apprenticeship)\s+(?:in|of|for)\b|^(?:willing|able|ability|prepared|happy)\b|\bpart\s+in\b/i;

/**
 * One skill of a phrase in the ad's words, without the words around it: "Consistent quota
 * attainment" → quota attainment, "shipping B2B SaaS products" → B2B SaaS, "CPA certification"
 * → CPA; "strong organizational skills" keeps "skills" ("organizational" alone names nothing).
 */
export function cleanedSkill(phrase: string): string {
  // "closing experience in B2B SaaS sales" asks for B2B SaaS sales.
  let skill = phrase.trim().replace(YEARS_LEAD, '').replace(/^(?:[\p{L}-]+\s+)?experience\s+(?:in|with|of)\s+/iu, '');
  for (let changed = true; changed; ) {
    const before = skill;
    // "Advanced Life Support (ALS)": a capitalized word before a name is part of it.
    while (FILLER.test(skill) && !/^(?:Advanced|Basic|Professional|Practical)\s+\p{Lu}\S*\s+\p{Lu}/u.test(skill)) skill = skill.replace(FILLER, '');
    while (TRAILING_KIND.test(skill)) skill = skill.replace(TRAILING_KIND, '');
    if (/\s+skills?$/i.test(skill) && !/^\S+(?:al|ive|ic)\s+skills?$/i.test(skill)) skill = skill.replace(/\s+skills?$/i, '');
    if (!PLACE_KEEPERS.test(skill)) skill = skill.replace(TRAILING_SETTING, '');
    // "EPMA systems", "Paragon software", "(MPharm) degree": a name, and the kind of thing it is.
    skill = skill.replace(/(?<=(?:^|\s)\p{Lu}[\p{L}\d&-]+|\))\s+(?:systems?|software|tools?|platforms?|degree|sourcebook|reports?|compliance|service mesh|routing|provider)$/u, '');
    // "apply contemporary teaching practices", "read electrical schematics": the verb is not the skill.
    skill = skill.replace(/^(?:apply|read|interpret|use|understand|demonstrate)\s+(?=\S+)/i, '');
    changed = skill !== before;
  }
  return skill;
}

/** A line that asks for a degree, up to where it stops: "B.E. / B.Tech in Mechanical Engineering", "BSc (Hons) Environmental Health". */
const DEGREE_ASKED = /^(?:an?\s+)?(?:first[- ]level\s+)?((?:B\.?\s?E\.?|B\.?\s?Tech|B\.?\s?Sc|M\.?\s?Sc|M\.?\s?Tech|B\.?\s?A\.?|M\.?\s?A\.?|MBA|Ph\.?\s?D|Bachelor(?:'s|’s)?|Master(?:'s|’s)?|degree|(?:postgraduate|graduate|advanced|higher)\s+diploma|PGDip|HND|HNC)\b[^,;:]*?)(?=\s+or\s+(?:an?\s|equivalent|similar|related|other|comparable)|[,;:]|\.?$)/i;

/** The degree a line asks for, whole and without what the line says of it ("… is essential"); at most eight words. */
export function degreeAsked(line: string): string | undefined {
  const match = DEGREE_ASKED.exec(line);
  let degree = match?.[1]
    ?.replace(/\s+(?:is|are|was|will|would|should|must|preferred|required|holders?)\b.*$/i, '')
    .replace(/[.\s]+$/, '')
    // "Master of Pharmacy (MPharm) degree": the name says it is a degree.
    .replace(/(?<=\))\s+degree$/i, '')
    // "Degree in Computer Science": a degree of no level asks for its field.
    .replace(/^(?:[Aa]n?\s+)?[Dd]egree\s+in\s+(?=\p{Lu})/u, '');
  // "Bachelor's degree in Statistics, Economics, Public Health or a related field": a degree in any of several fields is the degree.
  if (degree && match && /^,\s*[\p{L} ]+,/u.test(line.slice(match.index + match[0].length))) degree = degree.replace(/\s+in\s+.*$/i, '');
  return degree && degree.split(/\s+/).length <= 8 ? degree : undefined;
}

/**
 * Names given as examples in parentheses are asked too, as items of the list: "industrial
 * robots (KUKA, Fanuc)" → industrial robots, KUKA, Fanuc; "statistical software (Stata, SPSS or
 * R)" → … Stata, SPSS, R. One name alone in parentheses is part of a name ("Transport Manager
 * CPC (Road Haulage)") or an acronym, and stays.
 */
export function withExamplesListed(text: string): string {
  // The parentheses are found by one linear pattern and their names told apart in code: a single
  // pattern for "names joined by commas or 'or'" backtracks exponentially on "(A or A or A … x".
  return text.replace(/\s*\(([^()]*)\)/g, (aside, inside: string) => {
    const names = inside
      .split(/\s*,\s*|\s+(?:or|and)\s+/)
      .map((name) => name.trim())
      .filter(Boolean);
    return names.length >= 2 && names.every((name) => /^[\p{Lu}\d]/u.test(name)) ? `, ${names.join(', ')}` : aside;
  });
}

/** "written and spoken English" asks for English. */
const CHANNELS = /\b(?:written|verbal|spoken)\s+(?:and|&)\s+(?:written|verbal|spoken)\s+/i;
const withoutChannels = (text: string) => text.replace(CHANNELS, '');

/** Where a sentence's list of asks ends: as PHRASE_END, but a comma separates its items. */
export const LIST_END = new RegExp(PHRASE_END.source.replace('[,;:]', String.raw`[;:]|,\s+(?:especially|particularly|notably|mainly|mostly|at least|with|in|on|within|ideally|preferably|which|who|where|as|to|from|so)\b`), 'i');

/**
 * The skills a phrase the ad asks for names: its items ("statistics and experimental design" →
 * both), the first of alternatives ("Healthcare or healthtech" → Healthcare), each cleaned.
 */
export function skillsOfPhrase(phrase: string, end: RegExp = PHRASE_END): string[] {
  // "map libraries such as Mapbox GL or Leaflet": the examples are what is asked.
  const examples = /\b(?:such as|e\.g\.?|like|for example)\s+(.+)$/i.exec(phrase)?.[1];
  if (examples) return examples.replace(end, '').split(/\s*(?:,|\band\b|\bor\b|\s&\s)\s*/).map(cleanedSkill).filter((item) => item.length > 0 && item.split(/\s+/).length <= 4);
  // An aside is not the end of what is asked ("(BS 7671) and a current ECS Gold Card").
  const items = withPairKept(withoutAsides(phrase).replace(end, '').replace(CHANNELS, '')).split(PHRASE_ITEMS);
  return withSharedHeads(items.map(withNameParens))
    .flatMap((item) => alternatives(withPairRestored(item)).map(cleanedSkill))
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
const PROSE_LEAD = /^(?:[^:]{3,30}:\s+|(?:to be successful|to succeed|in this (?:role|job|position))\b[^,]{0,40}?,?\s+)?(?:it(?:'s|’s| is| would be) (?:a |an )?(?:real |big )?(?:bonus|plus|advantage) if you (?:(?:have\s+)?\p{Ll}+ed|have|hold)(?:\s+the)?|(?:applicants|candidates|the (?:successful |ideal )?candidate|the post ?holder) (?:(?:must|should|will need to) (?:have|hold|be)|will (?:have|hold))|we need (?:someone|a candidate|people) (?:who (?:is|has|can)|with|that is)|(?:preferably|ideally)\s+(?:in|with)(?:\s+an?)?|as would|holding|having|you(?:'ve|’ve| have)\s+(?:built|used|worked with|worked in|shipped|led|managed|maintained|run|owned)(?:\s+(?:or|and)\s+\w+)?|you(?:'ll|’ll| will)?\s+(?:also\s+)?(?:need(?:\s+to\s+(?:be|have|hold))?|must\s+(?:have|hold|be)|should\s+(?:have|hold|be)|have|hold|bring)|we(?:'re|’re| are)\s+looking\s+for\s+(?:someone|a candidate|people)\s+with|(?:ideally|preferably),?\s+you(?:'ll|’ll)?\s+(?:have|bring))\s+(?:(?:comfortable|confident|familiar|experienced|skilled)\s+(?:working\s+)?(?:with|in|to|on)?\s*)?(?:an?\s+(?:[\p{L}-]+\s+){1,3}?with\s+)?/iu;
/** "a minimum of four years of", "at least 3 years' experience in": how many years, before what. */
const YEARS_LEAD = /^(?:a\s+)?(?:minimum\s+of\s+|at\s+least\s+)?(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*\+?\s*(?:years?|yrs?)\+?['’]?\s+(?:of\s+)?(?:experience\s+(?:in|with|of)\s+)?/i;

/** What a sentence of prose asks for after its lead ("You must have a valid Texas driver's license and …"), item by item. */
export function proseAsks(sentence: string): string[] {
  const lead = PROSE_LEAD.exec(sentence);
  if (!lead || lead[0].length === 0) return [];
  return skillsOfPhrase(sentence.slice(lead[0].length), LIST_END);
}

/**
 * What a person specification's criterion asks, item by item: "Full driving licence and use of a
 * vehicle" → both; "Competent user of Microsoft Office" → Microsoft Office; "Higher Certificate
 * in Food Premises Inspection" whole (a criterion is a name, often long).
 */
export function criterionAsks(criterion: string): string[] {
  const items = withNameParens(withoutAsides(criterion))
    .replace(/\s*\([^()]*$/, '')
    // "IT skills, including use of electronic patient records": what it includes is asked too.
    .replace(/,?\s+including\s+/gi, ', ')
    .replace(LIST_END, '')
    // "Health and Safety at Work Act": a capitalised word and another is a name, not two asks;
    // "FEA using ANSYS": the method and its tool, each asked.
    .split(/\s*(?:,|(?<!^\p{Lu}\p{L}*\s)\band\b|\band\b(?!\s+\p{Lu})|\s(?:using|via)\s(?=\p{Lu}))\s*/u);
  return items
    .flatMap((item) => {
      const [asked] = askedFor(item);
      return asked !== undefined ? [asked] : alternatives(item).map(cleanedSkill);
    })
    // "… and associated regulations": words that point back at the item before ask for nothing new.
    .filter((item) => item.length > 0 && item.split(/\s+/).length <= 8 && !/^(?:associated|related|relevant|other|similar|appropriate)\b/i.test(item));
}

/**
 * What a line asks for after the words that ask ("experience with", "knowledge of"): in a list
 * item, every item of the list that follows ("Experience with Stata, SPSS and R"); in a sentence
 * of prose, up to its first comma, where a clause often starts.
 */
export function askedFor(line: string, listItem = true): string[] {
  for (const pattern of ASKED_FOR) {
    const phrase = pattern.exec(line)?.[1];
    if (!phrase) continue;
    // "Excel, including VLOOKUP and pivot tables": what a list item's ask includes is asked too.
    const skills = listItem ? skillsOfPhrase(phrase.replace(/,?\s+including\s+/gi, ', '), LIST_END) : skillsOfPhrase(phrase, PHRASE_END);
    if (skills.length > 0) return skills;
  }
  return [];
}

/** A name of three words or more, each capitalized: a certification or a standard, kept whole ("AWS Certified Solutions Architect – Professional"). */
const PROPER_NAME = /^\p{Lu}[\p{L}\d.+#-]*(?:\s+(?:[\p{Lu}\d–—][\p{L}\d.+#-]*|in|of|and|for|the)){2,}$/u;

/** A plural after a name that says what kind of thing it is, not more of it: "ERP systems" asks for ERP ("REST APIs" stays). */
const KIND_PLURAL = /^ (?:systems|tools|platforms|skills|projects|processes|solutions|products|environments|models)$/i;

/**
 * The knowledge base's names in a line, each replaced by the ad's phrase when the phrase is that
 * name with words before it ("B2B SaaS sales" over SaaS sales, "Time-series forecasting" over
 * forecasting) or with one plural after it ("REST APIs" over REST) — not a phrase that goes on
 * ("WCAG accessibility guidelines", "dashboards in Power BI"). A phrase that holds no known name
 * counts as it is ("statistics and experimental design", "software engineering" beside mobile development).
 * `namesWhole`: the phrases are names (a person specification's criteria), kept whole.
 */
export function inTheAdsWords(mentioned: readonly string[], phrases: readonly string[], namesWhole = false): string[] {
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
    // Two activities kept as one ("monitoring and evaluation") stay whole around the known name.
    else if (held.length === 1 && (namesWhole || ending === '' || (/^ \p{L}+s$/u.test(ending) && !KIND_PLURAL.test(ending)) || ACTIVITY_PAIR.test(phrase) || PROPER_NAME.test(phrase))) skills.push(phrase);
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
export function bareSkills(line: string): string[] {
  // "Extended duties such as impression taking or oral health education": the examples are what is asked.
  const examples = /\b(?:such as|e\.g\.?|for example)\s+(.+)$/i.exec(line)?.[1];
  // Examples are each asked, whether joined by "and" or by "or".
  if (examples) return skillsOfPhrase(examples.replace(/\s+or\s+/g, ', '), LIST_END);
  const edge = /^(?:is|are|would|be|some|any|solid|strong|good|great|basic|proven|hands-on|a|an|the|with|in|of)\s+|\s+(?:experience|knowledge|is|are)$/i;
  // "Not required but nice: Kotlin", "Must have: Go" — what the label says is read from the whole line.
  // "You write tests: unit tests with JUnit" — a label addressed to the reader says nothing of the skills after it.
  // A short item is a list: read past its commas to where a clause starts; an aside in parentheses is no end of it ("German (at least C1) and English").
  const bare = withoutChannels(withoutAsides(line.replace(/^[^:]{0,40}\b(?:required|nice|must|bonus|desirable|essential|optional|plus)\b[^:]{0,20}:\s+(?=\S)|^(?:you|we|your|our)\b[^:]{0,30}:\s+(?=\S)/i, '')))
    .replace(LIST_END, '')
    .replace(WEIGHT_WORDS, ' ')
    // An acronym's parentheses stay ("Advanced Life Support (ALS)"); others go.
    .replace(ACRONYM_IN_PARENS, '\u27e8$1\u27e9')
    .replace(/[!()]|\.(?=\s|$)/g, ' ')
    .replace(/\u27e8/g, '(')
    .replace(/\u27e9/g, ')')
    .replace(/\s+/g, ' ')
    .trim();
  const parts = withPairKept(bare)
    .split(LIST_ITEM_PARTS)
    .map((item) => {
      let trimmed = withPairRestored(item).trim();
      while (edge.test(trimmed)) trimmed = trimmed.replace(edge, '').trim();
      return trimmed;
    });
  // "analytical and report writing skills": the lone qualifier shares the last word.
  const items = withSharedHeads(parts)
    .map((item) => alternatives(item).map((alternative) => withNameParens(cleanedSkill(alternative))))
    .flat()
    .filter(Boolean);
  // A clause about the employer or the reader ("we will teach you") names no skill.
  // A long item is a clause, not a name — unless it is a name ("AWS Certified Solutions Architect – Professional").
  // (Its last word may say what kind of name it is: "Medical Gas Piping Installer endorsement".)
  const nameLike = (item: string) => item.split(' ').length <= 4 || (item.split(' ').length <= 8 && item.split(' ').slice(0, -1).every((word) => /^[\p{Lu}\d–—(-]/u.test(word) || /^(?:in|of|and|for|the|on|to|&)$/.test(word)));
  return items.length > 0 && items.every((item) => nameLike(item) && !/^(?:we|you|they|i|our|your|it|this)\b/i.test(item)) ? items : [];
}
