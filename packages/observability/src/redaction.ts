/**
 * Keys whose values may hold personal text — CVs, job descriptions, answers, and anything a
 * request body carries. Their values are replaced wherever they appear in a log object up to
 * `REDACTION_DEPTH` levels down, so a careless `logger.info({ job })` still leaks nothing.
 */
export const PERSONAL_TEXT_KEYS = [
  'cv',
  'jd',
  'answer',
  'answers',
  'text',
  'followUp',
  'body',
  'summary',
  'description',
  'highlights',
  'evidence',
  'quotes',
  'prompt',
  'contents',
] as const;

/** Nesting levels below the log object that redaction reaches. */
export const REDACTION_DEPTH = 4;

export const REDACTED = '[redacted]';

/** pino redaction paths: every personal key at the top level and under up to N wildcards. */
export function redactionPaths(keys: readonly string[] = PERSONAL_TEXT_KEYS, depth = REDACTION_DEPTH): string[] {
  const paths: string[] = [];
  for (let level = 0; level <= depth; level += 1) {
    const prefix = '*.'.repeat(level);
    for (const key of keys) paths.push(`${prefix}${key}`);
  }
  return paths;
}

/** A URL or path with the value of its `token` query parameter hidden: a candidate's link is a credential. */
export function withoutQueryToken(url: string): string {
  // A URL ("/v1/…?token=…"), or its query alone ("token=…", OpenTelemetry's url.query).
  return url.replace(/(^|[?&])token=[^&#\s]*/g, `$1token=${REDACTED}`);
}
