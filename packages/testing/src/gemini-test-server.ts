import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer } from './loopback-server';
import { sampleFromSchema } from './json-schema-sample';

/** What one scripted reply does instead of answering normally. */
export type GeminiFault =
  | { status: 429; retryDelaySeconds: number }
  | { status: 500 | 503 }
  | { malformed: true }
  | { latencyMs: number }
  /** A 'stream' call sends this many chunks, then nothing, holding the connection open until the client aborts or the server closes. */
  | { stallAfterChunks: number }
  /**
   * A 'stream' call sends this many chunks, then fails: `reset` destroys the connection;
   * `errorEvent` sends an SSE event holding an `error` object and ends, as the real API does
   * when it fails after the response has started.
   */
  | { failAfterChunks: number; as: 'reset' | 'errorEvent' };

/** The faults that only a stream can show: they act after the response has begun. */
type StreamFault = Extract<GeminiFault, { stallAfterChunks: number } | { failAfterChunks: number }>;

export type GeminiCallKind = 'generate' | 'stream' | 'embed' | 'cacheCreate' | 'cacheGet' | 'cachePatch' | 'cacheDelete';

export interface RecordedRequest {
  kind: GeminiCallKind;
  model: string | undefined;
  path: string;
  body: Record<string, unknown>;
  at: number;
  /** The usageMetadata the server answered with: what the provider would bill. */
  usage?: Record<string, number>;
}

interface StoredCache {
  name: string;
  model: string;
  tokens: number;
  expireTime: string;
}

function estimateTokens(value: unknown): number {
  return Math.ceil(JSON.stringify(value ?? '').length / 4);
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
 * @example
 * const gemini = await GeminiTestServer.start();
 * const ai = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: gemini.url } });
 */
export class GeminiTestServer {
  readonly requests: RecordedRequest[] = [];
  private readonly faults = new Map<GeminiCallKind, GeminiFault[]>();
  private readonly caches = new Map<string, StoredCache>();
  private cacheSerial = 0;
  /** Latency added to every generate and stream call. */
  latencyMs = 0;

  private server!: LoopbackServer;

  private constructor() {}

  static async start(): Promise<GeminiTestServer> {
    const instance = new GeminiTestServer();
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

  get cacheCount(): number {
    return this.caches.size;
  }

  reset(): void {
    this.requests.length = 0;
    this.faults.clear();
    this.caches.clear();
    this.latencyMs = 0;
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
    this.requests.push({ kind, model: modelCall?.[1], path: url.pathname, body, at: Date.now() });

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
      return this.json(res, fault.status, { error: { code: fault.status, message: 'Internal error encountered.', status: 'INTERNAL' } });
    }
    const malformed = Boolean(fault && 'malformed' in fault);
    // As Gemini does: a request naming a cache that does not exist (deleted, expired) is refused.
    if ((kind === 'generate' || kind === 'stream') && typeof body.cachedContent === 'string' && !this.caches.has(body.cachedContent)) {
      return this.json(res, 404, { error: { code: 404, message: `CachedContent not found (or permission denied): ${body.cachedContent}`, status: 'NOT_FOUND' } });
    }

    switch (kind) {
      case 'generate':
        return this.json(res, 200, this.generateReply(modelCall?.[1] ?? 'model', body, malformed));
      case 'stream':
        return this.streamReply(res, modelCall?.[1] ?? 'model', body, fault && ('stallAfterChunks' in fault || 'failAfterChunks' in fault) ? fault : undefined);
      case 'embed':
        return this.json(res, 200, this.embedReply(body));
      default:
        return this.cacheReply(res, kind, cacheCall?.[1], body);
    }
  }

  private usage(body: Record<string, unknown>, outputText: string): Record<string, number> {
    const usage = this.computeUsage(body, outputText);
    const request = [...this.requests].reverse().find((candidate) => candidate.body === body);
    if (request) request.usage = usage;
    return usage;
  }

  private computeUsage(body: Record<string, unknown>, outputText: string): Record<string, number> {
    const cached = typeof body.cachedContent === 'string' ? this.caches.get(body.cachedContent) : undefined;
    const promptTokens = estimateTokens(body.contents) + estimateTokens(body.systemInstruction) + (cached?.tokens ?? 0);
    const output = estimateTokens(outputText);
    return {
      promptTokenCount: promptTokens,
      candidatesTokenCount: output,
      totalTokenCount: promptTokens + output,
      ...(cached ? { cachedContentTokenCount: cached.tokens } : {}),
    };
  }

  private generateReply(model: string, body: Record<string, unknown>, malformed: boolean): Record<string, unknown> {
    const config = (body.generationConfig ?? {}) as Record<string, unknown>;
    const schema = config.responseJsonSchema ?? config.responseSchema;
    const seed = `Test reply from ${model} on: ${lastText(body).replace(/\s+/g, ' ').slice(0, 160)}`;
    const text = malformed ? '{"this is": not json' : schema ? JSON.stringify(sampleFromSchema(schema, seed)) : seed;
    return {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: this.usage(body, text),
      modelVersion: model,
    };
  }

  /** Streams the candidate's own answer back in chunks, as a composing model would; a stream fault cuts it short. */
  private streamReply(res: ServerResponse, model: string, body: Record<string, unknown>, fault?: StreamFault): void {
    const source = lastText(body);
    const answer = source.includes('Answer:\n') ? source.slice(source.indexOf('Answer:\n') + 8).replace(/\n+Follow-up \d+:\n/g, ' ') : source;
    const words = answer.split(/(?<= )/);
    const cutAfter = fault ? ('stallAfterChunks' in fault ? fault.stallAfterChunks : fault.failAfterChunks) : Number.POSITIVE_INFINITY;
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    let sent = 0;
    for (let start = 0; start < words.length && sent < cutAfter; start += 6) {
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
    if (kind === 'cacheCreate') {
      this.cacheSerial += 1;
      const name = `cachedContents/test-${this.cacheSerial}`;
      const ttlSeconds = Number(String(body.ttl ?? '3600s').replace('s', ''));
      const cache: StoredCache = {
        name,
        model: String(body.model ?? ''),
        tokens: estimateTokens(body.contents) + estimateTokens(body.systemInstruction),
        expireTime: new Date(Date.now() + ttlSeconds * 1000).toISOString(),
      };
      this.caches.set(name, cache);
      return this.json(res, 200, { name, model: cache.model, expireTime: cache.expireTime, usageMetadata: { totalTokenCount: cache.tokens } });
    }
    const name = `cachedContents/${id ?? ''}`;
    const cache = this.caches.get(name);
    if (!cache) return this.json(res, 404, { error: { code: 404, message: `CachedContent not found: ${name}`, status: 'NOT_FOUND' } });
    if (kind === 'cacheDelete') {
      this.caches.delete(name);
      return this.json(res, 200, {});
    }
    if (kind === 'cachePatch') {
      const ttlSeconds = Number(String(body.ttl ?? '3600s').replace('s', ''));
      cache.expireTime = new Date(Date.now() + ttlSeconds * 1000).toISOString();
    }
    return this.json(res, 200, { name, model: cache.model, expireTime: cache.expireTime, usageMetadata: { totalTokenCount: cache.tokens } });
  }

  private json(res: ServerResponse, status: number, value: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(value));
  }
}
