import type { z } from 'zod';
import { GapflowError, SafeId, validationError } from '@gapflow/core';

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** A request body validated against its schema, or `VALIDATION_FAILED` naming every bad field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === undefined) {
    throw new GapflowError('VALIDATION_FAILED', 'The body is empty. Send a JSON object (at least {}) with "Content-Type: application/json".');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GapflowError('VALIDATION_FAILED', `The body is valid JSON, but ${kindOf(body)}: the body must be a JSON object ({ … }). See /openapi.json for its fields.`);
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

/** Job ids are derived from group and gap ids, so they run longer than other ids. */
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,159}$/;

export function parseJobId(value: unknown): string {
  if (typeof value !== 'string' || !JOB_ID.test(value)) {
    throw new GapflowError('VALIDATION_FAILED', 'The job id in the path is malformed: use a jobId returned by the API.');
  }
  return value;
}
