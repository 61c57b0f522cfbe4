import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { GapflowKeys } from './keys';
import type { StoreOptions } from './session-store';

/** What `claim` found: this request owns the key, or an earlier one did (with its record). */
export type IdempotencyClaim = { claimed: true } | { claimed: false; first: unknown };

/**
 * What a request sent with an `Idempotency-Key` answered, per session, so that a repeated
 * request is answered the same way instead of being done twice. One hash per session (field:
 * sha256 of the key, never the key itself), so erasing the session erases the records.
 *
 * @example
 * const claim = await records.claim(sessionId, key, planned);
 * if (!claim.claimed) return claim.first;
 */
export class IdempotencyRecords {
  private readonly client: Redis;
  private readonly keys: GapflowKeys;
  private readonly ttlSeconds: number;

  constructor(options: StoreOptions) {
    this.client = options.client;
    this.keys = options.keys;
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
  }

  /** Stores `record` under the key unless a record is there; otherwise returns that one. */
  async claim(sessionId: string, idempotencyKey: string, record: unknown): Promise<IdempotencyClaim> {
    const key = this.keys.idempotency(sessionId);
    const field = hashOf(idempotencyKey);
    const replies = await this.client.multi().hsetnx(key, field, JSON.stringify(record)).expire(key, this.ttlSeconds).hget(key, field).exec();
    if (replies?.[0]?.[1] === 1) return { claimed: true };
    const stored = replies?.[2]?.[1];
    return { claimed: false, first: typeof stored === 'string' ? (JSON.parse(stored) as unknown) : undefined };
  }

  /** Forgets the key: the request it was claimed for did nothing, so a retry must do it. */
  async release(sessionId: string, idempotencyKey: string): Promise<void> {
    await this.client.hdel(this.keys.idempotency(sessionId), hashOf(idempotencyKey));
  }
}

function hashOf(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex');
}
