import type { Session } from '@gapflow/core';

/** Freezes a parsed document all the way down, so that a caller that changes it fails loudly instead of changing every later read. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

interface Entry {
  etag: string;
  session: Session;
  bytes: number;
}

/**
 * Sessions already parsed and validated by this process, by id and etag, so that a job reading
 * a session nobody has changed since pays neither for the document's transfer nor for its
 * validation (a 50-gap session's schema check was the largest part of a read). Every write
 * gives the document a new random etag, so an etag names one document — even where a failover
 * lost a write and two documents got the same version number. Entries are frozen: they are
 * shared by every later read. The least recently used entries go when the documents held pass
 * `maxBytes` (their JSON size).
 */
export class ParsedSessionCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  /** The etag of the copy held for a session, if any: what a read tells Redis it already has. */
  etagOf(sessionId: string): string | undefined {
    return this.entries.get(sessionId)?.etag;
  }

  /** The session held with exactly this etag. */
  get(sessionId: string, etag: string): Session | undefined {
    const entry = this.entries.get(sessionId);
    if (!entry || entry.etag !== etag) return undefined;
    this.entries.delete(sessionId);
    this.entries.set(sessionId, entry);
    return entry.session;
  }

  /** Keeps a session just validated (read or written), `bytes` long as JSON; returns it frozen. */
  set(sessionId: string, etag: string, session: Session, bytes: number): Session {
    const frozen = deepFreeze(session);
    this.forget(sessionId);
    if (bytes > this.maxBytes) return frozen;
    this.entries.set(sessionId, { etag, session: frozen, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
    return frozen;
  }

  /** Drops a session's copy: it was erased, or Redis no longer has it. */
  forget(sessionId: string): void {
    const entry = this.entries.get(sessionId);
    if (!entry) return;
    this.entries.delete(sessionId);
    this.bytes -= entry.bytes;
  }

  /** How many sessions and bytes are held (for tests). */
  get size(): { sessions: number; bytes: number } {
    return { sessions: this.entries.size, bytes: this.bytes };
  }
}
