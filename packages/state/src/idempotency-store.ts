import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { GapflowKeys } from './keys';
import { runLuaCommand } from './lua-scripts';

/** How long an Idempotency-Key is remembered: a client's retries come within a day. */
export const IDEMPOTENCY_TTL_SECONDS = 86_400;

/**
 * The outcome of claiming an Idempotency-Key:
 * - `claimed`: the key was free; the caller does the work (and `release`s the key if it fails);
 * - `replay`: the same request came before; answer with its response, do nothing;
 * - `reused`: the key came before with a different request (the IETF draft
 *   draft-ietf-httpapi-idempotency-key-header answers this with 422).
 */
export type IdempotencyClaim<T> = { outcome: 'claimed' } | { outcome: 'replay'; response: T } | { outcome: 'reused' };

interface IdempotencyRecord {
  /** sha256 of the request's canonical JSON. */
  requestHash: string;
  response: unknown;
}

/** JSON with object keys sorted at every depth: two encodings of one request hash alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, field]) => `${JSON.stringify(name)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A record as written by `claim`, or — from before fingerprints were kept — the bare response. */
function parseRecord(raw: string): IdempotencyRecord | { legacyResponse: unknown } {
  const value = JSON.parse(raw) as unknown;
  const record = value as Partial<IdempotencyRecord> | null;
  if (record !== null && typeof record === 'object' && typeof record.requestHash === 'string' && 'response' in record) {
    return { requestHash: record.requestHash, response: record.response };
  }
  return { legacyResponse: value };
}

/**
 * Idempotency-Keys of a session's requests: a repeated request gets the first response, a
 * key reused for another request is told so instead of silently replaying the first one.
 *
 * @example
 * const claim = await state.idempotency.claim(sessionId, key, request, planned);
 * if (claim.outcome === 'replay') return res.status(202).json(claim.response);
 */
export class IdempotencyStore {
  constructor(
    private readonly client: Redis,
    private readonly keys: GapflowKeys,
    private readonly ttlSeconds: number = IDEMPOTENCY_TTL_SECONDS,
  ) {}

  private recordKey(sessionId: string, idempotencyKey: string): string {
    return this.keys.idempotency(sessionId, sha256(idempotencyKey));
  }

  /** Claims `idempotencyKey` for `request` (any JSON value), recording `response` for replays. */
  async claim<T>(sessionId: string, idempotencyKey: string, request: unknown, response: T): Promise<IdempotencyClaim<T>> {
    const requestHash = sha256(canonicalJson(request));
    const record: IdempotencyRecord = { requestHash, response };
    const existing = await runLuaCommand<string | null>(this.client, 'claim-idempotency-1.lua', this.recordKey(sessionId, idempotencyKey), JSON.stringify(record), this.ttlSeconds);
    if (existing === null) return { outcome: 'claimed' };
    const first = parseRecord(existing);
    // A record without a fingerprint proves no difference: replaying it is what the key promised.
    if ('legacyResponse' in first) return { outcome: 'replay', response: first.legacyResponse as T };
    return first.requestHash === requestHash ? { outcome: 'replay', response: first.response as T } : { outcome: 'reused' };
  }

  /** Frees a claimed key whose work failed, so that a retry with it does the work. */
  async release(sessionId: string, idempotencyKey: string): Promise<void> {
    await this.client.del(this.recordKey(sessionId, idempotencyKey));
  }
}
