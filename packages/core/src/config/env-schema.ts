import { z } from 'zod';

/** Unset and empty mean the same: `.env` files often carry `NAME=` lines. */
function unsetIfEmpty(value: unknown): unknown {
  return value === '' ? undefined : value;
}

function wholeNumber(min: number, max: number, fallback: number) {
  return z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^\d+$/, { error: `must be a whole number from ${min} to ${max}` })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(min, { error: `must be a whole number from ${min} to ${max}` })
          .max(max, { error: `must be a whole number from ${min} to ${max}` }),
      )
      .default(fallback),
  );
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z.preprocess(
    unsetIfEmpty,
    z.enum(values, { error: `must be one of ${values.join(', ')}` }).default(fallback),
  );
}

function text(fallback: string) {
  return z.preprocess(unsetIfEmpty, z.string().default(fallback));
}

function optionalText() {
  return z.preprocess(unsetIfEmpty, z.string().optional());
}

/** An optional variable holding JSON, validated by `schema`; the message shows `example`. */
function jsonValue<T extends z.ZodType>(schema: T, example: string) {
  return z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .transform((value, ctx) => {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: `must be JSON like ${example}` });
          return z.NEVER;
        }
      })
      .pipe(schema)
      .optional(),
  );
}

/**
 * Every environment variable gapflow reads, with its default. `.env.example` mirrors this
 * list one to one; `config.test.ts` checks that it does.
 */
export const EnvSchema = z.object({
  NODE_ENV: oneOf(['development', 'production', 'test'], 'development'),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  HOST: text('127.0.0.1'),
  PORT: wholeNumber(1, 65_535, 8080),
  REDIS_URL: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^rediss?:\/\/.+/, { error: 'must be a redis:// or rediss:// URL' })
      .optional(),
  ),
  REDIS_CLUSTER_NODES: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .transform((value) => value.split(',').map((node) => node.trim()).filter(Boolean))
      .pipe(
        z
          .array(z.string().regex(/^[^\s:,]+:\d{1,5}$/, { error: 'must list nodes as host:port,host:port' }))
          .min(1, { error: 'must list nodes as host:port,host:port' }),
      )
      .optional(),
  ),
  REDIS_CLUSTER_NAT_MAP: jsonValue(
    z.record(z.string().regex(/^[^\s:,]+:\d{1,5}$/), z.object({ host: z.string().min(1), port: z.number().int().min(1).max(65_535) }), {
      error: 'must map the addresses cluster nodes announce (host:port) to {host, port} this process can reach',
    }),
    '{"10.0.0.1:6379":{"host":"redis-0","port":6379}}',
  ),
  REDIS_KEY_PREFIX: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^\{[A-Za-z0-9_-]+\}$/, {
        error: 'must be a hash tag like {gapflow}, so every key lands in one Redis Cluster slot',
      })
      .default('{gapflow}'),
  ),
  // Sessions spread over this many BullMQ prefixes ({gapflow-0} …), so queue traffic spreads over cluster primaries.
  QUEUE_SHARDS: wholeNumber(1, 256, 1),
  REDIS_CONNECT_TIMEOUT_MS: wholeNumber(100, 120_000, 5_000),
  REDIS_COMMAND_TIMEOUT_MS: wholeNumber(100, 120_000, 5_000),
  GAPFLOW_DATA_DIR: text('.gapflow'),
  REDIS_SERVER_BIN: text('redis-server'),
  WORKERS: wholeNumber(0, 64, 1),
  METRICS_PORT: wholeNumber(0, 65_535, 9464),
  // What a worker does when its METRICS_PORT is taken; the default depends on whether METRICS_PORT is set (see config.ts).
  METRICS_PORT_FALLBACK: z.preprocess(unsetIfEmpty, z.enum(['any', 'none'], { error: 'must be one of any, none' }).optional()),
  WORKER_CONCURRENCY: wholeNumber(1, 1_000, 8),
  SESSION_TTL_SECONDS: wholeNumber(60, 30 * 24 * 3600, 24 * 3600),
  SHUTDOWN_TIMEOUT_MS: wholeNumber(0, 600_000, 30_000),
  // How long a gateway told to stop keeps serving, /readyz at 503, before it ends its event streams and closes.
  SHUTDOWN_GRACE_MS: wholeNumber(0, 600_000, 5_000),
  EVALUATION_CONCURRENCY: wholeNumber(1, 1_000, 8),
  MAX_DEEP_DIVE_ROUNDS: wholeNumber(0, 10, 3),
  WORKER_STALLED_INTERVAL_MS: wholeNumber(100, 600_000, 30_000),
  WORKER_LOCK_DURATION_MS: wholeNumber(100, 600_000, 30_000),
  JOB_ATTEMPTS: wholeNumber(1, 20, 3),
  JOB_BACKOFF_MS: wholeNumber(0, 600_000, 1_000),
  RATE_LIMIT_PER_MINUTE: wholeNumber(1, 1_000_000, 600),
  // Browser origins allowed to call the API (CORS), comma-separated; empty: the page's own origin only.
  CORS_ORIGINS: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .transform((list) => list.split(',').map((origin) => origin.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?$/, { error: 'each origin must be a scheme and host with an optional port, e.g. https://app.example.com, with no path or trailing slash' })))
      // As a browser sends it: host in lower case, no default port ("https://App.example.com:443" → https://app.example.com).
      .transform((origins) => origins.map((origin) => new URL(origin).origin))
      .default([]),
  ),
  // The credential of the queue dashboard at /admin/queues; unset, the dashboard is not mounted.
  ADMIN_API_KEY: z.preprocess(unsetIfEmpty, z.string().min(20, { error: 'must be at least 20 characters: make one with gapflow keys create --tenant ops --scope admin, or any long random string' }).optional()),
  // Set by `gapflow start` on the embedded defaults only: the key the page at / creates sessions with (loopback only).
  PAGE_DEVELOPMENT_KEY: z.preprocess(unsetIfEmpty, z.string().regex(/^gf_[A-Za-z0-9_-]{16,200}$/, { error: 'must be an API key as `gapflow keys create` prints it (gf_…)' }).optional()),
  SSE_HEARTBEAT_MS: wholeNumber(100, 600_000, 15_000),
  SSE_MAX_QUEUED_EVENTS: wholeNumber(10, 1_000_000, 1_000),
  SSE_WRITE_STALL_MS: wholeNumber(100, 600_000, 10_000),
  GEMINI_API_KEY: optionalText(),
  GEMINI_BASE_URL: z.preprocess(unsetIfEmpty, z.string().regex(/^https?:\/\/.+/, { error: 'must be an http(s) URL' }).optional()),
  GEMINI_API_VERSION: text('v1beta'),
  GEMINI_MODEL_FAST: text('gemini-2.5-flash-lite'),
  GEMINI_MODEL_QUALITY: text('gemini-2.5-flash'),
  GEMINI_TIMEOUT_MS: wholeNumber(100, 600_000, 30_000),
  GEMINI_STREAM_IDLE_MS: wholeNumber(100, 600_000, 10_000),
  GEMINI_STREAM_TIMEOUT_MS: wholeNumber(100, 3_600_000, 300_000),
  GEMINI_MAX_RETRIES: wholeNumber(0, 10, 3),
  GEMINI_BREAKER_FAILURES: wholeNumber(1, 1_000, 5),
  GEMINI_BREAKER_HALF_OPEN_MS: wholeNumber(100, 3_600_000, 30_000),
  GEMINI_PRICES: jsonValue(
    z.record(z.string(), z.object({ input: z.number().min(0), cachedInput: z.number().min(0), output: z.number().min(0) }), {
      error: 'must map model names to {input, cachedInput, output} in US dollars per million tokens',
    }),
    '{"gemini-2.5-flash":{"input":0.3,"cachedInput":0.075,"output":2.5}}',
  ),
  GEMINI_REQUESTS_PER_WINDOW: wholeNumber(0, 1_000_000, 0),
  GEMINI_TOKENS_PER_WINDOW: wholeNumber(0, 1_000_000_000, 0),
  GEMINI_QUOTA_WINDOW_MS: wholeNumber(100, 3_600_000, 60_000),
  GEMINI_CONTEXT_CACHING: oneOf(['on', 'off'], 'on'),
  GEMINI_CACHE_TTL_SECONDS: wholeNumber(60, 7 * 24 * 3600, 3_600),
  GEMINI_CACHE_TIER: oneOf(['fast', 'quality'], 'quality'),
  GEMINI_CACHE_MIN_TOKENS: jsonValue(
    z.record(z.string(), z.number().int().min(0), { error: 'must map model names to a minimum number of tokens' }),
    '{"gemini-2.5-flash":1024}',
  ),
  GEMINI_EMBEDDING_MODEL: text('gemini-embedding-001'),
  GEMINI_EMBEDDING_DIMENSIONS: wholeNumber(8, 4_096, 768),
  QDRANT_URL: z.preprocess(unsetIfEmpty, z.string().regex(/^https?:\/\/.+/, { error: 'must be an http(s) URL' }).optional()),
  QDRANT_API_KEY: optionalText(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(unsetIfEmpty, z.string().regex(/^https?:\/\/.+/, { error: 'must be an http(s) URL of an OTLP/HTTP receiver' }).optional()),
  SIMULATED_LLM_LATENCY_MS: wholeNumber(0, 600_000, 0),
  SIMULATED_EMBEDDING_LATENCY_MS: wholeNumber(0, 600_000, 0),
});

export type Env = z.infer<typeof EnvSchema>;
