/** A date as `ParsedCV` holds it: `2021`, `2021-04` or `present`. */
export type CvDateText = string;

export interface DateRange {
  start?: CvDateText;
  end?: CvDateText;
  /** Where the range sits in the line, so the rest of the line can be read without it. */
  index: number;
  length: number;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

const MONTH_NAME = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const YEAR = '(?:19|20)\\d{2}';
/** One end of a range: "Jan 2020", "January 2020", "03/2018", "2018-03", "2018.03", "2019", or "present" and its synonyms. */
const POINT = `(?:${MONTH_NAME}\\s+${YEAR}|(?:0?[1-9]|1[0-2])[/.](?:${YEAR})|${YEAR}[-/.](?:0[1-9]|1[0-2])(?![0-9])|${YEAR}|present|current|now|today|ongoing|(?:till |to )?date(?!\\s+of))`;
const DASH = '\\s*(?:-|–|—|to|until|till)\\s*';
/** "2019–21": the end year in two digits (a hyphen before 01–12 is a month: "2019-11"). */
const SHORT_RANGE = new RegExp(`(?<![\\w/.])(${YEAR})\\s*(?:–|—|-(?!(?:0[1-9]|1[0-2])(?!\\d)))\\s*(\\d{2})(?![\\w/])`);
const RANGE = new RegExp(`(?<![\\w/.])(${POINT})${DASH}(${POINT})(?![\\w/])`, 'i');
const SINCE = new RegExp(`\\b(?:since|from)\\s+(${POINT})(?![\\w/])`, 'i');
const SINGLE = new RegExp(`(?<![\\w/.])(${MONTH_NAME}\\s+${YEAR}|(?:0?[1-9]|1[0-2])/${YEAR}|${YEAR}-(?:0[1-9]|1[0-2])|${YEAR})(?![\\w/])`, 'i');

/** One end of a range as `ParsedCV` writes it. */
export function cvDateOf(point: string): CvDateText | undefined {
  const text = point.trim().toLowerCase().replace(/\.$/, '');
  if (/^(present|current|now|today|ongoing|(?:till |to )?date)$/.test(text)) return 'present';
  let match = /^([a-z]+)\.?\s+(\d{4})$/.exec(text);
  if (match) {
    const month = MONTHS[match[1] as string];
    return month ? `${match[2]}-${String(month).padStart(2, '0')}` : match[2];
  }
  match = /^(\d{1,2})[/.](\d{4})$/.exec(text);
  if (match) return `${match[2]}-${(match[1] as string).padStart(2, '0')}`;
  match = /^(\d{4})[-/.](\d{2})$/.exec(text);
  if (match) return `${match[1]}-${match[2]}`;
  if (/^\d{4}$/.test(text)) return text;
  return undefined;
}

/**
 * The date range a line of a CV gives a role, in the formats people write: "Jan 2020 – Present",
 * "2019–2021", "2019–21", "03/2018 - 11/2020", "since 2022", "2018.03 to 2020.11", "Sept 2018 to date", or a
 * single year or month
 * (a role of less than a year, or an end without a start).
 */
export function findDateRange(line: string): DateRange | undefined {
  let match = RANGE.exec(line);
  if (match) return { start: cvDateOf(match[1] as string), end: cvDateOf(match[2] as string), index: match.index, length: match[0].length };
  match = SHORT_RANGE.exec(line);
  if (match) {
    const start = Number(match[1]);
    const end = Math.floor(start / 100) * 100 + Number(match[2]);
    if (end >= start) return { start: String(start), end: String(end), index: match.index, length: match[0].length };
  }
  match = SINCE.exec(line);
  if (match) return { start: cvDateOf(match[1] as string), end: 'present', index: match.index, length: match[0].length };
  match = SINGLE.exec(line);
  if (match) return { start: cvDateOf(match[1] as string), index: match.index, length: match[0].length };
  return undefined;
}
