/** Names this short are ambiguous in prose ("Go", "PM", "IR"): matched only as written. */
const SHORT_NAME_CHARS = 3;

/**
 * A regular expression that finds a skill name in free text as whole words.
 * - Case-insensitive, with an optional plural, except for short names, which must appear as
 *   written (a plural "s" allowed) and not inside a hyphenated word, so "go-to-market" is not the Go language.
 * - Spaces match any whitespace, and "." in a name is optional ("Node.js" finds "NodeJS").
 */
export function namePattern(name: string): RegExp {
  const trimmed = name.trim();
  const short = trimmed.replace(/[^A-Za-z0-9]/g, '').length <= SHORT_NAME_CHARS;
  const body = trimmed
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\\\./g, '\\.?')
    .replace(/\s+/g, '\\s+');
  if (short) return new RegExp(`(?<![A-Za-z0-9-])${body}s?(?![A-Za-z0-9]|-[A-Za-z])`);
  const end = /[A-Za-z]$/.test(trimmed) ? '(?:e?s)?' : '';
  return new RegExp(`(?<![A-Za-z0-9])${body}${end}(?![A-Za-z0-9])`, 'i');
}
