import type { z } from 'zod';
import { GapflowError } from '../errors/gapflow-error';
import { GeminiLimits } from '../gemini-limits';
import { EnvSchema } from './env-schema';

/** Variables that were renamed, with their new names: the quota's window is GEMINI_QUOTA_WINDOW_MS, not a minute. */
const RENAMED_VARIABLES: Readonly<Record<string, string>> = {
  GEMINI_REQUESTS_PER_MINUTE: 'GEMINI_REQUESTS_PER_WINDOW',
  GEMINI_TOKENS_PER_MINUTE: 'GEMINI_TOKENS_PER_WINDOW',
};

/** gapflow's configuration, read from the environment once at start-up. */
export interface Config {
  env: 'development' | 'production' | 'test';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  gateway: { host: string; port: number };
  redis: {
    /** Unset: the process starts its own `redis-server` (the embedded default). */
    url: string | undefined;
    /**
     * Some nodes of a Redis Cluster (the rest are discovered); when set, every connection is a
     * cluster client and `url` is ignored.
     */
    clusterNodes: string[] | undefined;
    /** Announced cluster address → reachable one, for a cluster behind NAT or in containers. */
    clusterNatMap: Record<string, { host: string; port: number }> | undefined;
    /** Hash-tagged prefix of every key gapflow writes. */
    keyPrefix: string;
    connectTimeoutMs: number;
    /**
     * Longest wait for one command's reply on the connections that never block (state,
     * producers); BullMQ's workers and the SSE readers block on purpose and have none.
     */
    commandTimeoutMs: number;
  };
  embedded: {
    /** Where the embedded `redis-server` keeps its data. */
    dataDir: string;
    redisServerBin: string;
  };
  worker: {
    processes: number;
    concurrency: number;
    /** Port of the worker's `GET /metrics`; 0 picks a free one (logged at start). */
    metricsPort: number;
    /**
     * A taken metrics port falls back to a free one (logged) instead of stopping the worker:
     * METRICS_PORT_FALLBACK=any, or by default when METRICS_PORT is unset (the embedded
     * default, 9464). A port the operator set is their choice, and a taken one is an error.
     */
    metricsPortFallback: boolean;
    /** Answer evaluations one worker process runs at once (a queue of its own). */
    evaluationConcurrency: number;
    /** How often jobs of dead workers are looked for; tests that SIGKILL a worker shorten it. */
    stalledIntervalMs: number;
    lockDurationMs: number;
  };
  /** `shards`: QUEUE_SHARDS, the BullMQ prefixes sessions spread over. */
  jobs: { attempts: number; backoffMs: number; shards: number };
  /** Deep-dive rounds before the final answer is composed anyway. */
  maxDeepDiveRounds: number;
  rateLimitPerMinute: number;
  /** Browser origins that may call the API from their pages (CORS); none: same-origin only. */
  corsOrigins: readonly string[];
  /**
   * The API key the page at `/` creates sessions with, for a person trying gapflow on their own
   * machine: set by `gapflow start` on the embedded defaults, refused unless the gateway listens
   * on loopback alone. Unset anywhere else: the page then acts only with a candidate's link.
   */
  pageDevelopmentKey: string | undefined;
  /**
   * The credential of the queue dashboard (`/admin/queues`), besides keys of admin scope; kept
   * only as its hash once read. Unset: no dashboard. `gapflow start` on the embedded defaults
   * sets it to the development key.
   */
  adminApiKey: string | undefined;
  sseHeartbeatMs: number;
  /** Events an SSE client may have waiting (not yet written) before it is dropped with a `retry:` hint. */
  sseMaxQueuedEvents: number;
  /** How long an SSE client's socket may stay too full to write before it is dropped. */
  sseWriteStallMs: number;
  /** Gemini, when GEMINI_API_KEY is set; the offline model otherwise (and as the fallback). */
  gemini:
    | {
        apiKey: string;
        baseUrl: string | undefined;
        apiVersion: string;
        models: { fast: string; quality: string };
        /** Per attempt of every Gemini call, given to the SDK as `httpOptions.timeout` too. */
        timeoutMs: number;
        /** A streamed answer that sends nothing for this long (before or between chunks) is aborted. */
        streamIdleMs: number;
        /** The longest one streamed answer may take in all (the SDK's per-request timeout for streams). */
        streamTimeoutMs: number;
        maxRetries: number;
        breakerFailures: number;
        breakerHalfOpenMs: number;
        /** US dollars per million tokens, by model; the built-in table when unset. */
        prices: Record<string, { input: number; cachedInput: number; output: number }> | undefined;
        /** The quota every worker shares, per model; 0 means not metered. */
        quota: { requestsPerWindow: number; tokensPerWindow: number; windowMs: number };
        /** Embeddings of skills and knowledge-base entries (cached in Redis). */
        embeddings: { model: string; dimensions: number };
        /** Explicit context caches for prompt prefixes, shared by every worker. */
        contextCaching: boolean;
        cacheTtlSeconds: number;
        /**
         * The tier whose model holds a session's cache; a Gemini cache serves one model, so
         * every call that uses the cache runs on it.
         */
        cacheTier: 'fast' | 'quality';
        /** The smallest prefix, in tokens, each model caches; merged over the built-in table. */
        cacheMinTokens: Record<string, number>;
      }
    | undefined;
  /** Qdrant, when QDRANT_URL is set; the embedded in-process index otherwise. */
  qdrant: { url: string; apiKey: string | undefined } | undefined;
  /** Latency added to every model / embedding call, standing in for remote APIs (benchmarks, demos). */
  simulated: { llmLatencyMs: number; embeddingLatencyMs: number };
  session: { ttlSeconds: number };
  shutdownTimeoutMs: number;
  /**
   * How long a gateway told to stop (SIGTERM) keeps serving with `/readyz` at 503, so load
   * balancers take it out before it ends its event streams (with a `retry:` hint) and closes.
   */
  shutdownGraceMs: number;
}

/** Variables whose values must not be echoed in an error message. */
const SECRET_VARIABLES = new Set<string>(['REDIS_URL', 'GEMINI_API_KEY', 'QDRANT_API_KEY', 'PAGE_DEVELOPMENT_KEY', 'ADMIN_API_KEY']);

function describeIssues(error: z.ZodError, env: Record<string, string | undefined>): string {
  return error.issues
    .map((issue) => {
      const variable = String(issue.path[0] ?? '');
      const got = env[variable];
      const shown = got === undefined || SECRET_VARIABLES.has(variable) ? '' : ` (got "${got}")`;
      return `${variable} ${issue.message}${shown}`;
    })
    .join('; ');
}

/**
 * Parses and validates the environment. A bad value throws `CONFIG_INVALID` naming every
 * variable at fault, so start-up stops with one message instead of failing later.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const renamed = Object.entries(RENAMED_VARIABLES).filter(([old]) => env[old] !== undefined && env[old] !== '');
  if (renamed.length > 0) {
    // A renamed variable left in a deployment would otherwise be ignored without a word.
    throw new GapflowError('CONFIG_INVALID', `Invalid configuration: ${renamed.map(([old, now]) => `${old} was renamed to ${now}; set that instead`).join('; ')}.`);
  }
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new GapflowError(
      'CONFIG_INVALID',
      `Invalid configuration: ${describeIssues(parsed.error, env)}. See .env.example for every variable and its default.`,
    );
  }
  const e = parsed.data;
  if (e.PAGE_DEVELOPMENT_KEY !== undefined && !isLoopbackHost(e.HOST)) {
    // Anyone who can open the page could act with the key: only ever on the person's own machine.
    throw new GapflowError('CONFIG_INVALID', `Invalid configuration: PAGE_DEVELOPMENT_KEY lets the page act with an API key, so it is only for a gateway listening on loopback (HOST=127.0.0.1, ::1 or localhost; got "${e.HOST}"). Unset PAGE_DEVELOPMENT_KEY: pages elsewhere act with candidate links.`);
  }
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    gateway: { host: e.HOST, port: e.PORT },
    redis: { url: e.REDIS_URL, clusterNodes: e.REDIS_CLUSTER_NODES, clusterNatMap: e.REDIS_CLUSTER_NAT_MAP, keyPrefix: e.REDIS_KEY_PREFIX, connectTimeoutMs: e.REDIS_CONNECT_TIMEOUT_MS, commandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS },
    embedded: { dataDir: e.GAPFLOW_DATA_DIR, redisServerBin: e.REDIS_SERVER_BIN },
    worker: {
      processes: e.WORKERS,
      concurrency: e.WORKER_CONCURRENCY,
      evaluationConcurrency: e.EVALUATION_CONCURRENCY,
      metricsPort: e.METRICS_PORT,
      metricsPortFallback: (e.METRICS_PORT_FALLBACK ?? ((env.METRICS_PORT ?? '') === '' ? 'any' : 'none')) === 'any',
      stalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS,
      lockDurationMs: e.WORKER_LOCK_DURATION_MS,
    },
    jobs: { attempts: e.JOB_ATTEMPTS, backoffMs: e.JOB_BACKOFF_MS, shards: e.QUEUE_SHARDS },
    maxDeepDiveRounds: e.MAX_DEEP_DIVE_ROUNDS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    corsOrigins: e.CORS_ORIGINS,
    pageDevelopmentKey: e.PAGE_DEVELOPMENT_KEY,
    adminApiKey: e.ADMIN_API_KEY,
    sseHeartbeatMs: e.SSE_HEARTBEAT_MS,
    sseMaxQueuedEvents: e.SSE_MAX_QUEUED_EVENTS,
    sseWriteStallMs: e.SSE_WRITE_STALL_MS,
    gemini: e.GEMINI_API_KEY
      ? {
          apiKey: e.GEMINI_API_KEY,
          baseUrl: e.GEMINI_BASE_URL,
          apiVersion: e.GEMINI_API_VERSION,
          models: { fast: e.GEMINI_MODEL_FAST, quality: e.GEMINI_MODEL_QUALITY },
          timeoutMs: e.GEMINI_TIMEOUT_MS,
          streamIdleMs: e.GEMINI_STREAM_IDLE_MS,
          streamTimeoutMs: e.GEMINI_STREAM_TIMEOUT_MS,
          maxRetries: e.GEMINI_MAX_RETRIES,
          breakerFailures: e.GEMINI_BREAKER_FAILURES,
          breakerHalfOpenMs: e.GEMINI_BREAKER_HALF_OPEN_MS,
          prices: e.GEMINI_PRICES,
          quota: { requestsPerWindow: e.GEMINI_REQUESTS_PER_WINDOW, tokensPerWindow: e.GEMINI_TOKENS_PER_WINDOW, windowMs: e.GEMINI_QUOTA_WINDOW_MS },
          embeddings: { model: e.GEMINI_EMBEDDING_MODEL, dimensions: e.GEMINI_EMBEDDING_DIMENSIONS },
          contextCaching: e.GEMINI_CONTEXT_CACHING === 'on',
          cacheTtlSeconds: e.GEMINI_CACHE_TTL_SECONDS,
          cacheTier: e.GEMINI_CACHE_TIER,
          // The API's own minimums (see GeminiLimits), overridable per model; a model listed
          // nowhere is read through cacheMinTokensFor, which assumes the largest minimum.
          cacheMinTokens: { ...GeminiLimits.cacheMinTokens, ...e.GEMINI_CACHE_MIN_TOKENS },
        }
      : undefined,
    qdrant: e.QDRANT_URL ? { url: e.QDRANT_URL, apiKey: e.QDRANT_API_KEY } : undefined,
    simulated: { llmLatencyMs: e.SIMULATED_LLM_LATENCY_MS, embeddingLatencyMs: e.SIMULATED_EMBEDDING_LATENCY_MS },
    session: { ttlSeconds: e.SESSION_TTL_SECONDS },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
}

/** Whether `host` names this machine's loopback interface alone (not every interface, as 0.0.0.0 does). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare);
}
