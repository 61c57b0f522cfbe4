/**
 * Size limits that protect the service from oversized or abusive input. They are part of
 * the public contract: the API documentation and error messages quote them.
 */
export const Limits = {
  /** UTF-8 bytes of text in one CV or one JD, counted over its JSON form. */
  maxDocumentBytes: 100_000,
  /** A CV or job ad sent as a document: its text, in characters (a 20-page PDF holds some 80,000). */
  maxDocumentTextChars: 100_000,
  /** Gaps in one session or one batch of questions. */
  maxGaps: 50,
  /** UTF-8 bytes of one answer or one follow-up. */
  maxAnswerBytes: 10_000,
  /** Characters in a name-like field: a skill, a title, a company. */
  maxShortTextChars: 200,
  /** Characters in a prose field: a summary, a description, a highlight. */
  maxLongTextChars: 20_000,
  /** Items in any list inside a CV or JD (skills, experience, requirements, …). */
  maxListItems: 200,
  /** Requirements in one JD. */
  maxRequirements: 100,
} as const;

/**
 * UTF-8 byte length of a string, without allocating, and without Node's `Buffer` (core is
 * shared with browser code). Counts as Node's `byteLength` does: a lone surrogate becomes
 * U+FFFD, three bytes.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
