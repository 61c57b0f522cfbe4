import type { ErrorCode } from './error-code';

/** One field that failed validation: where it is, and what to do about it. */
export interface ErrorDetail {
  /** Dotted path into the request, e.g. `cv.skills.2.name`; empty for the whole body. */
  path: string;
  message: string;
}

export interface GapflowErrorOptions {
  details?: ErrorDetail[];
  /** For `RATE_LIMITED` and upstream back-pressure: when trying again makes sense. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The one error type gapflow throws on purpose. Inert data: a closed `code`, a message a
 * person can act on, and structured fields; no behaviour. Its message must never contain
 * CV, JD or answer text, because errors are logged.
 */
export class GapflowError extends Error {
  // A literal, not `this.constructor.name`, which minifiers rename.
  override readonly name = 'GapflowError';
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: GapflowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** True for a `GapflowError` (optionally of one code), also across realms and bundles. */
export function isGapflowError(value: unknown, code?: ErrorCode): value is GapflowError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  if (candidate.name !== 'GapflowError' || typeof candidate.code !== 'string') return false;
  return code === undefined || candidate.code === code;
}
