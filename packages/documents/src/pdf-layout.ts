/** A run of text on a PDF page where pdf.js placed it: left edge and baseline in points (y grows upwards), its width and font size. */
export interface PlacedText {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface Line {
  y: number;
  size: number;
  items: PlacedText[];
}

/** Runs that share a baseline (within half a font size), top of the page first, each left to right. */
function linesOf(items: readonly PlacedText[]): Line[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const item of sorted) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line.y - item.y) <= 0.5 * Math.max(line.size, item.size)) {
      line.items.push(item);
      line.size = Math.max(line.size, item.size);
    } else {
      lines.push({ y: item.y, size: item.size, items: [item] });
    }
  }
  for (const line of lines) line.items.sort((a, b) => a.x - b.x);
  return lines;
}

/** A line's text: runs joined by a space where there is a gap, by a tab where the gap is a tab stop's or a table column's. */
function textOf(line: Line): string {
  let text = '';
  let end = -Infinity;
  for (const item of line.items) {
    const gap = item.x - end;
    if (text && !/\s$/.test(text) && !/^\s/.test(item.text)) {
      if (gap > 2 * line.size) text += '\t';
      else if (gap > 0.15 * line.size) text += ' ';
    }
    text += item.text;
    end = Math.max(end, item.x + item.width);
  }
  return text.replace(/[ \t]+$/, '');
}

const MIN_GUTTER_SHARE = 0.15;

/**
 * Where a page splits into two columns, if it does: the x that the fewest runs cross, with at
 * least 15 % of the text on each side — unless what lies right of it is dates on their roles'
 * baselines (set at a tab stop), or a sliver of text sharing the left side's baselines.
 */
function gutterOf(items: readonly PlacedText[]): number | undefined {
  if (items.length < 8) return undefined;
  const left = Math.min(...items.map((item) => item.x));
  const right = Math.max(...items.map((item) => item.x + item.width));
  const characters = items.reduce((sum, item) => sum + item.text.length, 0);
  let best: { x: number; crossing: number } | undefined;
  for (let x = left + 0.25 * (right - left); x <= left + 0.75 * (right - left); x += 2) {
    let crossing = 0;
    let before = 0;
    for (const item of items) {
      if (item.x < x && item.x + item.width > x) crossing += 1;
      else if (item.x + item.width <= x) before += item.text.length;
    }
    const after = characters - before;
    if (before < MIN_GUTTER_SHARE * characters || after < MIN_GUTTER_SHARE * characters) continue;
    if (!best || crossing < best.crossing) best = { x, crossing };
  }
  // A few runs may cross it: a name or a heading set across both columns.
  if (!best || best.crossing > 0.1 * items.length) return undefined;
  const gutter = best.x;
  const leftBaselines = items.filter((item) => item.x + item.width <= gutter).map((item) => item.y);
  const rightItems = items.filter((item) => item.x >= gutter);
  const onSharedBaselines = rightItems.filter((item) => leftBaselines.some((y) => Math.abs(y - item.y) <= 0.5 * item.size)).length;
  const datelike = rightItems.filter((item) => DATE_LIKE.test(item.text)).length;
  // Dates (or a short note) set at a tab stop on their role's line: one column, not two.
  if (onSharedBaselines > 0.5 * rightItems.length && datelike >= 0.6 * rightItems.length) return undefined;
  const rightCharacters = rightItems.reduce((sum, item) => sum + item.text.length, 0);
  if (onSharedBaselines > 0.8 * rightItems.length && rightCharacters < 0.2 * characters) return undefined;
  return gutter;
}

/** A year, a month and year, or "present": what a CV sets at a tab stop beside a role. */
const DATE_LIKE = /\b(19|20)\d{2}\b|\b(present|current|now|today)\b/i;

/** Lines as text, a blank line where the gap between two lines is a paragraph's. */
function linesToText(lines: readonly Line[]): string[] {
  const out: string[] = [];
  let previous: Line | undefined;
  for (const line of lines) {
    if (previous && previous.y - line.y > 1.8 * Math.max(previous.size, line.size)) out.push('');
    out.push(textOf(line));
    previous = line;
  }
  return out;
}

/**
 * One page's text in reading order, rebuilt from where its runs sit: lines by baseline, and a
 * two-column layout read column by column — a band at a time, where runs across the gutter (a
 * name, a heading over both columns) start a new band.
 */
export function pageText(items: readonly PlacedText[]): string {
  const runs = items.filter((item) => item.text.trim().length > 0);
  const gutter = gutterOf(runs);
  if (gutter === undefined) return linesToText(linesOf(runs)).join('\n');
  const out: string[] = [];
  let band: PlacedText[] = [];
  const flush = () => {
    const left = band.filter((item) => item.x < gutter);
    const right = band.filter((item) => item.x >= gutter);
    if (left.length > 0) out.push(...linesToText(linesOf(left)));
    if (left.length > 0 && right.length > 0) out.push('');
    if (right.length > 0) out.push(...linesToText(linesOf(right)));
    band = [];
  };
  for (const line of linesOf(runs)) {
    const spans = line.items.some((item) => item.x < gutter && item.x + item.width > gutter);
    if (spans) {
      flush();
      out.push(textOf(line), '');
    } else {
      band.push(...line.items);
    }
  }
  flush();
  return out.join('\n');
}
