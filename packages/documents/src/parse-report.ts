/** What a parser found and how sure it is: what a person checks before correcting. */
export interface ParseReport {
  /** 0–1 per field: how much of what the field needs was found, and how plainly. */
  confidence: Record<string, number>;
  /** Sentences a person can act on: what was not found, what was assumed. */
  warnings: string[];
}

/** Text cut to `max` characters at a word boundary, for the schema's limits. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).trim();
}
