import { Limits, utf8ByteLength, type ProviderInfo } from '@gapflow/core';

/** What a parser found and how sure it is: what a person checks before correcting. */
export interface ParseReport {
  /** 0–1 per field: how much of what the field needs was found, and how plainly. */
  confidence: Record<string, number>;
  /** Sentences a person can act on: what was not found, what was assumed. */
  warnings: string[];
  /** Who read the document: the offline parser, or a model (and whether it fell back). */
  source?: ProviderInfo;
}

/** Confidences to two decimals, as a report gives them. */
export function roundedConfidence(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Math.round(value * 100) / 100]));
}

/** Text cut to `max` characters at a word boundary, for the schema's limits. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).trim();
}

/**
 * A parsed document cut down, step by step, until it fits the size every stored CV and JD is
 * held to (`Limits.maxDocumentBytes`): each step drops the least needed detail, and says so in
 * the warnings. Undefined when even the last step leaves it too large.
 */
export function fitToDocumentLimit<T>(parsed: T, steps: readonly { drop: (value: T) => T; warning: string }[], warnings: string[]): T | undefined {
  let value = parsed;
  const fits = (candidate: T) => utf8ByteLength(JSON.stringify(candidate)) <= Limits.maxDocumentBytes;
  for (const step of steps) {
    if (fits(value)) return value;
    value = step.drop(value);
    warnings.push(step.warning);
  }
  return fits(value) ? value : undefined;
}
