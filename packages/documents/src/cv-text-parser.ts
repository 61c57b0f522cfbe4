import { Limits, ParsedCV, type CvEducation, type CvExperience } from '@gapflow/core';
import type { KnowledgeBase } from '@gapflow/retrieval';
import { findDateRange } from './date-range';
import { listedSkills } from './cv-skills-section';
import { enumeratedSkills } from './enumerated-skills';
import { documentLines, headingOf, withoutMarks, type DocumentLine } from './document-lines';
import { documentRefused } from './document-refused';
import { clip, fitToDocumentLimit, roundedConfidence, type ParseReport } from './parse-report';
import { JOB_WORDS, PLACE, TITLE_WORDS } from './role-words';

type CvSection = 'summary' | 'experience' | 'skills' | 'education' | 'certifications' | 'projects' | 'other';

/** The usual wordings of a CV's section headings, lower case, "&" read as "and". */
const CV_HEADINGS: Record<CvSection, readonly string[]> = {
  summary: ['summary', 'profile', 'about', 'about me', 'professional summary', 'career summary', 'objective', 'personal profile', 'overview', 'professional profile'],
  experience: ['experience', 'work experience', 'professional experience', 'work history', 'employment', 'employment history', 'career history', 'relevant experience', 'career', 'experience and employment', 'professional background'],
  skills: ['skills', 'technical skills', 'tech stack', 'technologies', 'core competencies', 'competencies', 'tools', 'tools and technologies', 'skills and tools', 'key skills', 'expertise', 'technical expertise', 'skills and expertise', 'core skills', 'areas of expertise', 'key competencies', 'skills summary', 'capabilities'],
  education: ['education', 'academic background', 'education and training', 'academic qualifications', 'qualifications', 'education and qualifications', 'qualifications and education', 'training and qualifications', 'qualifications and training', 'education and certifications', 'education and certificates'],
  certifications: ['certifications', 'certificates', 'certification', 'licenses and certifications', 'licences and certifications', 'certifications and licenses', 'courses and certifications'],
  projects: ['projects', 'side projects', 'selected projects', 'personal projects', 'open source', 'key projects'],
  other: ['languages', 'interests', 'hobbies', 'references', 'awards', 'publications', 'volunteering', 'volunteer experience', 'achievements', 'contact', 'personal details', 'honors and awards', 'professional development', 'training', 'courses', 'additional information', 'memberships', 'professional memberships', 'affiliations', 'other information'],
};

const CONTACT = /@|https?:\/\/|www\.|linkedin|github\.com|\+?\d[\d\s().-]{7,}\d/i;
const NAME = /^[\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*){1,3}$/u;
/** What a CV's first line may say of the document rather than of the person. */
const DOCUMENT_LABEL = /^(?:curriculum vitae|résumé|resume|cv|lebenslauf)$/i;
/** Titles before a name: "Dr. rer. nat. Hannah Oyelaran-Schmidt", "Ms Jane Doe". */
const NAME_PREFIX = /^(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx|Miss|Eng|Ing)\.?\s+)+(?:(?:rer|med|phil|nat|jur|habil|-Ing)\.?\s+)*/;
/**
 * Letters after a name: "FCCA", "CEng MICE", "RVN", "PMP" — from a list, since a surname may be
 * capitals too ("Marie Claire DUPONT") or mixed ("McKay").
 */
const POST_NOMINALS = /(?:,?\s+(?:FCCA|ACCA|CPA|CFA|ACA|FCA|CIMA|ACMA|FCMA|CGMA|CEng|IEng|MICE|FICE|MIStructE|MIET|MIMechE|MRICS|FRICS|PMP|PRINCE2|RN|RGN|RMN|BSN|MSN|RVN|MBA|MSc|BSc|BEng|MEng|BA|MA|PhD|DPhil|MD|MBBS|MRCP|FRCS|MRPharmS|MCIPD|FCIPD|CSCP|CPIM|CMgr|Esq|Jr|Sr|II|III)\.?)+$/;

/** Job words that are surnames as well: "Emily Baker", "James Cook". */
const SURNAME_JOB_WORDS = /^(?:baker|cook|carpenter|driver|coach|steward|butcher|fitter|porter|mason|turner|clerk|painter|fisher|hunter|miller|taylor|smith|chef|head|lead)$/i;

/**
 * Whether a line that looks like a name is a job's title: a job's word as a whole word of its own
 * ("Quintero-Baker" and "Lindqvist" are names), and as the last word only if no surname is spelt so.
 */
function namesJob(candidate: string): boolean {
  const words = candidate.replace(/\S+-\S+/g, '').split(/\s+/).filter(Boolean);
  const last = words[words.length - 1] ?? '';
  return JOB_WORDS.test(words.slice(0, -1).join(' ')) || (JOB_WORDS.test(last) && !SURNAME_JOB_WORDS.test(last));
}

/** A name as a person writes it: without titles and letters after it, in title case when set in capitals. */
function personName(text: string): string {
  let name = text.replace(NAME_PREFIX, '').trim();
  if (name !== name.toUpperCase()) name = name.replace(POST_NOMINALS, '');
  // "MARISOL D. QUINTERO-BAKER" → Marisol D. Quintero-Baker.
  return name === name.toUpperCase() ? name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_all, before: string, letter: string) => before + letter.toUpperCase()) : name;
}
const SEPARATORS = /\s+(?:at|@)\s+|\s*[|·•]\s*|\s+[—–-]\s+|,\s+|\s{2,}/;
const DEGREE = /\b(NVQ(?: Level \d)?|SVQ(?: Level \d)?|BTEC|HND|HNC|Level \d (?:Award|Certificate|Diploma)|B\.?\s?Sc|M\.?\s?Sc|B\.?\s?A|M\.?\s?A|B\.?\s?S|M\.?\s?S|B\.?\s?Eng|M\.?\s?Eng|MBA|Ph\.?\s?D|Bachelor(?:'s|’s)?(?: of [\p{L} ]+| degree)?|Master(?:'s|’s)?(?: of [\p{L} ]+| degree)?|Doctorate|Diploma|Associate(?:'s|’s)? degree|A-levels|Abitur)\b/iu;
const INSTITUTION = /\b(University|College|Institute|School|Academy|Polytechnic|Universität|Hochschule|Université|Universidad)\b/i;

interface Sections {
  header: DocumentLine[];
  byKind: Map<CvSection, DocumentLine[]>;
  headingsFound: number;
}

/** The section words that, at the end of a short heading, name its section: "Clinical Experience", "Technical Skills". */
const SECTION_WORDS: Partial<Record<string, CvSection>> = {
  experience: 'experience', employment: 'experience', history: 'experience', appointments: 'experience', positions: 'experience', skills: 'skills', competencies: 'skills', education: 'education',
  qualifications: 'education', certifications: 'certifications', certificates: 'certifications', licenses: 'certifications', licences: 'certifications', projects: 'projects', summary: 'summary', profile: 'summary',
};

/** A CV heading: one of the usual wordings, or a short title-cased or capitalized line ending in a section word. */
function cvHeadingOf(line: DocumentLine): CvSection | undefined {
  const known = headingOf(line, CV_HEADINGS);
  if (known || line.bullet) return known;
  const text = line.text.replace(/[:：]\s*$/, '').trim();
  const words = text.split(/\s+/);
  // "Clinical Experience", "CLINICAL EXPERIENCE", "Research experience", "Methods and skills": short, a capital first, letters only.
  if (words.length > 4 || /[.,;!?]/.test(text) || !/^[\p{Lu}]/u.test(text) || !words.every((word) => /^[\p{L}&-]+$/u.test(word))) return undefined;
  return SECTION_WORDS[(words[words.length - 1] as string).toLowerCase()];
}

function sectionsOf(lines: readonly DocumentLine[]): Sections {
  const header: DocumentLine[] = [];
  const byKind = new Map<CvSection, DocumentLine[]>();
  let current: DocumentLine[] = header;
  let headingsFound = 0;
  for (const line of lines) {
    const heading = cvHeadingOf(line);
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
  const candidates = header.filter((line) => !CONTACT.test(line.text) && !DOCUMENT_LABEL.test(line.text.trim())).slice(0, 4);
  let name: string | undefined;
  let headline: string | undefined;
  for (const line of candidates) {
    // "Maria-Elena Castillo, RN, BSN": the credentials after the name are not part of it.
    const [first, ...rest] = line.text.replace(/,\s*(?:[A-Z]{2,5}\.?(?:,\s*|\s+|$))+$/, '').split(/\s+[—–|-]\s+|\s*\|\s*/);
    const candidate = first && personName(first.trim());
    if (!name && candidate && NAME.test(candidate) && !namesJob(candidate)) {
      name = candidate;
      if (rest.length > 0) headline = rest.join(' — ').trim();
      continue;
    }
    if (name && !headline && !PLACE.test(line.text) && line.text.split(/\s+/).length <= 14) headline = line.text;
  }
  // "Sous Chef  |  Bristol, UK  |  07700 900123 | dan@example.com": a contact line may lead with the headline.
  if (name && !headline) {
    const lead = header.find((line) => CONTACT.test(line.text))?.text.split(/\s*[|·•]\s*/)[0]?.trim();
    if (lead && !CONTACT.test(lead) && !PLACE.test(lead) && TITLE_WORDS.test(lead) && lead.split(/\s+/).length <= 8) headline = lead;
  }
  return { ...(name ? { name } : {}), ...(headline ? { headline } : {}) };
}

/** A role's title and company from its header: "Senior SRE, Acme", "Senior SRE at Acme", "Acme — Senior SRE", or over two lines. */
function titleAndCompany(header: readonly string[]): { title?: string; company?: string } {
  const labelled = labelledRole(header);
  if (labelled) return labelled;
  // Over two lines — "Charge Nurse, Cardiovascular ICU" above "Riverbend Medical Center, Columbus, OH":
  // the first line is the title whole, the company leads the second.
  const [first, second] = header;
  if (first && second && TITLE_WORDS.test(first) && !TITLE_WORDS.test(second) && !/\s[—–|@]\s|\sat\s/.test(first)) {
    const company = second.split(SEPARATORS).map((part) => part.trim()).find((part) => part.length > 1 && !PLACE.test(part));
    return { title: first.replace(/[\s,;:–—|-]+$/, '').trim(), ...(company ? { company } : {}) };
  }
  // A comma inside parentheses is part of its title: "Chef de Partie (Pastry, then Sauce)".
  const parts = header
    .flatMap((text) => text.replace(/\(([^()]*)\)/g, (aside) => aside.replace(/,/g, '\u0000')).split(SEPARATORS))
    .map((part) => part.replace(/\u0000/g, ','))
    .map((part) => part.trim().replace(/^[,;:–—-]+|[,;:–—-]+$/g, '').trim())
    .filter((part) => part.length > 1 && !PLACE.test(part) && !/^(remote|hybrid|full[- ]time|part[- ]time|contract|freelance)$/i.test(part));
  // The part most like a job title; a part with a company's marks ("& Partner", "GmbH") is the company.
  const companyLike = (part: string) => /&|\b(gmbh|inc|ltd|llc|plc|ag|sa|bv|group|corp|corporation|company|co)\b\.?/i.test(part);
  const titleScore = (part: string) => (part.match(new RegExp(TITLE_WORDS.source, 'gi'))?.length ?? 0) - (companyLike(part) ? 2 : 0);
  let titleAt = -1;
  parts.forEach((part, index) => {
    if (titleScore(part) > 0 && (titleAt < 0 || titleScore(part) > titleScore(parts[titleAt] as string))) titleAt = index;
  });
  if (titleAt < 0) return { ...(parts[0] ? { title: parts[0] } : {}), ...(parts[1] ? { company: parts[1] } : {}) };
  const company = parts.find((part, index) => index !== titleAt && titleScore(part) <= 0) ?? parts.find((_, index) => index !== titleAt);
  return { title: parts[titleAt] as string, ...(company ? { company } : {}) };
}

/** "Organization : Al Noor Grand Hotel, Dubai (5 Star)", "Designation : Front Office Manager": a role told as labelled fields. */
const COMPANY_LABEL = /^(?:\d{1,2}[.)]\s*)?(?:organi[sz]ation|company|employer|firm|hospital|school|client)\s*[:：]\s*(.+)$/i;
const TITLE_LABEL = /^(?:\d{1,2}[.)]\s*)?(?:designation|position|job title|title|role|post)\s*[:：]\s*(.+)$/i;

/** The title and company of a role told as labelled fields, when it is. */
function labelledRole(header: readonly string[]): { title?: string; company?: string } | undefined {
  const title = header.map((text) => TITLE_LABEL.exec(text)?.[1]).find(Boolean);
  const company = header.map((text) => COMPANY_LABEL.exec(text)?.[1]).find(Boolean);
  if (!title && !company) return undefined;
  return { ...(title ? { title: withoutAside(title) } : {}), ...(company ? { company: employerOf(company) } : {}) };
}

/**
 * A title or an employer without a note in parentheses: "Kennel Hand (part-time while studying)",
 * "Intern Pharmacist (Pharm.D Internship)", "Al Noor Grand Hotel (5 Star, 412 keys)"; a part of
 * the name stays: "Second in Department (Mathematics)", "Site Reliability Engineer (SRE)".
 */
function withoutAside(text: string): string {
  return text.replace(/\s*\(([^()]*)\)/g, (aside, inside: string) => (/^\s*[\p{Ll}\d]/u.test(inside) || ASIDE_NOTE.test(inside) ? '' : aside)).trim();
}
const ASIDE_NOTE = /\b(?:intern(?:ship)?|placement|contract|temporary|temp|part[- ]time|full[- ]time|maternity|cover|locum|secondment|volunteer|voluntary|seasonal|while|during|star|keys|remote|hybrid)\b/i;

/** An employer's line as its name: without its place and what follows a dash ("Brennan-Whitlock Builders, Inc. — Columbus, OH" → Brennan-Whitlock Builders, Inc.). */
function employerOf(text: string): string {
  const name = withoutAside((text.split(/\s+[—–|·]\s+|\s{2,}/)[0] ?? text).trim());
  // "The Orchid Bay Hotel, Candolim, Goa": the name ends at the first comma not followed by a legal form ("Brennan-Whitlock Builders, Inc.").
  const [first, ...rest] = name.split(/,\s+/);
  return rest.length > 0 && !ORGANIZATION.test(rest[0] as string) ? (first as string) : withoutPlace(name);
}

/** A line that names an organisation by its legal form or its kind: "Nordhafen Logistik GmbH, Hamburg". */
const ORGANIZATION = /\b(?:GmbH|AG|KG|SE|Ltd|Limited|LLP|LLC|Inc|plc|Pvt|Corp|Corporation|Co|S\.?A|B\.?V|N\.?V|Group|Solicitors|Hospital|University|College|School|Academy|Council|Trust|Agency|Bank)\b\.?/;

const ORGANIZATION_AT_END = new RegExp(`${ORGANIZATION.source}\\s*$`);

/** A line that is an employer's name (and place): "Nordhafen Logistik GmbH, Hamburg" — its organisation word at its end, not "Worked in the Group finance team". */
function namesEmployer(text: string): boolean {
  const name = withoutPlace(text);
  return words(name) <= 8 && ORGANIZATION_AT_END.test(name);
}

/**
 * The company of a Markdown heading above a role, in the same block of roles (after the role
 * before it): "### Nexora Technologies Pvt. Ltd., Bengaluru" → Nexora Technologies Pvt. Ltd.
 */
function companyHeadingAbove(lines: readonly DocumentLine[], from: number, floor: number): string | undefined {
  for (let index = from - 1; index >= floor; index -= 1) {
    const line = lines[index] as DocumentLine;
    if (line.heading) return withoutPlace(line.text);
  }
  // An employer's line standing alone right above its roles: "Meridian Cold Chain B.V., Rotterdam"
  // over a rule, "**Brennan-Whitlock Builders, Inc.** — Columbus, OH" over a blank line.
  const above = lines[from - 1];
  if (from - 1 < floor || !above || !lines[from]?.afterBlank) return undefined;
  // The employer's line may carry a line about the employer under it: "Nexora Technologies Pvt. Ltd., Bengaluru" over "B2B SaaS product company, ~1,100 employees".
  const twoAbove = lines[from - 2];
  if (from - 2 >= floor && twoAbove && !above.afterBlank && twoAbove.afterBlank && isEmployerLine(twoAbove)) return employerOf(twoAbove.text);
  return isEmployerLine(above) ? employerOf(above.text) : undefined;
}

/** A short line that names an employer and nothing else: no dates, no job title, no sentence. */
function isEmployerLine(line: DocumentLine): boolean {
  const text = line.text;
  if (line.bullet || words(text) > 8 || findDateRange(text) || /[:：]\s*$/.test(text)) return false;
  if (/[.!?]$/.test(text) && !ORGANIZATION_AT_END.test(text)) return false;
  return namesEmployer(text) || (!TITLE_WORDS.test(text) && /^[\p{Lu}\d]/u.test(text));
}

/** An employer's line without the place after its last comma: "Nordhafen Logistik GmbH, Hamburg" → Nordhafen Logistik GmbH. */
function withoutPlace(text: string): string {
  const [company, ...place] = text.split(/,\s+(?=[^,]+$)/);
  return (place.length > 0 && !ORGANIZATION.test(place[0] as string) ? (company as string) : text).trim();
}

/** A role's line as its title whole, without the separators at its ends. */
function wholeTitle(text: string): string {
  return text.replace(/^[\s|·,;:–—-]+|[\s|·,;:–—-]+$/g, '').trim();
}

const SHORT_LINE_WORDS = 12;
/** A sentence, not a header: "Month-end close, group consolidation under IFRS, statutory audit, team of 4." — a short line ending in "B.V." or "Inc." is a name. */
const isSentence = (text: string) => /[.!?]$/.test(text) && words(text) > 5 && !ORGANIZATION_AT_END.test(text);
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Where roles start: lines, not list items, that give a date range (a lone year only on a short line). */
function isRoleAnchor(line: DocumentLine): boolean {
  if (line.bullet) return false;
  const range = findDateRange(line.text);
  if (!range) return false;
  const before = line.text.slice(0, range.index);
  // "Won the 2020 innovation award.": a sentence with a year in it, not a role's dates.
  if (range.end === undefined && /[.!?]$/.test(line.text) && !/[—–|,(:]\s*$/.test(before)) return false;
  if (range.end !== undefined || words(line.text) <= 8) return true;
  // "Retail Sales Associate, Apex Outdoor Supply — 2017 — seasonal role": a lone year set off
  // by separators on a line that names a job.
  return /[—–|,(]\s*$/.test(before) && TITLE_WORDS.test(before) && words(line.text) <= 16;
}

/** A line that names a role without dates: a short line with a job title's words that starts a paragraph and is no sentence. */
function looksLikeUndatedRole(line: DocumentLine, index: number): boolean {
  return !line.bullet && (index === 0 || line.afterBlank || line.heading === true) && words(line.text) <= SHORT_LINE_WORDS && TITLE_WORDS.test(line.text) && !/[.!?]$/.test(line.text) && !isRoleAnchor(line);
}

function experienceOf(lines: readonly DocumentLine[], warnings: string[], notRoles: ReadonlySet<string>): CvExperience[] {
  const anchors = lines.map((line, index) => (isRoleAnchor(line) ? index : -1)).filter((index) => index >= 0);
  // The lines before an anchor that belong to its header: up to two short, non-list lines.
  const headerStart = anchors.map((anchor, position) => {
    const floor = position === 0 ? 0 : (anchors[position - 1] as number) + 1;
    let start = anchor;
    // Up to two short lines above, not list items, in the same paragraph as the anchor.
    while (start - 1 >= floor && anchor - (start - 1) <= 2 && !lines[start]!.afterBlank) {
      const above = lines[start - 1] as DocumentLine;
      // A sentence ends a paragraph of the role above; a short line ending in "B.V." or "Inc." does not.
      const labelledField = COMPANY_LABEL.test(above.text) || TITLE_LABEL.test(above.text);
      if (!labelledField && (above.bullet || words(above.text) > SHORT_LINE_WORDS || isSentence(above.text))) break;
      if (notRoles.has(above.text)) break;
      start -= 1;
    }
    return start;
  });
  // Roles without dates among dated ones: a short line with a job title, starting a paragraph,
  // with list items under it, that no dated role's header claims ("Platform Engineer, Acme").
  const claimed = new Set(anchors.flatMap((anchor, position) => Array.from({ length: anchor - (headerStart[position] as number) + 1 }, (_, offset) => (headerStart[position] as number) + offset)));
  const undated = anchors.length === 0 ? [] : lines.flatMap((line, index) => (!claimed.has(index) && looksLikeUndatedRole(line, index) && lines[index + 1]?.bullet ? [index] : []));
  const starts = [...headerStart, ...undated].sort((a, b) => a - b);
  /** Where the body of a role that starts (or is anchored) at `index` ends: where the next role starts. */
  const endOfBody = (index: number) => starts.find((start) => start > index) ?? lines.length;
  // Each role with the line it starts at: dated and undated ones are read apart, and told in the CV's order.
  const placed: { at: number; role: CvExperience }[] = [];
  let headingCompany: string | undefined;
  anchors.forEach((anchor, position) => {
    const anchorLine = lines[anchor] as DocumentLine;
    const range = findDateRange(anchorLine.text)!;
    // After a lone year set off by a dash, the rest of the line is a note ("— seasonal role"), not the header.
    const after = range.end === undefined && /^\s*[—–]/.test(anchorLine.text.slice(range.index + range.length)) ? '' : anchorLine.text.slice(range.index + range.length);
    // A row of columns ("2019–now    Head of Mathematics    Colegio Internacional Turia") keeps its cells apart.
    // (A cell may hold the dates and the title both when the gap between them was narrow: "2019–now Head of Mathematics".)
    const cells = anchorLine.cells
      ?.map((cell) => {
        const dates = findDateRange(cell);
        return withoutMarks(dates ? `${cell.slice(0, dates.index)} ${cell.slice(dates.index + dates.length)}` : cell).replace(/^[\s:|–—-]+|[\s:|–—-]+$/g, '');
      })
      .filter((cell) => cell.length > 0);
    const rest = cells && cells.length >= 2 ? cells.join(' | ') : `${anchorLine.text.slice(0, range.index)} ${after}`.replace(/\(\s*\)/g, '').trim();
    // A Markdown heading right above a role line that has its own title is a heading (an employer's,
    // or a section's), not part of the role's header; above a date (and a place) it is the header.
    const restNamesRole = TITLE_WORDS.test(rest);
    const above = lines.slice(headerStart[position], anchor).filter((line) => !(line.heading && restNamesRole)).map((line) => line.text);
    const bodyStart = anchor + 1;
    // The line under the anchor completes its header when the anchor is a date alone ("Sept 2020
    // – present" over "Teacher of Mathematics — Avonmead Academy") or names no employer while the
    // line under it is one ("since 04/2021  Customs Specialist" over "Nordhafen Logistik GmbH").
    const next = lines[bodyStart];
    const nextCompletes = next !== undefined && !next.bullet && !next.heading && !isRoleAnchor(next) && words(next.text) <= SHORT_LINE_WORDS && !/[.!?]$/.test(next.text) && (position + 1 >= anchors.length || anchors[position + 1] !== bodyStart);
    const dateAlone = above.length === 0 && !rest;
    // An employer's line under a title that names none: the title is the anchor's text whole ("Freight Forwarding Clerk, Ocean Export").
    const employerUnder = nextCompletes && above.length === 0 && !!rest && namesEmployer(next.text) && !ORGANIZATION.test(rest);
    // A title under an employer's dated line: "Hartwell & Greene LLP, Chicago, IL   May 2020 – Present" over "Senior Litigation Paralegal".
    const titleUnder = nextCompletes && above.length === 0 && !!rest && !TITLE_WORDS.test(rest) && TITLE_WORDS.test(next.text) && !namesEmployer(next.text);
    const takesNext = nextCompletes && (dateAlone || employerUnder || titleUnder);
    const header = [...above, ...(rest ? [rest] : []), ...(takesNext ? [next.text] : [])];
    // Under a company's own heading ("### Nexora Technologies, Bengaluru"), the role's line is its title whole ("HR Business Partner – South Zone").
    // Searched from the anchor when the heading is no part of the header, else above the header.
    headingCompany = companyHeadingAbove(lines, restNamesRole ? anchor : (headerStart[position] as number), position === 0 ? 0 : (anchors[position - 1] as number) + 1) ?? headingCompany;
    const ownRead = titleAndCompany(header);
    // An employer's heading is the company of a role line that names none, and of a bold title
    // ("**HR Business Partner – South Zone**"), not of "Developer, Globex".
    // A bold title on the role's line ("**HR Business Partner – South Zone** | 2018") is the title whole.
    const boldTitle = above.length === 0 && anchorLine.strongLead && !findDateRange(anchorLine.strongLead) ? anchorLine.strongLead : undefined;
    // Under an employer's heading, a title with a dash in it is one title ("HR Business Partner – South Zone"), not a title and a company.
    const dashedTitle = headingCompany && ownRead.company !== undefined && !namesEmployer(ownRead.company) && /^[^|@]+\s[–—-]\s[^|@]+$/.test(wholeTitle(rest)) && !/\s(?:at|@)\s/.test(rest) && above.length === 0 ? wholeTitle(rest) : undefined;
    const read =
      headingCompany && (ownRead.company === undefined || boldTitle || dashedTitle)
        ? { title: boldTitle ?? dashedTitle ?? ownRead.title, company: headingCompany }
        : employerUnder
          ? { title: wholeTitle(rest), company: withoutPlace(next.text) }
          : titleUnder
            ? { title: wholeTitle(next.text), company: employerOf(rest) }
            : ownRead;
    const title = read.title && withoutAside(read.title);
    // Several roles under one company heading ("Northwind Traders", then "Operations Lead, 2021 –
    // Present" and "Shift Supervisor, 2018 – 2021"): a role of the same block without a company
    // of its own is at the company above it.
    const sameBlock = position > 0 && headerStart[position] === anchor && !anchorLine.afterBlank;
    const company = read.company ?? (sameBlock ? placed[placed.length - 1]?.role.company : undefined);
    const bodyEnd = endOfBody(anchor);
    const body = lines.slice(takesNext ? bodyStart + 1 : bodyStart, bodyEnd);
    const highlights = body.filter((line) => line.bullet).map((line) => clip(line.text, Limits.maxLongTextChars));
    const description = body.filter((line) => !line.bullet).map((line) => line.text).join(' ');
    if (!title) {
      warnings.push(`A role dated ${[range.start, range.end].filter(Boolean).join(' – ')} has no title that could be read; add it.`);
      return;
    }
    const role: CvExperience = {
      title: clip(title, Limits.maxShortTextChars),
      ...(company ? { company: clip(company, Limits.maxShortTextChars) } : {}),
      ...(range.start ? { start: range.start } : {}),
      // A lone year is a role that began and ended in it.
      ...(range.end ? { end: range.end } : range.start && /^\d{4}$/.test(range.start) ? { end: range.start } : {}),
      ...(description ? { description: clip(description, Limits.maxLongTextChars) } : {}),
      ...(highlights.length > 0 ? { highlights: highlights.slice(0, 50) } : {}),
    };
    placed.push({ at: anchor, role });
    if (!range.end && !/^\d{4}$/.test(range.start ?? '')) warnings.push(`The role ${title}${company ? ` at ${company}` : ''} has a start (${range.start}) but no end date; check it.`);
  });
  for (const index of undated) {
    const { title, company } = titleAndCompany([(lines[index] as DocumentLine).text]);
    if (!title) continue;
    const body = lines.slice(index + 1, endOfBody(index));
    const highlights = body.filter((line) => line.bullet).map((line) => clip(line.text, Limits.maxLongTextChars));
    placed.push({ at: index, role: { title: clip(title, Limits.maxShortTextChars), ...(company ? { company: clip(company, Limits.maxShortTextChars) } : {}), ...(highlights.length > 0 ? { highlights: highlights.slice(0, 50) } : {}) } });
    warnings.push(`No dates found for the role ${title}${company ? ` at ${company}` : ''}; add them, or the years of its skills cannot be counted.`);
  }
  // Roles named without any date: a line with a job title that no anchor claimed.
  if (anchors.length === 0) {
    lines.forEach((line, index) => {
      if (line.bullet || words(line.text) > SHORT_LINE_WORDS || !TITLE_WORDS.test(line.text)) return;
      const { title, company } = titleAndCompany([line.text]);
      if (!title) return;
      placed.push({ at: index, role: { title: clip(title, Limits.maxShortTextChars), ...(company ? { company: clip(company, Limits.maxShortTextChars) } : {}) } });
      warnings.push(`No dates found for the role ${title}${company ? ` at ${company}` : ''}; add them, or the years of its skills cannot be counted.`);
    });
  }
  return placed.sort((a, b) => a.at - b.at).map(({ role }) => role);
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
      const field = after?.replace(/^[.\s]*(?:in|of)?\s*/i, '').trim();
      if (field && !INSTITUTION.test(field) && !/\d{4}/.test(field)) current.field = clip(field, Limits.maxShortTextChars);
    }
    // "2019 Summer School on …", "University of Ulm 2014": the institution without its year, and only if something is left.
    const institutionName = institution?.replace(/^(?:\d{1,2}\/)?\d{4}\s+/, '').replace(/\s*\d{4}.*$/, '').trim();
    if (institutionName && !current.institution) current.institution = clip(institutionName, Limits.maxShortTextChars);
    if (year) current.end = year;
  }
  return entries.filter((entry) => entry.degree || entry.institution);
}

/** Capitalized words that follow "in", "with", "using" … in a role's text and are no tool. */
const NOT_TOOLS = new Set(['I', 'The', 'A', 'An', 'Our', 'My', 'Q1', 'Q2', 'Q3', 'Q4', 'UK', 'US', 'USA', 'EU', 'EMEA', 'APAC', 'Europe', 'Asia', 'America', 'North America', 'Ireland', 'Germany', 'France', 'Spain', 'Italy', 'Netherlands', 'India', 'London', 'Berlin', 'Paris', 'Dublin', 'Amsterdam', 'Munich', 'Vienna', 'Monday', 'Friday', 'CEO', 'CTO', 'CFO', 'COO', 'VP', 'HR']);
const MONTH_WORD = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$/i;
/** A name a tool goes by: "Terraform", "Argo CD", "AWS Lambda", "scikit-learn", "Power BI", "dbt" is not caught (lower case). */
const TOOL_WORD = '[\\w+#/-]*(?:\\.[\\w+#/-]+)*';
const TOOL_NAME = `(?:[A-Z]${TOOL_WORD}|[a-z]+[A-Z]${TOOL_WORD})(?:\\s(?:[A-Z]${TOOL_WORD}|\\d${TOOL_WORD}))?`;
/** Tools named in parentheses: "a Selenium framework in Java (TestNG, Page Object pattern)". */
// (Separators need their spaces, and a trailing lower-case word is no "and"/"or": else "AorBorC…" or a long list can be split
// in exponentially many ways before a match fails.)
const TOOL_SEPARATOR = String.raw`(?:\s*[,&]\s*|\s+(?:and|or)\s+)`;
const TOOLS_IN_PARENTHESES = new RegExp(`\\((${TOOL_NAME}(?:\\s+(?!(?:and|or)\\b)[a-z]+)?(?:${TOOL_SEPARATOR}${TOOL_NAME}(?:\\s+(?!(?:and|or)\\b)[a-z]+)?)+)\\)`, 'g');
/** Tools named before what they run: "14 EKS clusters", "300 Debian and CentOS servers", "GitLab CI pipelines". */
const TOOLS_BEFORE_KIND = new RegExp(`(?<![\\w.])(${TOOL_NAME}(?:${TOOL_SEPARATOR}${TOOL_NAME})*)\\s+(?:clusters?|servers?|pipelines?|charts?|instances?|databases?|dashboards?|playbooks?|workflows?|notebooks?|models?|apps?|integrations?|migrations?|stacks?|tests?|suites?|jobs?|scripts?|queues?|modules?|templates?)\\b`, 'g');
const LEADING_VERB = /^(?:[A-Z][a-z]+ed|Built|Wrote|Ran|Run|Led|Set|Made|Took|Cut|Kept|Grew|Drove|Brought|Owned|Won|Began|Sold|Taught|Rebuilt|Rewrote|Introduced|Migrated|Moved|Shipped|Own|Lead|Build|Write|Maintain|Manage|Support)\s+/;
const TOOL_AFTER = new RegExp(`\\b(?:in|with|using|on|via|to|into|through|from|onto|atop)\\s+(${TOOL_NAME}(?:${TOOL_SEPARATOR}${TOOL_NAME})*)`, 'g');

/**
 * Tools a role's text names where the knowledge base knows none of them: capitalized names
 * after "in", "with", "using" … ("built the APIs in Python with FastAPI", "moved to AWS Lambda
 * and SQS"), less places, months, the CV's own companies and a few words that are no tool.
 */
function toolsNamedIn(text: string, notTools: ReadonlySet<string>): string[] {
  const tools: string[] = [];
  const lists = [
    ...[...text.matchAll(TOOL_AFTER), ...text.matchAll(TOOLS_IN_PARENTHESES)].map((match) => match[1] as string),
    // A highlight's first word is its verb, not a tool: "Built Jenkins pipelines" names Jenkins.
    ...[...text.matchAll(TOOLS_BEFORE_KIND)].map((match) => (match[1] as string).replace(LEADING_VERB, '')),
  ];
  for (const list of lists) {
    // "Postman/Newman": two tools.
    for (const item of list.split(/\s*(?:,|\band\b|&|\bor\b|\n|(?<=\p{L})\/(?=\p{Lu}))\s*/u)) {
      const name = item.trim().replace(/[.,;:]+$/, '');
      if (name.length < 2 || NOT_TOOLS.has(name) || notTools.has(name.toLowerCase()) || MONTH_WORD.test(name) || /^\d/.test(name)) continue;
      tools.push(name);
    }
  }
  return tools;
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
  if (name && !headline) warnings.push('No headline (the job you do, under your name) was found; add it if you want it in the report.');

  const experienceLines = byKind.get('experience') ?? (headingsFound === 0 ? all : []);
  if (!byKind.has('experience') && headingsFound > 0) warnings.push('No Experience section was found (headings like "Experience" or "Work history"); roles could not be read.');
  // Without headings the top lines are read as roles too: the name and headline are not one.
  const notRoles = new Set(headingsFound > 0 ? [] : header.slice(0, 4).filter((line) => (name && line.text.startsWith(name)) || line.text === headline).map((line) => line.text));
  const experience = experienceOf(experienceLines, warnings, notRoles);
  if (experience.length > Limits.maxListItems) warnings.push(`The CV lists ${experience.length} roles; its first ${Limits.maxListItems} were kept.`);
  if (experienceLines.length > 0 && experience.length === 0) warnings.push('The Experience section has no role that could be read (a title, a company and dates); add them.');

  const skillLines = byKind.get('skills');
  // A skill is listed once: by the CV's own words, and by the knowledge base's entry it names.
  const known = new Set<string>();
  const keyOf = (name: string) => knowledge.resolve(name)?.id ?? name.toLowerCase();
  // What the skills section lists is kept as the CV writes it, each name once ("NumPy" and "pandas" both, though the
  // knowledge base files them under one entry); what is found elsewhere is added only for entries not yet listed.
  const listed = new Set<string>();
  const skills = (skillLines ? listedSkills(skillLines) : []).filter((skill) => {
    const key = (typeof skill === 'string' ? skill : skill.name).toLowerCase();
    if (listed.has(key)) return false;
    listed.add(key);
    known.add(key).add(keyOf(key));
    return true;
  });
  for (const { entry } of knowledge.allMentioned(all.map((line) => line.text).join('\n'))) {
    if (known.has(entry.id) || known.has(entry.skill.toLowerCase())) continue;
    known.add(entry.id);
    skills.push(entry.skill);
  }
  // Tools the roles' text names that the knowledge base does not know.
  const notTools = new Set([...experience.flatMap((role) => [role.company ?? '', role.title]), name ?? ''].flatMap((text) => [text.toLowerCase(), ...text.toLowerCase().split(/[\s,]+/)]).filter(Boolean));
  const roleText = experience.flatMap((role) => [role.description ?? '', ...(role.highlights ?? [])]).join('\n');
  for (const tool of toolsNamedIn(roleText, notTools)) {
    const key = keyOf(tool);
    if (known.has(key) || known.has(tool.toLowerCase())) continue;
    known.add(key).add(tool.toLowerCase());
    skills.push(clip(tool, Limits.maxShortTextChars));
  }
  // Competences the roles' prose lists ("responsible for P&L management, staff scheduling and …").
  for (const competence of enumeratedSkills(roleText)) {
    const key = keyOf(competence);
    if (known.has(key) || known.has(competence.toLowerCase())) continue;
    known.add(key).add(competence.toLowerCase());
    skills.push(clip(competence, Limits.maxShortTextChars));
  }
  if (!skillLines) warnings.push(`No Skills section was found; ${skills.length} skills were taken from the text, where the knowledge base knows them.`);

  const education = educationOf(byKind.get('education') ?? []);
  if ((byKind.get('education') ?? []).length > 0 && education.length === 0) warnings.push('The Education section has no degree or institution that could be read; check it.');
  const certifications = (byKind.get('certifications') ?? []).map((line) => clip(line.text.replace(/\s*[(–—-]?\s*(?:19|20)\d{2}\)?\s*$/, ''), Limits.maxShortTextChars)).filter(Boolean);
  const summaryLines = byKind.get('summary') ?? [];
  const summary = summaryLines.map((line) => line.text).join(' ');

  const whole: ParsedCV = {
    ...(name ? { name: clip(name, Limits.maxShortTextChars) } : {}),
    ...(headline ? { headline: clip(headline, Limits.maxShortTextChars) } : {}),
    ...(summary ? { summary: clip(summary, Limits.maxLongTextChars) } : {}),
    skills: skills.slice(0, Limits.maxListItems),
    experience: experience.slice(0, Limits.maxListItems),
    ...(education.length > 0 ? { education: education.slice(0, 50) } : {}),
    ...(certifications.length > 0 ? { certifications: certifications.slice(0, 100) } : {}),
  };
  const withoutDescriptions = (value: ParsedCV): ParsedCV => ({ ...value, experience: value.experience.map(({ description: _dropped, ...role }) => role) });
  const fitted = fitToDocumentLimit(
    whole,
    [
      { drop: withoutDescriptions, warning: 'The CV is long: the roles’ descriptions were left out to keep it within 100,000 bytes; their list items are kept.' },
      { drop: (value) => ({ ...value, experience: value.experience.map((role) => ({ ...role, ...(role.highlights ? { highlights: role.highlights.slice(0, 5) } : {}) })) }), warning: 'The CV is long: each role keeps its first five list items.' },
      { drop: ({ summary: _dropped, ...value }) => value, warning: 'The CV is long: its summary was left out.' },
    ],
    warnings,
  );
  if (!fitted) throw documentRefused('cv', 'is too long to keep once parsed (more than 100,000 bytes)', 'Send the CV alone, without attachments or repeated sections.');
  const cv = ParsedCV.parse(fitted);
  const dated = experience.filter((role) => role.start).length;
  const confidence = {
    name: name ? 0.9 : 0,
    headline: headline ? 0.7 : 0,
    experience: experience.length === 0 ? 0 : experience.reduce((sum, role) => sum + (role.company ? 0.3 : 0) + (role.start ? 0.4 : 0) + 0.3, 0) / experience.length,
    dates: experience.length === 0 ? 0 : dated / experience.length,
    skills: skills.length === 0 ? 0 : skillLines ? 0.9 : 0.6,
    education: byKind.has('education') ? (education.length > 0 ? 0.8 : 0.2) : 0,
  };
  return { cv, report: { confidence: roundedConfidence(confidence), warnings } };
}
