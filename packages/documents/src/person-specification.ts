import type { Importance } from '@gapflow/core';
import type { DocumentLine } from './document-lines';

const ESSENTIAL_CELL = /^(?:e|essential)$/i;
const DESIRABLE_CELL = /^(?:d|desirable)$/i;

/**
 * The criteria of a person specification pasted as text, by row: a table whose header row has
 * "Essential" and "Desirable" columns (each criterion's column is its importance), or rows with
 * an E / D cell after the criterion ("BSc Environmental Health   E   A/C"). A header row maps to
 * no criterion; a line that is no table row is not in the map.
 */
export function tableCriteria(lines: readonly DocumentLine[]): Map<DocumentLine, { text: string; importance: Importance }[]> {
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
