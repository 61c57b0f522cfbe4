import { findDateRange } from './date-range';

/** A line of a document as the parsers read it: its text without list or Markdown marks. */
export interface DocumentLine {
  text: string;
  /** Written as a list item (a bullet, a dash, a number). */
  bullet: boolean;
  /** A blank line came before it: a paragraph starts here. */
  afterBlank: boolean;
  /** Written as a Markdown heading (`### Acme Corp`). */
  heading?: boolean;
  /** The bold words a line starts with (`**HR Business Partner – South Zone** | 2018`): one unit, a title whole. */
  strongLead?: string;
  /**
   * The cells of a table row pasted as text: split at tabs, empty cells kept so that a cell's
   * position is its column ("Experience\t\tInvolvement in a QI project" is in the third), or at
   * runs of three or more spaces (then without empty cells).
   */
  cells?: string[];
}

/** Longer than any line a CV or job ad holds; what goes past it is not read. */
const MAX_LINE_CHARS = 2_000;

/** "5+ years of PostgreSQL": a requirement of its own, not the rest of the line above. */
const YEARS_ASKED = /^\d{1,2}\s*\+?\s*(?:[-–]\s*\d{1,2}\s*)?(?:years?|yrs?)\b/i;

/** A list mark: a bullet, a number, a letter. */
const BULLET = /^(?:[-*+•▪●◦‣∙·–—]|\d{1,2}[.)]|\(?[a-z]\))\s+/;
/** A criterion's code set apart by a wide gap, as selection criteria are numbered: "SC1   Demonstrated …", "KSC2\tAbility …" — before a criterion of three words or more, so "C1   German" is a level, not a code. */
const CRITERION_CODE = /^\s*[A-Z]{1,3}\d{1,2}[.:]?(?:[ ]{2,}|\t)\s*(?=\S+\s+\S+\s+\S)/;

/** Markdown's marks around a line: heading hashes, emphasis, a trailing colon of a label. */
export function withoutMarks(text: string): string {
  return text
    .replace(/^#{1,6}\s+/, '')
    .replace(/\*\*|__/g, '')
    // Emphasis anywhere in the line: "*Senior Project Manager* · Jan 2021 – Present".
    .replace(/(^|[\s(])[*_](?=\S)([^*_]*?\S)[*_](?=$|[\s).,;:·|—–-])/gu, '$1$2')
    .trim();
}

/** The document's non-blank lines, each knowing whether it is a list item and whether a paragraph starts with it. */
export function documentLines(text: string): DocumentLine[] {
  const lines: DocumentLine[] = [];
  let afterBlank = true;
  for (const raw of text.split('\n')) {
    // Runs of spaces made one, and a line cut at a length no real line reaches: the parsers'
    // patterns then see bounded input, whatever was pasted.
    const coded = CRITERION_CODE.test(raw);
    const trimmed = (coded ? `- ${raw.replace(CRITERION_CODE, '')}` : raw).replace(/[ \t]+/g, ' ').trim().slice(0, MAX_LINE_CHARS);
    if (trimmed.length === 0 || /^[-_=*]{3,}$/.test(trimmed)) {
      afterBlank = true;
      continue;
    }
    const bullet = BULLET.test(trimmed);
    const text = withoutMarks(trimmed.replace(BULLET, ''));
    const previous = lines[lines.length - 1];
    // A list item wrapped onto the next line (a PDF's or a narrow column's): the line goes on
    // right under it in lower case — or with a number or an amount, when the item stopped
    // mid-sentence ("… handling" / "40 million requests a day."), unless it is a date range
    // (the next role) or years asked for (the next requirement).
    const goesOn = /^[\p{Ll}(]/u.test(text) || (/[^.!?;:]$/.test(previous?.text ?? '') && /^[\d$€£]/.test(text) && !findDateRange(text) && !YEARS_ASKED.test(text));
    // Joined, a line stays as bounded as any other.
    if (previous?.bullet && !bullet && !afterBlank && goesOn && previous.text.length + text.length < MAX_LINE_CHARS) {
      previous.text = `${previous.text} ${text}`;
      continue;
    }
    const row = raw.slice(0, MAX_LINE_CHARS);
    // Tabs keep a cell's column; columns set with runs of spaces give the cells only.
    const cells = row.includes('\t') ? row.split('\t').map((cell) => cell.trim()) : /\S {3,}\S/.test(row) ? row.trim().split(/ {3,}/) : undefined;
    const strongLead = /^(?:\*\*|__)(.+?)(?:\*\*|__)/.exec(trimmed.replace(BULLET, ''))?.[1]?.trim();
    if (text.length > 0) lines.push({ text, bullet, afterBlank, ...(/^#{1,6}\s/.test(trimmed) ? { heading: true } : {}), ...(cells ? { cells } : {}), ...(strongLead ? { strongLead } : {}) });
    afterBlank = false;
  }
  return lines;
}

/**
 * The section a line heads, when the whole line (less Markdown marks and a closing colon) is one
 * of the section's usual wordings; short lines only, so a sentence that starts with "Skills" is
 * not a heading.
 */
export function headingOf<S extends string>(line: DocumentLine, headings: Readonly<Record<S, readonly string[]>>): S | undefined {
  if (line.bullet) return undefined;
  // "Requirements:", "You'll thrive here if…": a heading's closing colon or ellipsis is no part of it; its apostrophes are plain.
  const words = line.text.replace(/\s*(?:[:：]|…|\.{3})\s*$/, '').replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  if (words.split(' ').length > 5) return undefined;
  const key = words.toLowerCase().replace(/&/g, 'and');
  for (const [section, wordings] of Object.entries(headings) as [S, readonly string[]][]) {
    if (wordings.includes(key)) return section;
  }
  return undefined;
}
