import type { IncomingMessage, ServerResponse } from 'node:http';
import { cacheMinTokensFor, GeminiLimits } from '@gapflow/core';
import { LoopbackServer } from './loopback-server';
import { sampleFromSchema } from './json-schema-sample';
import { schemaStates } from './json-schema-states';

/** What one scripted reply does instead of answering normally. */
export type GeminiFault =
  | { status: 429; retryDelaySeconds: number }
  | { status: 500 | 503 }
  /** A 403 PERMISSION_DENIED with this message: Gemini's for a missing cache, or a key without permission. */
  | { status: 403; message: string }
  /** A 400 INVALID_ARGUMENT with this message: a request Gemini refuses (a schema it cannot serve, a field it does not know). */
  | { status: 400; message: string }
  | { malformed: true }
  | { latencyMs: number }
  /** A stream that writes this text (in chunks) instead of echoing the candidate's answer. */
  | { text: string }
  /**
   * A generate call answers with this value as its JSON, instead of a sample of the request's
   * schema: what a real model might read from a document. Sent as it is, like a real reply
   * that breaks its schema (cut off at the output limit, a bound ignored) would be.
   */
  | { reply: unknown }
  /** A 'stream' call sends this many chunks, then nothing, holding the connection open until the client aborts or the server closes. */
  | { stallAfterChunks: number }
  /** A 'stream' call waits this long before each chunk: a slow but never silent answer. */
  | { chunkDelayMs: number }
  /**
   * A 'stream' call sends this many chunks, then fails: `reset` destroys the connection;
   * `errorEvent` sends an SSE event holding an `error` object and ends, as the real API does
   * when it fails after the response has started.
   */
  | { failAfterChunks: number; as: 'reset' | 'errorEvent' };

/** The faults that only a stream can show: they act after the response has begun. */
type StreamFault = Extract<GeminiFault, { stallAfterChunks: number } | { failAfterChunks: number }>;

/** How a stream's chunks are paced. */
type StreamPace = Extract<GeminiFault, { chunkDelayMs: number }>;

export type GeminiCallKind = 'generate' | 'stream' | 'embed' | 'cacheCreate' | 'cacheGet' | 'cachePatch' | 'cacheDelete';

export interface RecordedRequest {
  kind: GeminiCallKind;
  model: string | undefined;
  path: string;
  body: Record<string, unknown>;
  at: number;
  /** The usageMetadata the server answered with: what the provider would bill. */
  usage?: Record<string, number>;
  /** The task a generate or stream call names in its suffix (`Task: <task>`), e.g. `question`, `compose`. */
  task?: string;
  /** The model latency `modelLatencyMs` added to this call (for a stream, spread over its chunks). */
  addedLatencyMs?: number;
}

/** A generate or stream call, as `modelLatencyMs` sees it. */
export interface ModelCall {
  kind: 'generate' | 'stream';
  /** The task named in the prompt's suffix (`Task: <task>`), or undefined. */
  task: string | undefined;
  body: Record<string, unknown>;
}

export interface GeminiTestServerOptions {
  /**
   * Minimum cache size per model, merged over `GeminiLimits.cacheMinTokens` (the API's own
   * table). A test raises one to see a refusal; lowering one makes the server more lenient
   * than Gemini, which hides exactly the bugs this server exists to find.
   */
  cacheMinTokens?: Record<string, number>;
  /**
   * Tokens the server counts per character of a cache's content, when it checks the model's
   * minimum and reports the cache's size. Real tokenizers count fewer tokens than the
   * clients' chars/4 estimate for some texts (long words, code, numbers), so the server
   * counts fewer too: a prefix the client believes is just above the minimum is refused, as
   * the API may refuse it. Production's safety margin (`SharedContextCaches`' 1.25 × the
   * minimum) is what makes this count pass. @defaultValue 0.2 (one token per 5 characters)
   */
  cacheTokensPerChar?: number;
  /**
   * The simulated model time of each generate and stream call, in ms, e.g. drawn from a
   * distribution per task: a generate call waits it before answering; a stream call spreads it
   * evenly over its chunks, as a model writes. Added to `latencyMs`. @defaultValue none (0)
   */
  modelLatencyMs?: (call: ModelCall) => number;
}

/** The task a prompt names: the suffix starts with `Task: <task>` (see `buildPrompt`). */
function taskOf(body: Record<string, unknown>): string | undefined {
  return /Task: ([A-Za-z]+)/.exec(lastText(body))?.[1];
}

interface StoredCache {
  name: string;
  model: string;
  tokens: number;
  /** In ms since the epoch, on the server's clock. */
  expiresAt: number;
}

/** An error as Gemini's REST API sends it: `{ error: { code, message, status } }`. */
class GeminiRefusal {
  constructor(
    readonly code: 400 | 404,
    readonly status: 'INVALID_ARGUMENT' | 'NOT_FOUND',
    readonly message: string,
  ) {}
}

/** Gemini's wording for a response schema it cannot serve (googleapis/python-genai#660, cline/cline#7897). */
const TOO_MANY_STATES =
  'The specified schema produces a constraint that has too many states for serving. Typical causes of this error are schemas with lots of text (for example, very long property or enum names), schemas with long array length limits (especially when nested), or schemas using complex value matchers (for example, integers or numbers with minimum/maximum bounds or strings with complex formats like date-time)';

/** Gemini's wording for a generate call that names a cache and sets what belongs inside it (https://github.com/567-labs/instructor/pull/2582). */
const CACHED_CONTENT_CONFLICT = 'Tool config, tools and system instruction should not be set in the request when using cached content.';

/**
 * The server's token count of a request: one token per 4 characters of text (the parts'
 * texts, plus the JSON of tools and tool config), rounded up — Google's own rule of thumb for
 * English. A cache's content is counted by `cacheTokensPerChar` instead, stricter than this
 * (see the option): the minimum check must not agree with the client's estimate by design.
 */
function estimateTokens(value: unknown): number {
  return Math.ceil(textLength(value) / 4);
}

function textLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + textLength(item), 0);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.text === 'string') return record.text.length;
    if (Array.isArray(record.parts)) return textLength(record.parts);
    return JSON.stringify(record).length;
  }
  return 0;
}

/** Gemini's duration (`"3600s"`, `"1.5s"`) in ms, or undefined when it is not one. */
function durationMs(value: unknown): number | undefined {
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(value) : null;
  return match ? Number(match[1]) * 1000 : undefined;
}

/** The last user text of a request: what structured replies are made of. */
function lastText(body: Record<string, unknown>): string {
  const contents = (body.contents ?? []) as { parts?: { text?: string }[] }[];
  const texts = contents.flatMap((content) => (content.parts ?? []).map((part) => part.text ?? ''));
  return texts[texts.length - 1] ?? '';
}

/**
 * A Gemini-compatible HTTP server for tests: the REST calls that `@google/genai` makes for
 * generateContent, streamGenerateContent (`alt=sse`), batchEmbedContents and cachedContents
 * (create, get, patch, delete). Structured calls get JSON valid against the request's schema;
 * usage is reported, with `cachedContentTokenCount` when a cache is used. Replies can be
 * scripted per call kind (429 with a retry delay, 500, a malformed reply, latency; a stream that
 * stalls or fails after some chunks), and every
 * request is recorded and counted. The real SDK talks to it over HTTP through `baseUrl`.
 *
 * It is strict: what the real API refuses, it refuses with the same status, `error.status`
 * and message (see `GeminiLimits` for the sources) —
 * - a batch of more than 100 embedding requests (400 INVALID_ARGUMENT);
 * - a generate or stream call with `cachedContent` and also `systemInstruction`, `tools` or
 *   `toolConfig` (400 INVALID_ARGUMENT);
 * - a cache below its model's minimum token count (400 INVALID_ARGUMENT, "Cached content is
 *   too small. total_token_count=…, min_total_token_count=…"), counted by `cacheTokensPerChar`;
 * - a response schema whose bounds, nested, make too many states (400 INVALID_ARGUMENT, "The
 *   specified schema produces a constraint that has too many states for serving…"), estimated
 *   by `schemaStates` against `GeminiLimits.maxSchemaStates`;
 * - a cache that was deleted or whose `ttl`/`expireTime` has passed, in a generate or stream
 *   call and in get, patch and delete (404 NOT_FOUND). `advanceTime` moves the server's clock
 *   so a test can let a cache expire without waiting.
 *
 * @example
 * const gemini = await GeminiTestServer.start();
 * const ai = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: gemini.url } });
 */
export class GeminiTestServer {
  readonly requests: RecordedRequest[] = [];
  private readonly faults = new Map<GeminiCallKind, GeminiFault[]>();
  private readonly caches = new Map<string, StoredCache>();
  private readonly cacheMinTokens: Record<string, number>;
  private readonly cacheTokensPerChar: number;
  private readonly modelLatencyMs: ((call: ModelCall) => number) | undefined;
  private cacheSerial = 0;
  private clockOffsetMs = 0;
  private readonly inFlight = new Map<GeminiCallKind, { now: number; max: number }>();
  /** Latency added to every generate and stream call. */
  latencyMs = 0;

  private server!: LoopbackServer;

  private constructor(options: GeminiTestServerOptions) {
    this.cacheMinTokens = { ...GeminiLimits.cacheMinTokens, ...options.cacheMinTokens };
    this.cacheTokensPerChar = options.cacheTokensPerChar ?? 0.2;
    this.modelLatencyMs = options.modelLatencyMs;
  }

  static async start(options: GeminiTestServerOptions = {}): Promise<GeminiTestServer> {
    const instance = new GeminiTestServer(options);
    instance.server = await LoopbackServer.start((req, res) => void instance.handle(req, res));
    return instance;
  }

  get url(): string {
    return this.server.url;
  }

  /** The next calls of `kind` answer with these faults, in order, then normally again. */
  script(kind: GeminiCallKind, ...faults: GeminiFault[]): void {
    this.faults.set(kind, [...(this.faults.get(kind) ?? []), ...faults]);
  }

  count(kind: GeminiCallKind): number {
    return this.requests.filter((request) => request.kind === kind).length;
  }

  /** Caches that exist and have not expired. */
  get cacheCount(): number {
    return [...this.caches.keys()].filter((name) => this.liveCache(name)).length;
  }

  /** The most calls of `kind` the server was answering at one time: a client's concurrency. */
  maxInFlight(kind: GeminiCallKind): number {
    return this.inFlight.get(kind)?.max ?? 0;
  }

  /** Moves the server's clock forward: caches whose expiry it passes are gone, as at Gemini. */
  advanceTime(ms: number): void {
    this.clockOffsetMs += ms;
  }

  private now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** The cache of that name, unless it was deleted or has expired (then it is forgotten). */
  private liveCache(name: string): StoredCache | undefined {
    const cache = this.caches.get(name);
    if (cache && cache.expiresAt <= this.now()) {
      this.caches.delete(name);
      return undefined;
    }
    return cache;
  }

  reset(): void {
    this.requests.length = 0;
    this.faults.clear();
    this.caches.clear();
    this.inFlight.clear();
    this.latencyMs = 0;
    this.clockOffsetMs = 0;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return this.json(res, 400, { error: { code: 400, message: 'Invalid JSON payload', status: 'INVALID_ARGUMENT' } });
    }
    const modelCall = /^\/[^/]+\/models\/([^:]+):(generateContent|streamGenerateContent|batchEmbedContents)$/.exec(url.pathname);
    const cacheCall = /^\/[^/]+\/cachedContents(?:\/([^/]+))?$/.exec(url.pathname);
    let kind: GeminiCallKind;
    const modelKinds: Record<string, GeminiCallKind> = { generateContent: 'generate', streamGenerateContent: 'stream', batchEmbedContents: 'embed' };
    if (modelCall) kind = modelKinds[modelCall[2] as string] as GeminiCallKind;
    else if (cacheCall) kind = req.method === 'POST' ? 'cacheCreate' : req.method === 'PATCH' ? 'cachePatch' : req.method === 'DELETE' ? 'cacheDelete' : 'cacheGet';
    else return this.json(res, 404, { error: { code: 404, message: `No route ${req.method} ${url.pathname}`, status: 'NOT_FOUND' } });
    const recorded: RecordedRequest = { kind, model: modelCall?.[1], path: url.pathname, body, at: Date.now() };
    this.requests.push(recorded);
    let streamLatencyMs = 0;
    if ((kind === 'generate' || kind === 'stream') && this.modelLatencyMs) {
      recorded.task = taskOf(body);
      recorded.addedLatencyMs = Math.max(0, this.modelLatencyMs({ kind, task: recorded.task, body }));
      if (kind === 'stream') streamLatencyMs = recorded.addedLatencyMs;
      else await new Promise((resolve) => setTimeout(resolve, recorded.addedLatencyMs));
    }
    const load = this.inFlight.get(kind) ?? { now: 0, max: 0 };
    this.inFlight.set(kind, load);
    load.now += 1;
    load.max = Math.max(load.max, load.now);
    res.on('close', () => {
      load.now -= 1;
    });

    const fault = this.faults.get(kind)?.shift();
    if (fault && 'latencyMs' in fault) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if ((kind === 'generate' || kind === 'stream') && this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (fault && 'status' in fault) {
      if (fault.status === 429) {
        return this.json(res, 429, {
          error: {
            code: 429,
            message: 'Resource has been exhausted (e.g. check quota).',
            status: 'RESOURCE_EXHAUSTED',
            details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${fault.retryDelaySeconds}s` }],
          },
        });
      }
      if (fault.status === 403) return this.json(res, 403, { error: { code: 403, message: fault.message, status: 'PERMISSION_DENIED' } });
      if (fault.status === 400) return this.json(res, 400, { error: { code: 400, message: fault.message, status: 'INVALID_ARGUMENT' } });
      return this.json(res, fault.status, { error: { code: fault.status, message: 'Internal error encountered.', status: 'INTERNAL' } });
    }
    const malformed = Boolean(fault && 'malformed' in fault);
    const refusal = this.refusalOf(kind, body);
    if (refusal) return this.json(res, refusal.code, { error: { code: refusal.code, message: refusal.message, status: refusal.status } });

    switch (kind) {
      case 'generate':
        return this.json(res, 200, this.generateReply(modelCall?.[1] ?? 'model', body, malformed, fault && 'reply' in fault ? { value: fault.reply } : undefined));
      case 'stream':
        return this.streamReply(res, modelCall?.[1] ?? 'model', body, {
          ...(fault && 'text' in fault ? { scripted: fault.text } : {}),
          ...(fault && ('stallAfterChunks' in fault || 'failAfterChunks' in fault) ? { fault } : {}),
          ...(fault && 'chunkDelayMs' in fault ? { pace: fault } : {}),
          modelLatencyMs: streamLatencyMs,
        });
      case 'embed':
        return this.json(res, 200, this.embedReply(body));
      default:
        return this.cacheReply(res, kind, cacheCall?.[1], body);
    }
  }

  /** What the real API refuses before doing any work, or undefined. Cache calls check in `cacheReply`. */
  private refusalOf(kind: GeminiCallKind, body: Record<string, unknown>): GeminiRefusal | undefined {
    if (kind === 'embed') {
      const count = Array.isArray(body.requests) ? body.requests.length : 0;
      if (count > GeminiLimits.maxEmbeddingsPerBatch) {
        return new GeminiRefusal(400, 'INVALID_ARGUMENT', `* BatchEmbedContentsRequest.requests: at most ${GeminiLimits.maxEmbeddingsPerBatch} requests can be in one batch\n`);
      }
    }
    if (kind === 'generate' || kind === 'stream') {
      const config = (body.generationConfig ?? {}) as Record<string, unknown>;
      const schema = config.responseJsonSchema ?? config.responseSchema;
      if (schema !== undefined && schemaStates(schema) > GeminiLimits.maxSchemaStates) return new GeminiRefusal(400, 'INVALID_ARGUMENT', TOO_MANY_STATES);
    }
    if ((kind === 'generate' || kind === 'stream') && typeof body.cachedContent === 'string') {
      if (body.systemInstruction !== undefined || body.tools !== undefined || body.toolConfig !== undefined) {
        return new GeminiRefusal(400, 'INVALID_ARGUMENT', CACHED_CONTENT_CONFLICT);
      }
      if (!this.liveCache(body.cachedContent)) return new GeminiRefusal(404, 'NOT_FOUND', `CachedContent not found (or permission denied): ${body.cachedContent}`);
    }
    return undefined;
  }

  private usage(body: Record<string, unknown>, outputText: string): Record<string, number> {
    const usage = this.computeUsage(body, outputText);
    const request = [...this.requests].reverse().find((candidate) => candidate.body === body);
    if (request) request.usage = usage;
    return usage;
  }

  private computeUsage(body: Record<string, unknown>, outputText: string): Record<string, number> {
    const cached = typeof body.cachedContent === 'string' ? this.liveCache(body.cachedContent) : undefined;
    const promptTokens = estimateTokens(body.contents) + estimateTokens(body.systemInstruction) + (cached?.tokens ?? 0);
    const output = estimateTokens(outputText);
    return {
      promptTokenCount: promptTokens,
      candidatesTokenCount: output,
      totalTokenCount: promptTokens + output,
      ...(cached ? { cachedContentTokenCount: cached.tokens } : {}),
    };
  }

  private generateReply(model: string, body: Record<string, unknown>, malformed: boolean, scripted?: { value: unknown }): Record<string, unknown> {
    const config = (body.generationConfig ?? {}) as Record<string, unknown>;
    const schema = config.responseJsonSchema ?? config.responseSchema;
    const seed = `Test reply from ${model} on: ${lastText(body).replace(/\s+/g, ' ').slice(0, 160)}`;
    const text = malformed ? '{"this is": not json' : scripted ? JSON.stringify(scripted.value) : schema ? JSON.stringify(sampleFromSchema(schema, seed)) : seed;
    return {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: this.usage(body, text),
      modelVersion: model,
    };
  }

  /** Streams the candidate's own answer (or a scripted text) back in chunks, as a composing model would; a stream fault cuts it short. */
  private async streamReply(res: ServerResponse, model: string, body: Record<string, unknown>, options: { scripted?: string; fault?: StreamFault; pace?: StreamPace; modelLatencyMs?: number }): Promise<void> {
    const { scripted, fault, pace } = options;
    const source = lastText(body);
    const answer = scripted ?? (source.includes('Answer:\n') ? source.slice(source.indexOf('Answer:\n') + 8).replace(/\n+Follow-up \d+:\n/g, ' ') : source);
    const words = answer.split(/(?<= )/);
    const cutAfter = fault ? ('stallAfterChunks' in fault ? fault.stallAfterChunks : fault.failAfterChunks) : Number.POSITIVE_INFINITY;
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    const delayPerChunkMs = (options.modelLatencyMs ?? 0) / Math.max(1, Math.ceil(words.length / 6));
    let sent = 0;
    for (let start = 0; start < words.length && sent < cutAfter; start += 6) {
      if (pace) {
        await new Promise((resolve) => setTimeout(resolve, pace.chunkDelayMs));
        // The client gave up (aborted): nobody reads the rest.
        if (res.destroyed) return;
      }
      if (delayPerChunkMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, delayPerChunkMs));
        if (res.destroyed) return;
      }
      const text = words.slice(start, start + 6).join('');
      const last = start + 6 >= words.length && !fault;
      const chunk = {
        candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) }],
        ...(last ? { usageMetadata: this.usage(body, answer) } : {}),
        modelVersion: model,
      };
      res.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
      sent += 1;
    }
    if (!fault) return void res.end();
    // The stall: headers and chunks are out, the rest never comes. LoopbackServer.close ends it.
    if ('stallAfterChunks' in fault) return;
    // Once what was sent is flushed, so the client sees the chunks before the connection drops.
    if (fault.as === 'reset') return void res.write('', () => res.socket?.destroy());
    const error = { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } };
    res.end(`data: ${JSON.stringify(error)}\r\n\r\n`);
  }

  private embedReply(body: Record<string, unknown>): Record<string, unknown> {
    const requests = (body.requests ?? []) as { content?: { parts?: { text?: string }[] }; outputDimensionality?: number }[];
    return {
      embeddings: requests.map((request) => {
        const text = (request.content?.parts ?? []).map((part) => part.text ?? '').join(' ').toLowerCase();
        const dimensions = request.outputDimensionality ?? 16;
        // Deterministic, and close for texts that share words: enough for ranking tests.
        const values = Array.from({ length: dimensions }, () => 0);
        for (const word of text.match(/[a-z0-9+#]+/g) ?? []) {
          let hash = 0;
          for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
          values[hash % dimensions] = (values[hash % dimensions] ?? 0) + 1;
        }
        const norm = Math.hypot(...values) || 1;
        return { values: values.map((value) => value / norm) };
      }),
    };
  }

  private cacheReply(res: ServerResponse, kind: GeminiCallKind, id: string | undefined, body: Record<string, unknown>): void {
    const refuse = (refusal: GeminiRefusal) => this.json(res, refusal.code, { error: { code: refusal.code, message: refusal.message, status: refusal.status } });
    if (kind === 'cacheCreate') {
      const expiresAt = this.expiryOf(body, this.now() + 3_600_000);
      if (expiresAt instanceof GeminiRefusal) return refuse(expiresAt);
      const model = String(body.model ?? '');
      const tokens = Math.ceil(([body.contents, body.systemInstruction, body.tools, body.toolConfig] as unknown[]).reduce((sum: number, part) => sum + textLength(part), 0) * this.cacheTokensPerChar);
      const minimum = cacheMinTokensFor(model, this.cacheMinTokens);
      if (tokens < minimum) return refuse(new GeminiRefusal(400, 'INVALID_ARGUMENT', `Cached content is too small. total_token_count=${tokens}, min_total_token_count=${minimum}`));
      this.cacheSerial += 1;
      const name = `cachedContents/test-${this.cacheSerial}`;
      const cache: StoredCache = { name, model, tokens, expiresAt };
      this.caches.set(name, cache);
      return this.json(res, 200, this.cacheResource(cache));
    }
    const name = `cachedContents/${id ?? ''}`;
    const cache = this.liveCache(name);
    if (!cache) return refuse(new GeminiRefusal(404, 'NOT_FOUND', `CachedContent not found (or permission denied): ${name}`));
    if (kind === 'cacheDelete') {
      this.caches.delete(name);
      return this.json(res, 200, {});
    }
    if (kind === 'cachePatch') {
      const expiresAt = this.expiryOf(body, cache.expiresAt);
      if (expiresAt instanceof GeminiRefusal) return refuse(expiresAt);
      cache.expiresAt = expiresAt;
    }
    return this.json(res, 200, this.cacheResource(cache));
  }

  /**
   * The expiry a create or patch asks for: `ttl` from now, or `expireTime`; one of them at
   * most. The API refuses the others with 400 INVALID_ARGUMENT; these messages are ours (no
   * source quotes the API's), so tests should assert the status, not the words.
   */
  private expiryOf(body: Record<string, unknown>, otherwise: number): number | GeminiRefusal {
    if (body.ttl !== undefined && body.expireTime !== undefined) {
      return new GeminiRefusal(400, 'INVALID_ARGUMENT', 'Only one of ttl and expire_time can be set.');
    }
    if (body.ttl !== undefined) {
      const ttlMs = durationMs(body.ttl);
      if (ttlMs === undefined) return new GeminiRefusal(400, 'INVALID_ARGUMENT', `Invalid value at 'cached_content.ttl' (type.googleapis.com/google.protobuf.Duration), ${JSON.stringify(body.ttl)}`);
      return this.now() + ttlMs;
    }
    if (body.expireTime !== undefined) {
      const at = typeof body.expireTime === 'string' ? Date.parse(body.expireTime) : Number.NaN;
      if (Number.isNaN(at)) return new GeminiRefusal(400, 'INVALID_ARGUMENT', `Invalid value at 'cached_content.expire_time' (type.googleapis.com/google.protobuf.Timestamp), ${JSON.stringify(body.expireTime)}`);
      return at;
    }
    return otherwise;
  }

  private cacheResource(cache: StoredCache): Record<string, unknown> {
    return { name: cache.name, model: cache.model, expireTime: new Date(cache.expiresAt).toISOString(), usageMetadata: { totalTokenCount: cache.tokens } };
  }

  private json(res: ServerResponse, status: number, value: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(value));
  }
}
