import { isGapflowError, type ErrorCode } from '@gapflow/core';
import { GeminiTestServer } from '@gapflow/testing';
import { structuredCall } from '../calls';
import type { ComposeCall, ComposedAnswer, LanguageModel, ModelResult } from '../language-model';
import { OfflineLanguageModel } from '../offline/offline-language-model';
import { FallbackLanguageModel } from '../resilience/fallback-language-model';
import { ResilientLanguageModel } from '../resilience/resilient-language-model';
import type { ContextCacheSource } from './context-cache-source';
import { GeminiCacheClient } from './gemini-cache-client';
import { GeminiEmbeddings } from './gemini-embeddings';
import { GeminiLanguageModel, type GeminiLanguageModelOptions } from './gemini-language-model';

let server: GeminiTestServer;
beforeAll(async () => {
  server = await GeminiTestServer.start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

/** Far longer than any timeout below: a reply that late never comes in time. */
const HUNG_MS = 5_000;

function gemini(options: Pick<GeminiLanguageModelOptions, 'timeoutMs' | 'streamIdleMs' | 'streamTimeoutMs' | 'contextCache'> = {}): GeminiLanguageModel {
  return new GeminiLanguageModel({ apiKey: 'test-key', baseUrl: server.url, models: { fast: 'gemini-2.5-flash-lite', quality: 'gemini-2.5-flash' }, ...options });
}

const ANSWER = 'I moved 12 services to Kubernetes at Acme. I wrote the Helm charts myself. Deploys went from 40 minutes to 5 minutes after that, and the on-call pages halved.';
const composeCall: ComposeCall = { kind: 'compose', tier: 'quality', input: { question: 'q', skill: 'Kubernetes', answerParts: [ANSWER] }, prompt: { stablePrefix: 'p', variableSuffix: `Answer:\n${ANSWER}` } };
const criterionCall = () => structuredCall('criterion', { criterion: 'specificity', question: 'q', skill: 'Kubernetes', knowledge: undefined, answer: ANSWER });

/** Reads a stream to its end, recording each chunk and each restart in order. */
async function readStream(model: LanguageModel): Promise<{ log: string[]; chunks: string[]; result?: ModelResult<ComposedAnswer>; error?: unknown }> {
  const log: string[] = [];
  const chunks: string[] = [];
  const stream = model.composeAnswer(composeCall, {
    onRestart: (reason) => {
      log.push(`restart:${reason}`);
      chunks.length = 0;
    },
  });
  try {
    for await (const chunk of stream.chunks) {
      log.push('chunk');
      chunks.push(chunk);
    }
    return { log, chunks, result: await stream.result };
  } catch (error) {
    return { log, chunks, error };
  }
}

describe('every Gemini client has a timeout (httpOptions.timeout)', () => {
  it('a generate call that gets no reply fails as UPSTREAM_TIMEOUT', async () => {
    server.script('generate', { latencyMs: HUNG_MS });
    const error = await gemini({ timeoutMs: 200 }).generate(criterionCall()).catch((e: unknown) => e);
    expect(isGapflowError(error, 'UPSTREAM_TIMEOUT')).toBe(true);
  });

  it('an embedding call that gets no reply fails as UPSTREAM_TIMEOUT', async () => {
    server.script('embed', { latencyMs: HUNG_MS });
    const embeddings = new GeminiEmbeddings({ apiKey: 'k', baseUrl: server.url, dimensions: 16, timeoutMs: 200 });
    const error = await embeddings.embedBatch(['Kubernetes']).catch((e: unknown) => e);
    expect(isGapflowError(error, 'UPSTREAM_TIMEOUT')).toBe(true);
  });

  it('a cache creation that gets no reply fails as UPSTREAM_TIMEOUT', async () => {
    server.script('cacheCreate', { latencyMs: HUNG_MS });
    const caches = new GeminiCacheClient({ apiKey: 'k', baseUrl: server.url, timeoutMs: 200 });
    const error = await caches.create('gemini-2.5-flash', 'x'.repeat(5_000), 600).catch((e: unknown) => e);
    expect(isGapflowError(error, 'UPSTREAM_TIMEOUT')).toBe(true);
  });
});

// The test server streams six words a chunk, and the model lets the answer through one checked
// sentence at a time (CheckedSentenceStream): chunk 2 completes ANSWER's first sentence and
// chunk 3 its second, so a fault after N chunks comes after N - 1 deltas.
describe('a stream that goes quiet (GEMINI_STREAM_IDLE_MS)', () => {
  it('is aborted as UPSTREAM_TIMEOUT when it stalls after its first sentence', async () => {
    server.script('stream', { stallAfterChunks: 2 });
    const { chunks, error } = await readStream(gemini({ streamIdleMs: 200 }));
    expect(chunks).toHaveLength(1);
    expect(isGapflowError(error, 'UPSTREAM_TIMEOUT')).toBe(true);
    expect((error as Error).message).toContain('sent nothing for 200 ms');
  });

  it('is aborted as UPSTREAM_TIMEOUT when it stalls before its first chunk', async () => {
    server.script('stream', { stallAfterChunks: 0 });
    const { chunks, error } = await readStream(gemini({ streamIdleMs: 200 }));
    expect(chunks).toHaveLength(0);
    expect(isGapflowError(error, 'UPSTREAM_TIMEOUT')).toBe(true);
  });

  it('is started over by the resilient model, announced, and the answer is the new attempt alone', async () => {
    server.script('stream', { stallAfterChunks: 3 });
    const model = new ResilientLanguageModel(gemini({ streamIdleMs: 200 }), { baseDelayMs: 1 });
    const { log, chunks, error } = await readStream(model);
    expect(error).toBeUndefined();
    expect(log.slice(0, 3)).toEqual(['chunk', 'chunk', 'restart:UPSTREAM_TIMEOUT']);
    expect(chunks.join('')).toBe(ANSWER);
    expect(server.count('stream')).toBe(2);
  });

  it('is written by the offline model when Gemini keeps stalling, and the session still gets its answer', async () => {
    server.script('stream', { stallAfterChunks: 2 }, { stallAfterChunks: 2 });
    const reasons: ErrorCode[] = [];
    const model = new FallbackLanguageModel(new ResilientLanguageModel(gemini({ streamIdleMs: 200 }), { maxRetries: 1, baseDelayMs: 1 }), new OfflineLanguageModel(), (reason) => reasons.push(reason));
    const { log, chunks, result } = await readStream(model);
    expect(result?.source).toMatchObject({ provider: 'offline', fallback: true, fallbackReason: 'UPSTREAM_TIMEOUT' });
    expect(log.slice(0, 2)).toEqual(['chunk', 'restart:UPSTREAM_TIMEOUT']);
    expect(chunks.join('')).toBe(result?.value.text);
    expect(reasons).toEqual(['UPSTREAM_TIMEOUT']);
  });
});

describe('a stream that is slow but never quiet', () => {
  it('completes on Gemini although it streams for longer in all than GEMINI_TIMEOUT_MS', async () => {
    // Five chunks, each after 100 ms: at least 500 ms in all, far beyond the 200 ms a request
    // may wait for its reply, and never near the idle limit.
    server.script('stream', { chunkDelayMs: 100 });
    const { chunks, result, error } = await readStream(gemini({ timeoutMs: 200, streamIdleMs: 5_000 }));
    expect(error).toBeUndefined();
    expect(chunks.join('')).toBe(ANSWER);
    expect(result?.source.provider).toBe('gemini');
  });

  it('is still cut by GEMINI_STREAM_TIMEOUT_MS when it trickles for longer than that', async () => {
    server.script('stream', { chunkDelayMs: 100 });
    const { error } = await readStream(gemini({ streamTimeoutMs: 200, streamIdleMs: 5_000 }));
    expect(isGapflowError(error, 'UPSTREAM_TIMEOUT')).toBe(true);
  });

  it('does not count the wait for the session\'s context cache as Gemini\'s silence', async () => {
    // The lookup (a lock wait, a cache creation) takes three idle periods and finds no cache.
    const slowCache: ContextCacheSource = {
      lookup: async () => {
        await new Promise((resolve) => setTimeout(resolve, 600));
        return { status: 'unavailable' };
      },
      forget: async () => undefined,
    };
    const { chunks, error } = await readStream(gemini({ streamIdleMs: 200, contextCache: slowCache }));
    expect(error).toBeUndefined();
    expect(chunks.join('')).toBe(ANSWER);
  });
});

describe('a stream that fails mid-way', () => {
  it('is started over after an error event, and the answer equals the last attempt', async () => {
    server.script('stream', { failAfterChunks: 3, as: 'errorEvent' });
    const model = new ResilientLanguageModel(gemini(), { baseDelayMs: 1 });
    const { log, chunks, result } = await readStream(model);
    expect(log.slice(0, 3)).toEqual(['chunk', 'chunk', 'restart:UPSTREAM_UNAVAILABLE']);
    expect(chunks.join('')).toBe(result?.value.text);
    expect(chunks.join('')).toBe(ANSWER);
  });

  it('is handed to the offline model with a restart when the connection drops and no retry is left', async () => {
    server.script('stream', { failAfterChunks: 3, as: 'reset' });
    const model = new FallbackLanguageModel(new ResilientLanguageModel(gemini(), { maxRetries: 0 }), new OfflineLanguageModel());
    const { log, chunks, result } = await readStream(model);
    expect(log.slice(0, 3)).toEqual(['chunk', 'chunk', 'restart:UPSTREAM_UNAVAILABLE']);
    expect(result?.source).toMatchObject({ provider: 'offline', fallback: true, fallbackReason: 'UPSTREAM_UNAVAILABLE' });
    expect(chunks.join('')).toBe(result?.value.text);
  });
});
