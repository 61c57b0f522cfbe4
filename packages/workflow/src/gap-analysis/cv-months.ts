/** A CV date (`2021`, `2021-04`, `present`) as months since year 0; `present` is `asOf`. */
export function monthIndex(date: string, asOf: Date): number | undefined {
  if (/^present$/i.test(date)) return asOf.getUTCFullYear() * 12 + asOf.getUTCMonth();
  const match = /^(\d{4})(?:-(\d{2}))?$/.exec(date);
  if (!match) return undefined;
  return Number(match[1]) * 12 + (match[2] ? Number(match[2]) - 1 : 0);
}

/**
 * Years covered by a set of periods, overlaps counted once: two parallel jobs using Go for a
 * year are one year of Go, not two. A period without an end runs to `asOf`; one without a
 * start counts as nothing, since we cannot tell its length.
 */
export function yearsCovered(periods: readonly { start?: string; end?: string }[], asOf: Date): number {
  const spans = periods
    .map((period) => {
      const start = period.start ? monthIndex(period.start, asOf) : undefined;
      const end = monthIndex(period.end ?? 'present', asOf);
      return start !== undefined && end !== undefined && end >= start ? [start, end + 1] : undefined;
    })
    .filter((span): span is number[] => span !== undefined)
    .sort((a, b) => (a[0] as number) - (b[0] as number));
  let months = 0;
  let reach = -Infinity;
  for (const [start, end] of spans as [number, number][]) {
    if (end <= reach) continue;
    months += end - Math.max(start, reach);
    reach = end;
  }
  return months / 12;
}
