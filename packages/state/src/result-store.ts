import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';
import { runLuaCommand } from './lua-scripts';
import { commitTogether, type QueuedWrite } from './session-transaction';
import { SessionLifetime } from './session-lifetime';
import type { StoreOptions } from './session-store';

/**
 * What a result is about: one gap's question, why a gap's question failed, one job, a
 * candidate's submitted text (by submission id), or a question's answer progress.
 */
export type ResultSubject = { kind: 'gap' | 'failure' | 'job' | 'submission' | 'answer'; id: string };

interface StoredResult {
  value: unknown;
  at: string;
}

function field(subject: ResultSubject): string {
  return `${subject.kind}:${subject.id}`;
}

/**
 * Results of a session's jobs, per gap and per job, in one hash per session. Written once:
 * work is at-least-once, so a retried job that writes its result again leaves the first one
 * in place, and a client never sees a question twice.
 *
 * @example
 * const first = await results.put(sessionId, { kind: 'gap', id: gap.id }, question); // true
 * const again = await results.put(sessionId, { kind: 'gap', id: gap.id }, question); // false
 */
export class ResultStore {
  private readonly client: RedisClient;
  private readonly keys: GapflowKeys;
  private readonly ttlSeconds: number;
  private readonly lifetime: SessionLifetime;

  constructor(options: StoreOptions) {
    this.client = options.client;
    this.keys = options.keys;
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
    this.lifetime = new SessionLifetime(options);
  }

  /** Stores the result unless one is stored already; true when this call stored it. */
  async put(sessionId: string, subject: ResultSubject, value: unknown): Promise<boolean> {
    const [created] = await commitTogether(this.client, [this.putFirstWrite(sessionId, subject, value)]);
    return created === 1;
  }

  /**
   * As `put` (first write wins, the session touched), as part of a transaction of the
   * session's writes (see `commitTogether`): e.g. a question stored with the event that
   * announces it, in one round trip and from the same run.
   */
  putFirstWrite(sessionId: string, subject: ResultSubject, value: unknown): QueuedWrite {
    const key = this.keys.results(sessionId);
    const stored = JSON.stringify({ value, at: new Date().toISOString() } satisfies StoredResult);
    const touch = this.lifetime.touchWrite(sessionId);
    return (transaction) => {
      transaction.hsetnx(key, field(subject), stored).expire(key, this.ttlSeconds);
      // A result is activity: the whole session, its paused threads included, lives on from here.
      touch(transaction);
    };
  }

  /** Stores the result, replacing any earlier one: for records that evolve (answer progress). */
  async set(sessionId: string, subject: ResultSubject, value: unknown): Promise<void> {
    const key = this.keys.results(sessionId);
    const stored: StoredResult = { value, at: new Date().toISOString() };
    await this.client.multi().hset(key, field(subject), JSON.stringify(stored)).expire(key, this.ttlSeconds).exec();
    await this.lifetime.touch(sessionId);
  }

  /**
   * Stores a record that evolves unless the one kept has a higher `rank` (how far along it is):
   * a run that fell behind never writes over what a later run recorded. True when stored.
   */
  async advance(sessionId: string, subject: ResultSubject, value: unknown, rank: number): Promise<boolean> {
    const stored: StoredResult = { value, at: new Date().toISOString() };
    const written = await runLuaCommand<number>(this.client, 'advance-result-1.lua', this.keys.results(sessionId), field(subject), `rank:${field(subject)}`, JSON.stringify(stored), rank, this.ttlSeconds);
    await this.lifetime.touch(sessionId);
    return written === 1;
  }

  async get(sessionId: string, subject: ResultSubject): Promise<unknown | undefined> {
    const json = await this.client.hget(this.keys.results(sessionId), field(subject));
    return json ? (JSON.parse(json) as StoredResult).value : undefined;
  }

  /** Every result of one kind for the session, by subject id. */
  async all(sessionId: string, kind: ResultSubject['kind']): Promise<Map<string, unknown>> {
    const hash = await this.client.hgetall(this.keys.results(sessionId));
    const results = new Map<string, unknown>();
    for (const [name, json] of Object.entries(hash)) {
      if (name.startsWith(`${kind}:`)) results.set(name.slice(kind.length + 1), (JSON.parse(json) as StoredResult).value);
    }
    return results;
  }
}
