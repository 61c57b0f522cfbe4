import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { GapflowError, validationError } from '@gapflow/core';

/** A file's bytes, or a message that names the file and says why it cannot be read. */
export function readFileOf(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'unknown error'})`;
    throw new GapflowError('VALIDATION_FAILED', `The ${what} file ${path} ${why}.`);
  }
}

/**
 * Reads a JSON file and validates it, with a message that names the file and, for schema
 * errors, every field at fault.
 */
export function readJsonFile<T extends z.ZodType>(path: string, schema: T, what: string): z.infer<T> {
  return parseJsonFile(readFileOf(path, what).toString('utf8'), path, schema, what);
}

/** A JSON file's text, already read, validated as `readJsonFile` does. */
export function parseJsonFile<T extends z.ZodType>(text: string, path: string, schema: T, what: string): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GapflowError('VALIDATION_FAILED', `The ${what} file ${path} is not valid JSON: ${(error as Error).message}.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const failure = validationError(parsed.error, what.toLowerCase());
    throw new GapflowError('VALIDATION_FAILED', `The ${what} file ${path} does not match the ${what} format — ${failure.message.replace(/^The request is invalid — /, '')}`, {
      ...(failure.details ? { details: failure.details } : {}),
    });
  }
  return parsed.data;
}
