import type * as GenAI from '@google/genai' with { 'resolution-mode': 'import' };
import { GeminiLimits } from '@gapflow/core';
import { GeminiTestServer } from './gemini-test-server';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GoogleGenAI } = require('@google/genai') as typeof GenAI;

/** What the SDK threw: the HTTP status and Gemini's error body. */
async function refusalOf(call: Promise<unknown>): Promise<{ httpStatus: number; code: number; status: string; message: string }> {
  try {
    await call;
  } catch (error) {
    const { error: body } = JSON.parse((error as Error).message) as { error: { code: number; status: string; message: string } };
    return { httpStatus: (error as { status: number }).status, ...body };
  }
  throw new Error('the server accepted the request');
}

/** `tokens` tokens by the server's count of a cache (5 characters each, `cacheTokensPerChar` 0.2). */
function textOf(tokens: number): string {
  return 'abcd '.repeat(tokens);
}

describe('GeminiTestServer, strict as the real API (driven by @google/genai)', () => {
  let server: GeminiTestServer;
  let ai: GenAI.GoogleGenAI;

  beforeAll(async () => {
    server = await GeminiTestServer.start();
    ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.url } });
  });
  beforeEach(() => server.reset());
  afterAll(async () => {
    await server.close();
  });

  const createCache = (model: string, tokens: number, config: Record<string, unknown> = {}) =>
    ai.caches.create({ model, config: { systemInstruction: textOf(tokens), ...config } });

  describe('a structured call', () => {
    const generate = (responseJsonSchema: Record<string, unknown>) => ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Task: test', config: { responseMimeType: 'application/json', responseJsonSchema } });
    const text = (maxLength?: number) => ({ type: 'string', ...(maxLength ? { maxLength } : {}) });

    it('answers with JSON of a schema with small bounds, or with none', async () => {
      const small = { type: 'object', properties: { text: text(1_000), signals: { type: 'array', maxItems: 8, items: text() } }, required: ['text', 'signals'] };
      expect(JSON.parse((await generate(small)).text ?? '')).toMatchObject({ text: expect.any(String), signals: expect.any(Array) });
      const unbounded = { type: 'object', properties: { roles: { type: 'array', items: { type: 'object', properties: { highlights: { type: 'array', items: text() } } } } } };
      expect((await generate(unbounded)).text).toBeDefined();
    });

    it('refuses a schema whose nested bounds make too many states, as Gemini does', async () => {
      const nested = { type: 'object', properties: { roles: { type: 'array', maxItems: 40, items: { type: 'object', properties: { highlights: { type: 'array', maxItems: 30, items: text(1_000) } } } } } };
      expect(await refusalOf(generate(nested))).toEqual({ httpStatus: 400, code: 400, status: 'INVALID_ARGUMENT', message: expect.stringMatching(/^The specified schema produces a constraint that has too many states for serving\./) });
    });
  });

  describe('a batch embedding call', () => {
    it('embeds 100 texts in one call', async () => {
      const texts = Array.from({ length: GeminiLimits.maxEmbeddingsPerBatch }, (_, index) => `text ${index}`);
      const response = await ai.models.embedContent({ model: 'gemini-embedding-001', contents: texts });
      expect(response.embeddings).toHaveLength(100);
    });

    it('refuses 101 texts as Gemini does', async () => {
      const texts = Array.from({ length: 101 }, (_, index) => `text ${index}`);
      const refusal = await refusalOf(ai.models.embedContent({ model: 'gemini-embedding-001', contents: texts }));
      expect(refusal).toMatchObject({ httpStatus: 400, code: 400, status: 'INVALID_ARGUMENT' });
      expect(refusal.message).toContain('BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch');
    });
  });

  describe('a generate call that names a cache', () => {
    const conflict = 'Tool config, tools and system instruction should not be set in the request when using cached content.';
    let cacheName: string;
    beforeEach(async () => {
      cacheName = (await createCache('gemini-2.5-flash', 1_100)).name as string;
    });

    it('is answered from the cache when it sets nothing that belongs inside it', async () => {
      const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Ask.', config: { cachedContent: cacheName } });
      expect(response.usageMetadata?.cachedContentTokenCount).toBeGreaterThanOrEqual(1_100);
    });

    it.each([
      ['a system instruction', { systemInstruction: 'Be brief.' }],
      ['tools', { tools: [{ functionDeclarations: [{ name: 'lookup', description: 'Looks up a skill.' }] }] }],
      ['a tool config', { toolConfig: { functionCallingConfig: { mode: 'NONE' } } }],
    ])('is refused when it also sets %s', async (_what, extra) => {
      const refusal = await refusalOf(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Ask.', config: { cachedContent: cacheName, ...extra } as GenAI.GenerateContentConfig }));
      expect(refusal).toEqual({ httpStatus: 400, code: 400, status: 'INVALID_ARGUMENT', message: conflict });
    });

    it('is refused when streamed with a system instruction too', async () => {
      const refusal = await refusalOf(
        (async () => {
          for await (const _chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Ask.', config: { cachedContent: cacheName, systemInstruction: 'Be brief.' } })) void _chunk;
        })(),
      );
      expect(refusal).toEqual({ httpStatus: 400, code: 400, status: 'INVALID_ARGUMENT', message: conflict });
    });
  });

  describe('creating a cache', () => {
    it.each([
      ['gemini-2.5-flash', 1_024],
      ['gemini-2.5-flash-lite', 2_048],
      ['gemini-2.5-pro', 4_096],
      ['gemini-9-unlisted', GeminiLimits.defaultCacheMinTokens],
    ])('on %s, refuses content below %i tokens with the API message and accepts content at the minimum', async (model, minimum) => {
      const refusal = await refusalOf(createCache(model, minimum - 10));
      expect(refusal).toEqual({
        httpStatus: 400,
        code: 400,
        status: 'INVALID_ARGUMENT',
        message: `Cached content is too small. total_token_count=${minimum - 10}, min_total_token_count=${minimum}`,
      });
      expect(server.cacheCount).toBe(0);
      const created = await createCache(model, minimum);
      expect(created.name).toMatch(/^cachedContents\//);
      expect(server.cacheCount).toBe(1);
    });

    it('counts the contents and the system instruction together', async () => {
      const created = await ai.caches.create({ model: 'gemini-2.5-flash', config: { systemInstruction: textOf(600), contents: [{ role: 'user', parts: [{ text: textOf(600) }] }] } });
      expect(created.usageMetadata?.totalTokenCount).toBe(1_200);
    });

    it('counts a cache with fewer tokens than the clients\' chars/4 estimate, so a prefix estimated just above the minimum is refused', async () => {
      const justAbove = 'abc '.repeat(1_100); // 1,100 tokens by chars/4, above 1,024
      const refusal = await refusalOf(ai.caches.create({ model: 'gemini-2.5-flash', config: { systemInstruction: justAbove } }));
      expect(refusal.message).toBe('Cached content is too small. total_token_count=880, min_total_token_count=1024');
    });

    it('takes its token count of a cache from its options', async () => {
      const lenient = await GeminiTestServer.start({ cacheTokensPerChar: 0.25 });
      try {
        const client = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: lenient.url } });
        const created = await client.caches.create({ model: 'gemini-2.5-flash', config: { systemInstruction: 'abc '.repeat(1_100) } });
        expect(created.usageMetadata?.totalTokenCount).toBe(1_100);
      } finally {
        await lenient.close();
      }
    });

    it('takes a minimum from its options, so a test can raise one', async () => {
      const stricter = await GeminiTestServer.start({ cacheMinTokens: { 'gemini-2.5-flash': 2_000 } });
      try {
        const client = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: stricter.url } });
        const refusal = await refusalOf(client.caches.create({ model: 'gemini-2.5-flash', config: { systemInstruction: textOf(1_500) } }));
        expect(refusal.message).toBe('Cached content is too small. total_token_count=1500, min_total_token_count=2000');
      } finally {
        await stricter.close();
      }
    });
  });

  describe('a cache that is gone', () => {
    const notFound = (name: string) => ({ httpStatus: 404, code: 404, status: 'NOT_FOUND', message: `CachedContent not found (or permission denied): ${name}` });
    /** Each way of using a cache, started one at a time. */
    const everyUse = (name: string): (() => Promise<unknown>)[] => [
      () => ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Ask.', config: { cachedContent: name } }),
      async () => {
        for await (const _chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Ask.', config: { cachedContent: name } })) void _chunk;
      },
      () => ai.caches.get({ name }),
      () => ai.caches.update({ name, config: { ttl: '600s' } }),
      () => ai.caches.delete({ name }),
    ];

    it('is NOT_FOUND in generate, stream, get, patch and delete once deleted', async () => {
      const name = (await createCache('gemini-2.5-flash', 1_100)).name as string;
      await ai.caches.delete({ name });
      for (const use of everyUse(name)) expect(await refusalOf(use())).toEqual(notFound(name));
    });

    it('is NOT_FOUND everywhere once its ttl has passed', async () => {
      const name = (await createCache('gemini-2.5-flash', 1_100, { ttl: '60s' })).name as string;
      server.advanceTime(59_000);
      expect((await ai.caches.get({ name })).name).toBe(name);
      server.advanceTime(2_000);
      for (const use of everyUse(name)) expect(await refusalOf(use())).toEqual(notFound(name));
      expect(server.cacheCount).toBe(0);
    });

    it('honours an expireTime given at creation', async () => {
      const expireTime = new Date(Date.now() + 30_000).toISOString();
      const created = await createCache('gemini-2.5-flash', 1_100, { expireTime });
      expect(created.expireTime).toBe(expireTime);
      server.advanceTime(31_000);
      expect(await refusalOf(ai.caches.get({ name: created.name as string }))).toEqual(notFound(created.name as string));
    });

    it('lives longer when a patch extends its ttl or sets a later expireTime', async () => {
      const byTtl = (await createCache('gemini-2.5-flash', 1_100, { ttl: '60s' })).name as string;
      const byTime = (await createCache('gemini-2.5-flash', 1_100, { ttl: '60s' })).name as string;
      await ai.caches.update({ name: byTtl, config: { ttl: '600s' } });
      await ai.caches.update({ name: byTime, config: { expireTime: new Date(Date.now() + 600_000).toISOString() } });
      server.advanceTime(120_000);
      expect((await ai.caches.get({ name: byTtl })).name).toBe(byTtl);
      expect((await ai.caches.get({ name: byTime })).name).toBe(byTime);
    });

    it('refuses a ttl that is not a duration', async () => {
      const refusal = await refusalOf(createCache('gemini-2.5-flash', 1_100, { ttl: 'an hour' }));
      expect(refusal).toMatchObject({ httpStatus: 400, status: 'INVALID_ARGUMENT' });
    });
  });
});

describe('GeminiTestServer with a model latency per task', () => {
  let server: GeminiTestServer;
  let ai: GenAI.GoogleGenAI;
  const seen: { kind: string; task: string | undefined }[] = [];
  const latencyByTask: Record<string, number> = { question: 120, compose: 200 };

  beforeAll(async () => {
    server = await GeminiTestServer.start({
      modelLatencyMs: ({ kind, task }) => {
        seen.push({ kind, task });
        return latencyByTask[task ?? ''] ?? 0;
      },
    });
    ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.url } });
  });
  afterAll(() => server.close());

  it('makes a generate call wait the latency of the task its suffix names, and records it', async () => {
    const started = performance.now();
    await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Task: question\nGap: Terraform (critical)' });
    // Timers never fire early by more than a rounding millisecond: the reply cannot beat the latency.
    expect(performance.now() - started).toBeGreaterThanOrEqual(120 - 2);
    expect(server.requests.at(-1)).toMatchObject({ kind: 'generate', task: 'question', addedLatencyMs: 120 });
  });

  it('spreads a stream call\'s latency over its chunks, so the whole answer takes it', async () => {
    const started = performance.now();
    const chunks: string[] = [];
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Task: compose\nAnswer:\none two three four five six seven eight nine ten eleven twelve thirteen' });
    for await (const chunk of stream) chunks.push(chunk.text ?? '');
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe('one two three four five six seven eight nine ten eleven twelve thirteen');
    expect(performance.now() - started).toBeGreaterThanOrEqual(200 - 2);
    expect(server.requests.at(-1)).toMatchObject({ kind: 'stream', task: 'compose', addedLatencyMs: 200 });
  });

  it('adds nothing to an embedding call, and asks nothing about it', async () => {
    const before = seen.length;
    await ai.models.embedContent({ model: 'gemini-embedding-001', contents: ['Task: question'] });
    expect(seen.length).toBe(before);
    expect(server.requests.at(-1)?.addedLatencyMs).toBeUndefined();
  });
});
