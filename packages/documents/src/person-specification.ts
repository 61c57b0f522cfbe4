import type { Importance } from '@gapflow/core';
import type { DocumentLine } from './document-lines';

const ESSENTIAL_CELL = /^(?:e|essential)$/i;
const DESIRABLE_CELL = /^(?:d|desirable)$/i;
/** A person specification's header row as one line of words: "Criteria Essential Desirable Assessed by". */
const FLAT_HEADER = /^(?:criteria|requirements?|attributes?)?\s*essential\s+(?:criteria\s+)?desirable\b.*\b(?:assessed|assessment|method|evidence)\b/i;
/** How a criterion is assessed, at the end of its row: "Application form / Interview", "Certificate". */
const ASSESSMENT = String.raw`(?:application(?: form)?|interview|certificates?|test|presentation|references?|nmc check|gphc check|hcpc check|dbs check|portfolio|shortlisting)`;
const ASSESSED_BY = new RegExp(String.raw`\s+${ASSESSMENT}(?:\s*\/\s*${ASSESSMENT})*$`, 'i');
/** The category a row's first cell gave, at the start of the first criterion of its group: "Qualifications Registered Nurse …". */
const CATEGORY = /^(?:[Qq]ualifications?(?: and training)?|[Ee]ducation(?: and training)?|[Tt]raining|[Ee]xperience|[Ss]kills(?: and abilities| and knowledge)?|[Aa]bilities|[Kk]nowledge(?: and understanding)?|[Pp]ersonal (?:qualities|attributes)|[Oo]ther(?: requirements)?)\s+(?=\p{Lu})/u;

/**
 * The criteria of a person specification pasted as text, by row: a table whose header row has
 * "Essential" and "Desirable" columns (each criterion's column is its importance), or rows with
 * an E / D cell after the criterion ("BSc Environmental Health   E   A/C"). A header row maps to
 * no criterion; a line that is no table row is not in the map.
 */
export function tableCriteria(lines: readonly DocumentLine[]): Map<DocumentLine, { text: string; importance: Importance }[]> {
  const criteria = new Map<DocumentLine, { text: string; importance: Importance }[]>();
  let columns: { must: number; nice: number } | undefined;
  let flat = false;
  for (const line of lines) {
    const cells = line.cells;
    // The table printed without its columns (a PDF of a pasted table): the header's words on one
    // line, then a criterion a line, between its category and how it is assessed. Which column
    // a criterion stood in is lost: it is read as essential.
    if (!cells && FLAT_HEADER.test(line.text)) {
      flat = true;
      criteria.set(line, []);
      continue;
    }
    if (flat && !cells) {
      const criterion = ASSESSED_BY.test(line.text) ? line.text.replace(ASSESSED_BY, '').replace(CATEGORY, '').trim() : undefined;
      if (criterion && /\p{L}{3}/u.test(criterion)) {
        criteria.set(line, [{ text: criterion, importance: 'must' }]);
        continue;
      }
      flat = false;
    }
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
