import type { z } from 'zod';
import { GapflowError, SafeId, validationError } from '@gapflow/core';

/** A request body validated against its schema, or `VALIDATION_FAILED` naming every bad field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GapflowError('VALIDATION_FAILED', 'The body must be a JSON object.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** A path id; one that could never exist is a 400 that says what an id looks like. */
export function parseId(value: unknown, what: string): string {
  const parsed = SafeId.safeParse(value);
  if (!parsed.success) throw new GapflowError('VALIDATION_FAILED', `The ${what} id in the path is malformed: ids are 1–64 letters, digits, "-" or "_".`);
  return parsed.data;
}
