/**
 * What a session's explicit context cache looks like to a Gemini call: `ready` with its
 * name; `unavailable` when the call could use one but there is none now (its creation failed,
 * or another worker's is taking too long); `ineligible` when the call cannot use one (no
 * session, or a prefix below the model's minimum). Structural, so that this package does not
 * depend on the state package (whose `SharedContextCaches` answers it).
 */
export type ContextCacheLookup = { status: 'ready'; name: string } | { status: 'unavailable' } | { status: 'ineligible' };

/** The session's context cache, as the Gemini provider asks for it. */
export interface ContextCacheSource {
  /** The cache holding `stablePrefix` on `model` for the current session, created if needed. */
  lookup(stablePrefix: string, model: string): Promise<ContextCacheLookup>;
  /** Gemini refused `name` as gone: forget it, so the session's next call makes a new one. */
  forget(name: string): Promise<void>;
}
