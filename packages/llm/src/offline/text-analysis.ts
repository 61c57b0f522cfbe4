/** A sentence of a text with its character offsets, so results can point back into the text. */
export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

/** Splits on sentence punctuation and line breaks, keeping offsets into the original. */
export function splitSentences(text: string): SentenceSpan[] {
  const sentences: SentenceSpan[] = [];
  const pattern = /[^.!?\n]+(?:[.!?]+(?=\s|$)|[.!?]+$)?|[^\n]+/g;
  // A `.` inside a number or a name ("3.5", "Node.js") does not end a sentence: the regex
  // only ends a sentence at punctuation followed by whitespace or the end.
  let match: RegExpExecArray | null;
  const protectedText = text.replace(/(\w)\.(\w)/g, '$1\u2024$2');
  while ((match = pattern.exec(protectedText)) !== null) {
    const raw = match[0];
    const leading = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed.length === 0) continue;
    const start = match.index + leading;
    sentences.push({ text: text.slice(start, start + trimmed.length), start, end: start + trimmed.length });
  }
  return sentences;
}

export function wordsOf(text: string): string[] {
  return text.match(/[A-Za-z][A-Za-z'+#.-]*[A-Za-z+#]|[A-Za-z]|\d[\d.,]*%?/g) ?? [];
}

const STOPWORDS = new Set(
  `a an the and or but if then so of to in on at by for with from as is are was were be been being it its this that these those
  you your yours i me my we our us they them their he she his her what which who whom when where why how do did does done have has had
  can could would should will shall may might must not no yes than too very just about into over under up down out more most some any
  each every all both few other such only own same tell walk describe time one there here also`.split(/\s+/),
);

/** Lower-case words that carry meaning (no stop words), for overlap measures. */
export function contentWords(text: string): Set<string> {
  return new Set(
    wordsOf(text)
      .map((word) => word.toLowerCase().replace(/(ing|ed|es|s)$/, ''))
      .filter((word) => word.length > 2 && !STOPWORDS.has(word)),
  );
}

/** True when `phrase` occurs in `text` as whole words, case-insensitively, allowing a plural. */
export function mentions(text: string, phrase: string): boolean {
  const escaped = phrase.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  if (escaped.length === 0) return false;
  return new RegExp(`(^|[^A-Za-z0-9])${escaped}(e?s)?(?=$|[^A-Za-z0-9])`, 'i').test(text);
}

/** Numbers as people write measurements: 40, 3.5, 12%, $2M, 3x, 800ms, 10k. */
export const NUMBER_PATTERN = /(?:[$€£]\s?)?\b\d[\d,.]*(?:\s?(?:%|x|k|m|bn|ms|s|h|hours?|days?|weeks?|months?|years?|users?|customers?|people|engineers?|services?|requests?|percent))?\b%?/gi;

export function numbersIn(text: string): string[] {
  return text.match(NUMBER_PATTERN) ?? [];
}

/**
 * Capitalised words that are not at the start of a sentence and not "I": names of people,
 * companies, products and tools. The standard the composer is held to.
 */
export function properNounsIn(text: string): string[] {
  const found: string[] = [];
  for (const sentence of splitSentences(text)) {
    const words = sentence.text.match(/[A-Za-z][A-Za-z0-9'+#.-]*/g) ?? [];
    words.slice(1).forEach((word) => {
      if (/^[A-Z]/.test(word) && word !== 'I' && !/^I'/.test(word)) found.push(word.replace(/[.'-]+$/, ''));
    });
  }
  return found;
}

export function clamp01(value: number): number {
  return Math.max(0, Math.min(1, value));
}

/** Rounds a score to two decimals, so equal inputs print equal scores everywhere. */
export function roundScore(value: number): number {
  return Math.round(clamp01(value) * 100) / 100;
}

/** A quote short enough to show beside a score. */
export function shortQuote(text: string, maxChars = 160): string {
  const trimmed = text.trim();
  if (trimmed.length <= maxChars) return trimmed;
  // Cut between words, never inside one.
  const cut = trimmed.slice(0, maxChars - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:]+$/, '')}…`;
}
