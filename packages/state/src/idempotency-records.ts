import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';
import type { StoreOptions } from './session-store';

/**
 * What `claim` found:
 * - `claimed`: the key was free; the caller does the work (and `release`s the key if it fails);
 * - `replay`: the same request came before; answer with its response and do nothing;
 * - `reused`: the key came before with a different request (the IETF draft
 *   draft-ietf-httpapi-idempotency-key-header answers this with 422).
 */
export type IdempotencyClaim<T = unknown> = { outcome: 'claimed' } | { outcome: 'replay'; response: T } | { outcome: 'reused' };

interface IdempotencyRecord {
  /** sha256 of the request's canonical JSON. */
  requestHash: string;
  response: unknown;
}

/**
 * What a request sent with an `Idempotency-Key` answered, per session, so that a repeated
 * request is answered the same way instead of being done twice, and a key reused for another
 * request is told so instead of silently getting the first answer. One hash per session
 * (field: sha256 of the key, never the key itself), so erasing the session erases the records.
 *
 * @example
 * const claim = await records.claim(sessionId, key, request, planned);
 * if (claim.outcome === 'replay') return claim.response;
 */
export class IdempotencyRecords {
  private readonly client: RedisClient;
  private readonly keys: GapflowKeys;
  private readonly ttlSeconds: number;

  constructor(options: StoreOptions) {
    this.client = options.client;
    this.keys = options.keys;
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
  }

  /** Claims `idempotencyKey` for `request` (any JSON value), recording `response` for replays. */
  async claim<T>(sessionId: string, idempotencyKey: string, request: unknown, response: T): Promise<IdempotencyClaim<T>> {
    const key = this.keys.idempotency(sessionId);
    const field = hashOf(idempotencyKey);
    const requestHash = hashOf(canonicalJson(request));
    const record: IdempotencyRecord = { requestHash, response };
    const replies = await this.client.multi().hsetnx(key, field, JSON.stringify(record)).expire(key, this.ttlSeconds).hget(key, field).exec();
    if (replies?.[0]?.[1] === 1) return { outcome: 'claimed' };
    const stored = replies?.[2]?.[1];
    // MULTI is atomic: the field HSETNX found is there for HGET, unless the transaction failed.
    if (typeof stored !== 'string') throw new Error('The idempotency record could not be read back.');
    const first = parseRecord(stored);
    if (!first) throw new Error('The idempotency record is not one claim wrote.');
    return first.requestHash === requestHash ? { outcome: 'replay', response: first.response as T } : { outcome: 'reused' };
  }

  /** Forgets the key: the request it was claimed for did nothing, so a retry must do it. */
  async release(sessionId: string, idempotencyKey: string): Promise<void> {
    await this.client.hdel(this.keys.idempotency(sessionId), hashOf(idempotencyKey));
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted at every depth: two spellings of one request hash alike. */
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

/** A record as `claim` writes it; undefined for anything else. */
function parseRecord(raw: string): IdempotencyRecord | undefined {
  let record: Partial<IdempotencyRecord> | null;
  try {
    record = JSON.parse(raw) as Partial<IdempotencyRecord> | null;
  } catch {
    return undefined;
  }
  if (record !== null && typeof record === 'object' && typeof record.requestHash === 'string' && 'response' in record) {
    return { requestHash: record.requestHash, response: record.response };
  }
  return undefined;
}
