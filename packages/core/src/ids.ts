import { z } from 'zod';

/**
 * Ids end up inside Redis keys, so they are restricted to characters that can never act as
 * a key pattern (`*`, `?`, `[`), a hash tag (`{`, `}`) or a separator (`:`).
 */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const SafeId = z
  .string({ error: 'an id must be text' })
  .regex(SAFE_ID, {
    error: 'an id must be 1–64 letters, digits, "-" or "_", starting with a letter or digit',
  });
export type SafeId = z.infer<typeof SafeId>;

export type IdKind = 'ses' | 'gap' | 'q' | 'job' | 'grp' | 'dd' | 'key' | 'sub';

/** A new random id with a readable kind prefix, e.g. `ses_3f9c…`. */
export function newId(kind: IdKind): string {
  // Web Crypto rather than node:crypto: core is shared with browser code (@gapflow/client).
  return `${kind}_${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
}

export function isSafeId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_ID.test(value);
}
