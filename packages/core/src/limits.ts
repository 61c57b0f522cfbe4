/**
 * Size limits that protect the service from oversized or abusive input. They are part of
 * the public contract: the API documentation and error messages quote them.
 */
export const Limits = {
  /** UTF-8 bytes of text in one CV or one JD, counted over its JSON form. */
  maxDocumentBytes: 100_000,
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

/** UTF-8 byte length of a string, without allocating a Buffer. */
export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
