import { encodeKeyPart } from './key-part';

/**
 * Every Redis key gapflow writes outside BullMQ, built here and nowhere else.
 *
 * `ns` is the namespace (`gapflow`, from REDIS_KEY_PREFIX without its braces); `{S}` is a
 * session id used as the hash tag, so all keys of one session — its LangGraph threads
 * included — live in one Redis Cluster slot and are erased together.
 *
 * ```
 * ns:{S}:session                  hash    the session document (doc, version)    TTL
 * ns:{S}:owner                    string  tenant of S; outlives the document by one TTL, so a late request hears SESSION_EXPIRED  TTL ×2
 * ns:{S}:threads-refreshed        string  the session's thread keys were refreshed less than a margin ago  TTL (the margin)
 * ns:{S}:results                  hash    result per gap / job (first write wins); answer progress and its rank:answer:<Q> TTL
 * ns:{S}:events                   stream  the session's events (bounded length)   TTL
 * ns:{S}:event-keys               hash    idempotency key → event id             TTL
 * ns:{S}:jobs                     set     BullMQ job ids of the session, for erasure  TTL
 * ns:{S}:answer-lock:<Q>          string  the job evaluating question Q (one at a time) TTL
 * ns:{S}:answer-attempts          hash    question Q → attempts at its final answer so far  TTL
 * ns:{S}:idempotency              hash    sha256(Idempotency-Key) → request fingerprint + answer TTL
 * ns:erased:<sha256(S)>          string  tombstone: session S was erased (no key names it) TTL
 * ns:apikey:<sha256>              hash    tenant, scope, prefix, created, last used, expiry of an API key (credentials: no TTL unless it expires; revoked explicitly)
 * ns:apikeys                      set     the hashes of every API key, for `gapflow keys list` (no TTL; entries of keys that are gone dropped when listed)
 * ns:tenant:{<T>}:sessions        zset    the tenant's session ids by creation time (ms), newest listed first  no TTL; entries of gone sessions dropped when listed
 * ns:rate:<sha256>:<minute>       string  requests of an API key in one minute     TTL
 * ns:quota:{<model>}:requests     zset    requests of a model in the quota window TTL (2 windows)
 * ns:quota:{<model>}:tokens       zset    token spends of a model in the window   TTL (2 windows)
 * ns:quota:{<model>}:tokens-used  string  those spends' tokens, summed            TTL (2 windows)
 * ns:{S}:ctxcache                 string  the session's Gemini context cache (JSON)  TTL (its expiry)
 * ns:{S}:ctxcache-lock            string  lease of the worker creating that cache TTL (lease)
 * ns:{S}:gemini-caches            set     Gemini cache names made for the session TTL
 * ns:embedding:{<E>}:<sha256>     string  vector of one text by embedder E (JSON) TTL
 * ns:embedding:{<E>}:lease:<sha256> string lease of the process embedding a batch TTL (lease)
 *
 * checkpoints, prefix P (default `ns:cp`), thread T, hash tag H = tagOf(T):
 * P:{H}:threads                   set     thread ids under tag H                  TTL
 * P:{H}:keys                      set     every key of the threads under tag H (refreshed together) TTL
 * P:{H}:<T>:namespaces            set     checkpoint namespaces of thread T       TTL
 * P:{H}:<T>:<N>:index             zset    checkpoint ids of namespace N (lex)      TTL
 * P:{H}:<T>:<N>:blobs             hash    channel values by [channel, version]     TTL
 * P:{H}:<T>:<N>:written           set     checkpoint ids that have pending writes  TTL
 * P:{H}:<T>:<N>:<C>:checkpoint    hash    checkpoint, metadata, parent id          TTL
 * P:{H}:<T>:<N>:<C>:writes        hash    pending writes by "taskId,idx"           TTL
 * ```
 *
 * A touch of session S (`SessionLifetime`) refreshes at once `session`, `owner` and the
 * `sessionRecords` (results, events, event-keys, jobs, idempotency, answer-attempts), and the
 * checkpoint keys listed in `P:{S}:keys` (with that set itself). `ctxcache`, `ctxcache-lock`,
 * `gemini-caches` and `answer-lock:<Q>` keep TTLs of their own; erasure deletes them all.
 *
 * Every value supplied by a caller is passed through `encodeKeyPart`.
 */
export class GapflowKeys {
  constructor(readonly namespace: string) {}

  /** From REDIS_KEY_PREFIX (`{gapflow}`) to the namespace (`gapflow`). */
  static fromPrefix(prefix: string): GapflowKeys {
    return new GapflowKeys(prefix.replace(/[{}]/g, ''));
  }

  private session_(sessionId: string, suffix: string): string {
    return `${this.namespace}:{${encodeKeyPart(sessionId)}}:${suffix}`;
  }

  session(sessionId: string): string {
    return this.session_(sessionId, 'session');
  }

  sessionOwner(sessionId: string): string {
    return this.session_(sessionId, 'owner');
  }

  /** Set when a touch refreshed the session's thread keys; while it lives, touches skip them (see SessionLifetime). */
  threadsRefreshed(sessionId: string): string {
    return this.session_(sessionId, 'threads-refreshed');
  }

  /**
   * The session's own records beside its document, each living as long as the session:
   * results, events, event keys, job index, idempotency records, answer attempt counters.
   * Touched and erased together.
   */
  sessionRecords(sessionId: string): [results: string, events: string, eventKeys: string, jobs: string, idempotency: string, answerAttempts: string] {
    return [this.results(sessionId), this.events(sessionId), this.eventKeys(sessionId), this.sessionJobs(sessionId), this.idempotency(sessionId), this.answerAttempts(sessionId)];
  }

  results(sessionId: string): string {
    return this.session_(sessionId, 'results');
  }

  events(sessionId: string): string {
    return this.session_(sessionId, 'events');
  }

  eventKeys(sessionId: string): string {
    return this.session_(sessionId, 'event-keys');
  }

  sessionJobs(sessionId: string): string {
    return this.session_(sessionId, 'jobs');
  }

  answerLock(sessionId: string, questionId: string): string {
    return this.session_(sessionId, `answer-lock:${encodeKeyPart(questionId)}`);
  }

  answerAttempts(sessionId: string): string {
    return this.session_(sessionId, 'answer-attempts');
  }

  idempotency(sessionId: string): string {
    return this.session_(sessionId, 'idempotency');
  }

  erasedSession(sessionIdHash: string): string {
    return `${this.namespace}:erased:${encodeKeyPart(sessionIdHash)}`;
  }

  /** A tenant's sessions by creation time, for `GET /v1/sessions`; entries of expired sessions are dropped as they are met. */
  tenantSessions(tenantId: string): string {
    return `${this.namespace}:tenant:{${encodeKeyPart(tenantId)}}:sessions`;
  }

  apiKeyIndex(): string {
    return `${this.namespace}:apikeys`;
  }

  apiKey(keyHash: string): string {
    return `${this.namespace}:apikey:${encodeKeyPart(keyHash)}`;
  }

  rateWindow(keyHash: string, minute: number): string {
    return `${this.namespace}:rate:${encodeKeyPart(keyHash)}:${minute}`;
  }

  /** Keyed by the session, not by the prefix: two sessions (two tenants) never share a cache. */
  contextCache(sessionId: string): string {
    return this.session_(sessionId, 'ctxcache');
  }

  contextCacheLock(sessionId: string): string {
    return this.session_(sessionId, 'ctxcache-lock');
  }

  quotaRequests(model: string): string {
    return `${this.namespace}:quota:{${encodeKeyPart(model)}}:requests`;
  }

  quotaTokens(model: string): string {
    return `${this.namespace}:quota:{${encodeKeyPart(model)}}:tokens`;
  }

  quotaTokensUsed(model: string): string {
    return `${this.namespace}:quota:{${encodeKeyPart(model)}}:tokens-used`;
  }

  sessionContextCaches(sessionId: string): string {
    return this.session_(sessionId, 'gemini-caches');
  }

  /** One embedder's vectors share a hash tag, so a batch is read with one MGET, also on a cluster. */
  embedding(embedderId: string, textHash: string): string {
    return `${this.namespace}:embedding:{${encodeKeyPart(embedderId)}}:${encodeKeyPart(textHash)}`;
  }

  embeddingLease(embedderId: string, batchHash: string): string {
    return `${this.namespace}:embedding:{${encodeKeyPart(embedderId)}}:lease:${encodeKeyPart(batchHash)}`;
  }

  /** The checkpointer's prefix; its keys are built by `CheckpointKeys`. */
  checkpointPrefix(): string {
    return `${this.namespace}:cp`;
  }
}

/** The checkpointer's part of the layout above. */
export class CheckpointKeys {
  constructor(
    readonly prefix: string,
    private readonly tagOf: (threadId: string) => string,
  ) {}

  private thread_(threadId: string): string {
    return `${this.prefix}:{${encodeKeyPart(this.tagOf(threadId))}}:${encodeKeyPart(threadId)}`;
  }

  taggedThreads(threadId: string): string {
    return `${this.prefix}:{${encodeKeyPart(this.tagOf(threadId))}}:threads`;
  }

  /** The threads stored under one hash tag (a session), for erasure. */
  threadsOfTag(tag: string): string {
    return `${this.prefix}:{${encodeKeyPart(tag)}}:threads`;
  }

  /** Every key of the threads under a thread's hash tag, so a session's touch refreshes them all. */
  taggedKeys(threadId: string): string {
    return this.keysOfTag(this.tagOf(threadId));
  }

  keysOfTag(tag: string): string {
    return `${this.prefix}:{${encodeKeyPart(tag)}}:keys`;
  }

  namespaces(threadId: string): string {
    return `${this.thread_(threadId)}:namespaces`;
  }

  index(threadId: string, namespace: string): string {
    return `${this.thread_(threadId)}:${encodeKeyPart(namespace)}:index`;
  }

  blobs(threadId: string, namespace: string): string {
    return `${this.thread_(threadId)}:${encodeKeyPart(namespace)}:blobs`;
  }

  /** Ids with pending writes, so deleting a thread finds writes whose checkpoint is gone. */
  written(threadId: string, namespace: string): string {
    return `${this.thread_(threadId)}:${encodeKeyPart(namespace)}:written`;
  }

  /** What a namespace's per-checkpoint keys start with; `get-checkpoint-2.lua` names them from it. */
  checkpointKeyPrefix(threadId: string, namespace: string): string {
    return `${this.thread_(threadId)}:${encodeKeyPart(namespace)}:`;
  }

  checkpoint(threadId: string, namespace: string, checkpointId: string): string {
    return `${this.checkpointKeyPrefix(threadId, namespace)}${encodeKeyPart(checkpointId)}:checkpoint`;
  }

  writes(threadId: string, namespace: string, checkpointId: string): string {
    return `${this.checkpointKeyPrefix(threadId, namespace)}${encodeKeyPart(checkpointId)}:writes`;
  }
}
