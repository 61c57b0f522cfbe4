import type { Session } from '@gapflow/core';

/** Freezes a parsed document all the way down, so that a caller that changes it fails loudly instead of changing every later read. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * Sessions already parsed and validated by this process, by id and stored version, so that a
 * job reading a session nobody has changed since pays neither for the document's transfer nor
 * for its validation (a 50-gap session's schema check was the largest part of a read).
 * A session id is random and never reused, and every write bumps the version, so an id and a
 * version name one document. Entries are frozen: they are shared by every later read. The
 * least recently used entry goes when the cache is full.
 */
export class ParsedSessionCache {
  private readonly entries = new Map<string, { version: string; session: Session }>();

  constructor(private readonly capacity = 256) {}

  /** The version held for a session, if any: what a read tells Redis it already has. */
  versionOf(sessionId: string): string | undefined {
    return this.entries.get(sessionId)?.version;
  }

  /** The session held at exactly this version. */
  get(sessionId: string, version: string): Session | undefined {
    const entry = this.entries.get(sessionId);
    if (!entry || entry.version !== version) return undefined;
    this.entries.delete(sessionId);
    this.entries.set(sessionId, entry);
    return entry.session;
  }

  /** Keeps a session just validated (read or written) at its stored version; returns it frozen. */
  set(sessionId: string, version: string, session: Session): Session {
    const frozen = deepFreeze(session);
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { version, session: frozen });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return frozen;
  }

  forget(sessionId: string): void {
    this.entries.delete(sessionId);
  }
}
