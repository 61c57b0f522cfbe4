import { Limits, type CvSkill } from '@gapflow/core';
import type { DocumentLine } from './document-lines';
import { clip } from './parse-report';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Years written beside a skill: "Go (5 years)", "Go – 5+ yrs", "Go: 5 years". */
const SKILL_YEARS = /[\s(:–—-]+(\d{1,2})\+?\s*(?:years?|yrs?)\.?\)?\s*$/i;

/** The skills a skills section lists, in the CV's own words (gap analysis resolves aliases itself). */
export function listedSkills(lines: readonly DocumentLine[]): CvSkill[] {
  const skills: CvSkill[] = [];
  let header: string[] | undefined;
  lines.forEach((line, index) => {
    // A Markdown table's header row is the row above its separator.
    if (isTableRow(line) && isSeparatorRow(lines[index + 1])) header = cellsOf(line);
    else if (!isTableRow(line)) header = undefined;
    const listed = skillListText(line, lines[index + 1], header);
    if (listed === undefined) return;
    // Names given in parentheses after a skill are skills too: "Python (NumPy, SciPy, pandas)",
    // "XRD (incl. Rietveld refinement)"; module codes stay with their item: "SAP S/4HANA (SD, MM)".
    const text = listed.replace(/\s*\((?:incl\.?|including|e\.g\.?)?\s*([^()]*)\)/g, (aside, inside: string) => {
      const names = inside.split(/\s*,\s*/);
      return (names.length > 1 || /^\s*\((?:incl|including|e\.g)/i.test(aside)) && names.every((name) => name.length >= 3 && words(name) <= 3) ? `, ${names.join(', ')}` : aside;
    });
    // Commas inside parentheses belong to their item: "SAP S/4HANA (SD, MM)".
    for (const raw of text.replace(/\(([^()]*)\)/g, (aside) => aside.replace(/,/g, '\u0000')).split(/\s*[,;|•·]\s*|\s{2,}|\s+\/\s+/)) {
      // An aside after a skill qualifies it ("MS Office (Excel advanced)", "SAP S/4HANA (SD, MM)"); an acronym stays ("Dangerous goods (IMDG)"), years are read ("Go (5 years)").
      const item = raw.replace(/\u0000/g, ',').trim().replace(/^(and|or)\s+/i, '').replace(/\.$/, '').replace(/\s*\((?![A-Z][A-Z0-9&+/-]{1,7}\))(?!\d{1,2}\+?\s*(?:[Yy]ears?|[Yy]rs?)\.?\))[^()]*\)$/, '');
      if (!item) continue;
      const years = SKILL_YEARS.exec(item);
      const name = (years ? item.slice(0, years.index) : item).trim();
      if (!name || words(name) > 5) continue;
      const written = clip(name, Limits.maxShortTextChars);
      skills.push(years ? { name: written, years: Math.min(60, Number(years[1])) } : written);
    }
  });
  return skills;
}

/**
 * The part of a skills section's line that lists skills: without its label ("Languages: Go,
 * Python" → Go, Python), a Markdown table row's cell under a "Skills" or "Tools" header (else its
 * last), nothing for a table's header and separator rows, nor for spoken languages with their levels.
 */
function skillListText(line: DocumentLine, next: DocumentLine | undefined, header: readonly string[] | undefined): string | undefined {
  if (isTableRow(line)) {
    if (isSeparatorRow(line) || isSeparatorRow(next)) return undefined;
    const cells = cellsOf(line);
    // The column its header names skills or tools, else the last; numbers (levels, years) are no skills.
    const named = header?.findIndex((cell) => /skill|tool|technolog|competenc|expertise/i.test(cell)) ?? -1;
    const cell = cells[named >= 0 ? named : cells.length - 1];
    return cell !== undefined && /\p{L}/u.test(cell) ? cell : undefined;
  }
  // A label in a column of its own, as a colon's: "Electrochemistry    EIS, cyclic voltammetry".
  const cells = line.cells?.filter((cell) => cell.length > 0);
  if (cells && cells.length === 2 && words(cells[0] as string) <= 3 && !/,/.test(cells[0] as string) && /,/.test(cells[1] as string)) return cells[1];
  const text = line.text.replace(/^[\p{L} &/]{2,30}:\s+/u, '');
  // "Languages: German (native), English (C1)" are spoken; "Languages: Go, Python" are skills: item by item.
  if (/^(?:spoken\s+)?languages?\s*:/i.test(line.text)) return text.split(/\s*,\s*/).filter((item) => !/\((?:native|mother tongue|fluent|bilingual|conversational|[ABC][12])\b/i.test(item)).join(', ');
  return text;
}

const isTableRow = (line: DocumentLine | undefined) => line !== undefined && /^\|.*\|$/.test(line.text);
const isSeparatorRow = (line: DocumentLine | undefined) => isTableRow(line) && /^[|:\s-]+$/.test(line!.text);
const cellsOf = (line: DocumentLine) => line.text.slice(1, -1).split('|').map((cell) => cell.trim());
