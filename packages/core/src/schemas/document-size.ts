import type { z } from 'zod';
import { Limits, utf8ByteLength } from '../limits';

/**
 * Adds the whole-document size check to a CV or JD schema. It runs after the field checks,
 * so a document that is both malformed and too large reports the malformed fields first.
 */
export function checkDocumentSize(what: 'CV' | 'JD') {
  return (value: unknown, ctx: z.RefinementCtx): void => {
    const bytes = utf8ByteLength(JSON.stringify(value));
    if (bytes > Limits.maxDocumentBytes) {
      ctx.addIssue({
        code: 'custom',
        message:
          `the ${what} holds ${bytes.toLocaleString('en-US')} bytes of text; the limit is ` +
          `${Limits.maxDocumentBytes.toLocaleString('en-US')}. Send the parsed ${what} without attachments or repeated sections.`,
      });
    }
  };
}
