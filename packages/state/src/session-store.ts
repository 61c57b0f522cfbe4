import { randomBytes } from 'node:crypto';
import { GapflowError, isGapflowError, Session, type SessionListItem, type SessionStatus } from '@gapflow/core';
import type { RedisClient } from './redis-connection';
import type { GapflowKeys } from './keys';
import { runLuaCommand } from './lua-scripts';
import { ParsedSessionCache } from './parsed-session-cache';
import { SessionLifetime } from './session-lifetime';
import type { SessionCursor } from './session-page';

export interface StoreOptions {
  client: RedisClient;
  keys: GapflowKeys;
  /** Lifetime of every key, refreshed on write. @defaultValue 86400 (24 h) */
  ttlSeconds?: number;
}

/**
 * How often an update retries when another replica updated the session in between. Ten
 * question jobs of one batch finish together; with jittered backoff, twenty concurrent
 * writers settle well within this.
 */
const MAX_UPDATE_ATTEMPTS = 50;

function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * (attempt + 1))));
}

/** A document's etag: random, new with every write (see create-session-1.lua). */
function newEtag(): string {
  return randomBytes(9).toString('base64url');
}

function notFound(sessionId: string): GapflowError {
  return new GapflowError('NOT_FOUND', `Session ${sessionId} does not exist, has expired or was erased.`);
}

function expired(sessionId: string, ttlSeconds: number): GapflowError {
  const lifetime = ttlSeconds % 3_600 === 0 ? `${ttlSeconds / 3_600} h` : `${ttlSeconds} s`;
  return new GapflowError(
    'SESSION_EXPIRED',
    `Session ${sessionId} expired after ${lifetime} without activity; its questions, answers and paused deep dives are gone. Start a new session with POST /v1/sessions.`,
  );
}

/**
 * Sessions in Redis, one hash per session (`doc`, `version`), readable by every replica. A
 * session belongs to one tenant: read under another tenant it is `NOT_FOUND`, exactly as if
 * it did not exist, so ids cannot be probed across tenants.
 *
 * @example
 * await sessions.create(session);
 * const mine = await sessions.get('acme', session.id);
 */
export class SessionStore {
  private readonly client: RedisClient;
  private readonly keys: GapflowKeys;
  private readonly ttlSeconds: number;
  private readonly lifetime: SessionLifetime;
  private readonly parsed = new ParsedSessionCache();

  constructor(options: StoreOptions) {
    this.client = options.client;
    this.keys = options.keys;
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
    this.lifetime = new SessionLifetime(options);
  }

  async create(session: Session): Promise<void> {
    const doc = JSON.stringify(Session.parse(session));
    const created = await runLuaCommand<number>(this.client, 'create-session-1.lua', this.keys.session(session.id), doc, this.ttlSeconds, newEtag());
    if (created !== 1) throw new GapflowError('CONFLICT', `Session ${session.id} already exists.`);
    await this.client.set(this.keys.sessionOwner(session.id), session.tenantId, 'EX', this.lifetime.ownerTtlSeconds);
    // The tenant's list: another slot than the session's (on a cluster), so a command of its own.
    // No TTL: an active session outlives any fixed one; entries of sessions that are gone are
    // dropped as a listing meets them.
    await this.client.zadd(this.keys.tenantSessions(session.tenantId), Date.parse(session.createdAt), session.id);
  }

  /**
   * A page of a tenant's sessions, newest first, optionally of one status: at most `limit`,
   * and the cursor of the next page when there may be more. Sessions created while a client
   * pages are newer than its cursor, so they never shift a later page; sessions that expired
   * or were erased are left out (and dropped from the list).
   */
  async list(tenantId: string, options: { limit: number; status?: SessionStatus; cursor?: SessionCursor }): Promise<{ sessions: SessionListItem[]; nextCursor?: SessionCursor }> {
    const index = this.keys.tenantSessions(tenantId);
    const found: { item: SessionListItem; createdAtMs: number }[] = [];
    const gone: string[] = [];
    const { cursor } = options;
    // Newest first from the cursor on; ties of one millisecond come in descending id order (REV),
    // so those at the cursor's time with an id not below its id were on an earlier page.
    const max = cursor ? String(cursor.createdAtMs) : '+inf';
    const batchSize = options.limit * 2 + 1;
    let offset = 0;
    let last: SessionCursor | undefined;
    try {
      for (let examined = 0; ; ) {
        const batch = await this.client.zrevrangebyscore(index, max, '-inf', 'WITHSCORES', 'LIMIT', offset, batchSize);
        if (batch.length === 0) return { sessions: found.map(({ item }) => item) };
        offset += batch.length / 2;
        const entries: SessionCursor[] = [];
        for (let position = 0; position + 1 < batch.length; position += 2) {
          const entry = { sessionId: batch[position] as string, createdAtMs: Number(batch[position + 1]) };
          if (cursor && entry.createdAtMs === cursor.createdAtMs && entry.sessionId >= cursor.sessionId) continue;
          entries.push(entry);
        }
        const sessions = await Promise.all(entries.map(({ sessionId }) => this.get(tenantId, sessionId).catch((error: unknown) => (isGone(error) ? undefined : Promise.reject(error)))));
        for (const [position, session] of sessions.entries()) {
          const entry = entries[position] as SessionCursor;
          last = entry;
          examined += 1;
          if (!session) {
            // Only when its record is gone: one this version cannot read (a newer one's, mid-deploy) stays listed.
            if ((await this.client.exists(this.keys.session(entry.sessionId))) === 0) gone.push(entry.sessionId);
          } else if (!options.status || session.status === options.status) found.push({ item: listItemOf(session), createdAtMs: entry.createdAtMs });
          if (found.length === options.limit) {
            const lastFound = found[found.length - 1] as { item: SessionListItem; createdAtMs: number };
            return { sessions: found.map(({ item }) => item), nextCursor: { createdAtMs: lastFound.createdAtMs, sessionId: lastFound.item.id } };
          }
          // A filter that matches little must not read a tenant's whole history in one request:
          // the page ends short, with a cursor to go on from.
          if (examined >= MAX_EXAMINED_PER_PAGE) return { sessions: found.map(({ item }) => item), nextCursor: last };
        }
      }
    } finally {
      // After paging (removing entries would shift the offsets): their sessions expired or were erased.
      if (gone.length > 0) await this.client.zrem(index, ...gone);
    }
  }

  /** Drops a session from its tenant's list (erasure). */
  async unlist(tenantId: string, sessionId: string): Promise<void> {
    await this.client.zrem(this.keys.tenantSessions(tenantId), sessionId);
  }

  /** The session, if it exists and belongs to `tenantId`; `SESSION_EXPIRED` for its tenant once it expired; `NOT_FOUND` otherwise. */
  async get(tenantId: string, sessionId: string): Promise<Session> {
    return (await this.read(tenantId, sessionId)).session;
  }

  /**
   * Read-modify-write that survives concurrent updates from other replicas: the change is
   * applied to the latest version, retried when another write got in first.
   */
  async update(tenantId: string, sessionId: string, change: (session: Session) => Session): Promise<Session> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt += 1) {
      const { session, version } = await this.read(tenantId, sessionId);
      const next = Session.parse({ ...change(session), id: session.id, tenantId: session.tenantId, updatedAt: new Date().toISOString() });
      const doc = JSON.stringify(next);
      const etag = newEtag();
      const written = await runLuaCommand<number>(this.client, 'compare-and-set-session-1.lua', this.keys.session(sessionId), version, doc, this.ttlSeconds, etag);
      if (written > 0) {
        await this.lifetime.touch(sessionId);
        return this.parsed.set(sessionId, etag, next, doc.length);
      }
      if (written < 0) throw notFound(sessionId);
      await backoff(attempt);
    }
    throw new GapflowError('CONFLICT', `Session ${sessionId} is being changed by many requests at once; try again.`);
  }

  /** The tenant a session was created for, while the session or the memory of its expiry lasts; undefined otherwise. */
  async ownerOf(sessionId: string): Promise<string | undefined> {
    return (await this.client.get(this.keys.sessionOwner(sessionId))) ?? undefined;
  }

  /** Drops this process's parsed copy of a session (erasure calls it: the text leaves memory too). */
  forget(sessionId: string): void {
    this.parsed.forget(sessionId);
  }

  updateStatus(tenantId: string, sessionId: string, status: SessionStatus): Promise<Session> {
    return this.update(tenantId, sessionId, (session) => ({ ...session, status }));
  }

  private async read(tenantId: string, sessionId: string): Promise<{ session: Session; version: string }> {
    for (let held = this.parsed.etagOf(sessionId) ?? ''; ; held = '') {
      const [version, etag, doc, owner] = await runLuaCommand<[string | null, string | null, string | null, string | null]>(
        this.client,
        'read-session-2.lua',
        this.keys.session(sessionId),
        this.keys.sessionOwner(sessionId),
        held,
      );
      if (!version) {
        this.parsed.forget(sessionId);
        // Only its own tenant hears that a session expired; for anyone else it never existed.
        if (owner === tenantId) throw expired(sessionId, this.ttlSeconds);
        throw notFound(sessionId);
      }
      let session: Session | undefined;
      if (doc !== null) session = this.parse(sessionId, etag, doc);
      else if (etag !== null) session = this.parsed.get(sessionId, etag);
      if (!session) {
        // A version without its document is a damaged hash: absent, as one that does not parse.
        if (held === '') throw notFound(sessionId);
        // Redis said our copy was current, and a concurrent read replaced it since: read it whole.
        continue;
      }
      if (session.tenantId !== tenantId) throw notFound(sessionId);
      return { session, version };
    }
  }

  /**
   * A stored document, validated. One that no longer parses (written by another version, or
   * damaged) is treated as absent rather than served half-valid.
   */
  private parse(sessionId: string, etag: string | null, doc: string): Session {
    let raw: unknown;
    try {
      raw = JSON.parse(doc);
    } catch {
      throw notFound(sessionId);
    }
    const parsed = Session.safeParse(raw);
    if (!parsed.success) throw notFound(sessionId);
    // A document written before etags existed cannot be told apart from a later one: not kept.
    return etag === null ? parsed.data : this.parsed.set(sessionId, etag, parsed.data, doc.length);
  }
}

/** Sessions one page may read at most, however few match its filter. */
const MAX_EXAMINED_PER_PAGE = 1_000;

function isGone(error: unknown): boolean {
  return isGapflowError(error) && (error.code === 'NOT_FOUND' || error.code === 'SESSION_EXPIRED');
}

function listItemOf(session: Session): SessionListItem {
  return {
    id: session.id,
    status: session.status,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    ...(session.jd ? { jobTitle: session.jd.title } : {}),
    gaps: session.gaps.length,
  };
}
