import { CRITERIA, GapflowError, isGapflowError, type Gap } from '@gapflow/core';
import { GeminiTestServer } from '@gapflow/testing';
import { composeCall, structuredCall } from '../calls';
import { describeLanguageModelConformance } from '../language-model.conformance';
import { OfflineLanguageModel } from '../offline/offline-language-model';
import { FallbackLanguageModel } from '../resilience/fallback-language-model';
import { ResilientLanguageModel } from '../resilience/resilient-language-model';
import { GeminiCacheClient } from './gemini-cache-client';
import { GeminiLanguageModel } from './gemini-language-model';

let server: GeminiTestServer;
beforeAll(async () => {
  server = await GeminiTestServer.start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

function gemini(): GeminiLanguageModel {
  return new GeminiLanguageModel({ apiKey: 'test-key', baseUrl: server.url, models: { fast: 'gemini-2.5-flash-lite', quality: 'gemini-2.5-flash' } });
}

describeLanguageModelConformance('GeminiLanguageModel (real SDK, test server)', async () => gemini(), 'gemini');

const context = {
  cv: { skills: ['Python'], experience: [] },
  jd: { title: 'Platform Engineer', requirements: [{ skill: 'Kubernetes', importance: 'must' as const }] },
};
const gap: Gap = { id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical', reason: 'Not in the CV.', evidence: [] };
const questionCall = () => structuredCall('question', { context, gap, knowledge: undefined, avoid: [] });

describe('GeminiLanguageModel', () => {
  it('asks for the call schema as JSON, with the stable prefix as the system instruction, on the tier model', async () => {
    const { usage, source } = await gemini().generate(questionCall());
    const [request] = server.requests;
    expect(request?.model).toBe('gemini-2.5-flash');
    const config = request?.body.generationConfig as { responseMimeType: string; responseJsonSchema: { properties: Record<string, unknown> } };
    expect(config.responseMimeType).toBe('application/json');
    expect(Object.keys(config.responseJsonSchema.properties)).toEqual(['text', 'signals']);
    expect(JSON.stringify(request?.body.systemInstruction)).toContain('You are gapflow');
    expect(source).toEqual({ provider: 'gemini', model: 'gemini-2.5-flash', fallback: false });
    expect(usage.promptTokens).toBeGreaterThan(0);
    expect(usage.costUsd).toBeGreaterThan(0);
  });

  describe('with the session context cache', () => {
    /** A source that hands out one cache name and records what it was told to forget. */
    function cacheSource(name: string) {
      const forgotten: string[] = [];
      const models: string[] = [];
      return {
        forgotten,
        models,
        source: {
          lookup: async (_prefix: string, model: string) => {
            models.push(model);
            return { status: 'ready' as const, name };
          },
          forget: async (gone: string) => void forgotten.push(gone),
        },
      };
    }

    it('sends only the contents with the cache name, on the cache model, whatever the tier', async () => {
      const created = await new GeminiCacheClient({ apiKey: 'k', baseUrl: server.url }).create('gemini-2.5-flash', 'the prefix '.repeat(600), 300);
      const { source, models } = cacheSource(created.name);
      const model = new GeminiLanguageModel({ apiKey: 'k', baseUrl: server.url, models: { fast: 'gemini-2.5-flash-lite', quality: 'gemini-2.5-flash' }, contextCache: source });
      const result = await model.generate(structuredCall('criterion', { criterion: 'impact', question: 'q', skill: 'Kubernetes', knowledge: undefined, answer: 'I ran Kubernetes.' }));
      const request = server.requests.find((candidate) => candidate.kind === 'generate');
      expect(models).toEqual(['gemini-2.5-flash']);
      expect(request?.model).toBe('gemini-2.5-flash');
      expect(request?.body.cachedContent).toBe(created.name);
      // Gemini refuses systemInstruction, tools and toolConfig beside a cache.
      expect(Object.keys(request?.body ?? {}).filter((key) => ['systemInstruction', 'tools', 'toolConfig'].includes(key))).toEqual([]);
      expect(result.contextCache).toBe('hit');
      expect(result.usage.cachedTokens).toBeGreaterThan(0);
    });

    it('sends a call once more without its cache when Gemini no longer has the cache, and forgets the cache', async () => {
      const { source, forgotten } = cacheSource('cachedContents/deleted-long-ago');
      const model = new GeminiLanguageModel({ apiKey: 'k', baseUrl: server.url, models: { fast: 'f', quality: 'q' }, contextCache: source });
      const { value, contextCache } = await model.generate(questionCall());
      expect(value.text.length).toBeGreaterThan(10);
      expect(server.requests.map((request) => request.body.cachedContent)).toEqual(['cachedContents/deleted-long-ago', undefined]);
      expect(JSON.stringify(server.requests[1]?.body.systemInstruction)).toContain('You are gapflow');
      expect(forgotten).toEqual(['cachedContents/deleted-long-ago']);
      expect(contextCache).toBe('miss');
    });

    it('recovers a streamed answer from a vanished cache the same way', async () => {
      const { source, forgotten } = cacheSource('cachedContents/expired');
      const model = new GeminiLanguageModel({ apiKey: 'k', baseUrl: server.url, models: { fast: 'f', quality: 'q' }, contextCache: source });
      const answer = 'I moved 12 services to Kubernetes at Acme.';
      const stream = model.composeAnswer(composeCall({ question: 'q', skill: 'Kubernetes', answerParts: [answer] }));
      for await (const _chunk of stream.chunks) void _chunk;
      expect((await stream.result).value.text).toBe(answer);
      expect(server.requests.map((request) => request.body.cachedContent)).toEqual(['cachedContents/expired', undefined]);
      expect(forgotten).toEqual(['cachedContents/expired']);
    });
  });

  describe('when Gemini writes a fact the candidate never gave', () => {
    const answer = 'At Acme I moved 12 services to Kubernetes. Deploys went from 40 minutes to 5.';

    it('leaves the sentence out of the streamed and the final answer, and counts it', async () => {
      server.script('stream', { text: 'At Acme I moved 12 services to Kubernetes. I raised revenue by 37% along the way. Deploys went from 40 minutes to 5.' });
      const stream = gemini().composeAnswer(composeCall({ question: 'q', skill: 'Kubernetes', answerParts: [answer] }));
      const chunks: string[] = [];
      for await (const chunk of stream.chunks) chunks.push(chunk);
      const { value } = await stream.result;
      expect(value.text).toBe(answer);
      expect(chunks.join('')).toBe(value.text);
      expect(chunks.join('')).not.toContain('37');
      expect(value.droppedSentences).toEqual({ number: 1, name: 0 });
    });

    it('keeps a number the CV states although the answers do not, and still drops one stated in neither', async () => {
      const withCv = {
        cv: { skills: ['Kubernetes'], experience: [{ title: 'Platform Engineer', company: 'Acme', highlights: ['Cut cloud costs by 30% with autoscaling.'] }] },
        jd: { title: 'Platform Engineer', requirements: [{ skill: 'Kubernetes', importance: 'must' as const }] },
      };
      server.script('stream', { text: 'At Acme I moved 12 services to Kubernetes. The move cut cloud costs by 30%. I raised revenue by 37% along the way.' });
      const stream = gemini().composeAnswer(composeCall({ context: withCv, question: 'q', skill: 'Kubernetes', answerParts: ['At Acme I moved 12 services to Kubernetes.'] }));
      for await (const _chunk of stream.chunks) void _chunk;
      const { value } = await stream.result;
      expect(value.text).toBe('At Acme I moved 12 services to Kubernetes. The move cut cloud costs by 30%.');
      expect(value.droppedSentences).toEqual({ number: 1, name: 0 });
    });

    it('tells the model to write from the answers, and to use the CV only where the answers refer to it', () => {
      const { prompt } = composeCall({ context, question: 'q', skill: 'Kubernetes', answerParts: ['I ran it.'] });
      expect(prompt.stablePrefix).toMatch(/Task compose: [^\n]*from what the candidate said in the answers/);
      expect(prompt.stablePrefix).toMatch(/Task compose: [^\n]*CV only where the answers refer to it/);
    });

    it('lets the offline model write the answer when no sentence of Gemini\'s survives the check', async () => {
      server.script('stream', { text: 'I raised revenue by 37% at Google.' });
      const model = new FallbackLanguageModel(gemini(), new OfflineLanguageModel());
      const stream = model.composeAnswer(composeCall({ question: 'q', skill: 'Kubernetes', answerParts: [answer] }));
      const chunks: string[] = [];
      for await (const chunk of stream.chunks) chunks.push(chunk);
      const result = await stream.result;
      expect(result.source).toMatchObject({ provider: 'offline', fallback: true, fallbackReason: 'UPSTREAM_INVALID_OUTPUT' });
      expect(chunks.join('')).toBe(result.value.text);
      expect(result.value.text).not.toContain('37');
    });

    it('drops a sentence naming an employer the candidate never named', async () => {
      server.script('stream', { text: 'At Acme I moved 12 services to Kubernetes. Later Google hired me to do it again.' });
      const stream = gemini().composeAnswer(composeCall({ question: 'q', skill: 'Kubernetes', answerParts: [answer] }));
      for await (const _chunk of stream.chunks) void _chunk;
      const { value } = await stream.result;
      expect(value.text).toBe('At Acme I moved 12 services to Kubernetes.');
      expect(value.droppedSentences).toEqual({ number: 0, name: 1 });
    });
  });

  it('retries a malformed reply once, telling the model what was wrong, and accepts the second', async () => {
    server.script('generate', { malformed: true });
    const { value } = await gemini().generate(questionCall());
    expect(value.text.length).toBeGreaterThan(10);
    expect(server.count('generate')).toBe(2);
    expect(JSON.stringify(server.requests[1]?.body.contents)).toContain('Your previous reply was not valid');
  });

  it('reports UPSTREAM_INVALID_OUTPUT after two malformed replies', async () => {
    server.script('generate', { malformed: true }, { malformed: true });
    const error = await gemini().generate(questionCall()).catch((e: unknown) => e);
    expect(isGapflowError(error, 'UPSTREAM_INVALID_OUTPUT')).toBe(true);
  });

  it('streams the composed answer chunk by chunk and traces its sentences to the candidate text', async () => {
    const answer = 'At Acme I moved 12 services to Kubernetes. As a result deploys went from 40 minutes to 5.';
    const stream = gemini().composeAnswer({ kind: 'compose', tier: 'quality', input: { question: 'q', skill: 'Kubernetes', answerParts: [answer] }, prompt: { stablePrefix: 'p', variableSuffix: `Answer:\n${answer}` } });
    const chunks: string[] = [];
    for await (const chunk of stream.chunks) chunks.push(chunk);
    const { value } = await stream.result;
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(value.text);
    expect(value.sentences[0]?.sources[0]).toEqual({ start: 0, end: answer.indexOf('.') + 1 });
  });
});

describe('resilience around Gemini', () => {
  it('retries a 429 after the delay the server asked for', async () => {
    server.script('generate', { status: 429, retryDelaySeconds: 1 });
    const model = new ResilientLanguageModel(gemini(), { baseDelayMs: 10 });
    await model.generate(questionCall());
    const [first, second] = server.requests;
    expect(server.count('generate')).toBe(2);
    // The second attempt came no sooner than the server's retry delay.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('opens the breaker after a burst of 500s and then stops calling Gemini', async () => {
    server.script('generate', ...Array.from({ length: 6 }, () => ({ status: 500 as const })));
    const model = new ResilientLanguageModel(gemini(), { maxRetries: 1, baseDelayMs: 1, breakerThreshold: 3, breakerHalfOpenAfterMs: 60_000 });
    for (let call = 0; call < 3; call += 1) await expect(model.generate(questionCall())).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const callsWhenOpened = server.count('generate');
    const refused = await model.generate(questionCall()).catch((e: unknown) => e);
    expect((refused as GapflowError).message).toContain('circuit breaker open');
    expect(server.count('generate')).toBe(callsWhenOpened);
  });

  it('falls back to the offline model, and says so, when Gemini keeps failing', async () => {
    server.script('generate', ...Array.from({ length: 10 }, () => ({ status: 500 as const })));
    const reasons: string[] = [];
    const model = new FallbackLanguageModel(new ResilientLanguageModel(gemini(), { maxRetries: 1, baseDelayMs: 1 }), new OfflineLanguageModel(), (reason) => reasons.push(reason));
    const { value, source } = await model.generate(structuredCall('criterion', { criterion: CRITERIA[0]!, question: 'q', skill: 'Kubernetes', knowledge: undefined, answer: 'I ran Kubernetes clusters.' }));
    expect(value.score).toBeGreaterThanOrEqual(0);
    expect(source).toEqual({ provider: 'offline', model: 'gapflow-offline-1', fallback: true, fallbackReason: 'UPSTREAM_UNAVAILABLE' });
    expect(reasons).toEqual(['UPSTREAM_UNAVAILABLE']);
  });

  it('lets a protected stream run past its first chunk (the policy ends with the first chunk, the stream does not)', async () => {
    const answer = 'I moved 12 services to Kubernetes at Acme. I wrote the Helm charts myself. Deploys went from 40 minutes to 5 minutes after that.';
    const stream = new ResilientLanguageModel(gemini(), { timeoutMs: 5_000 }).composeAnswer({ kind: 'compose', tier: 'quality', input: { question: 'q', skill: 'Kubernetes', answerParts: [answer] }, prompt: { stablePrefix: 'p', variableSuffix: `Answer:\n${answer}` } });
    const chunks: string[] = [];
    for await (const chunk of stream.chunks) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join('')).toBe((await stream.result).value.text);
    expect(chunks.join('')).toBe(answer);
  });

  it('falls back for a streamed answer that fails before its first chunk', async () => {
    server.script('stream', { status: 500 }, { status: 500 });
    const model = new FallbackLanguageModel(new ResilientLanguageModel(gemini(), { maxRetries: 1, baseDelayMs: 1 }), new OfflineLanguageModel());
    const stream = model.composeAnswer({ kind: 'compose', tier: 'quality', input: { question: 'q', skill: 'Go', answerParts: ['I rewrote the parser in Go myself. It became 3 times faster.'] }, prompt: { stablePrefix: 'p', variableSuffix: 'Answer:\nI rewrote the parser in Go myself.' } });
    const chunks: string[] = [];
    for await (const chunk of stream.chunks) chunks.push(chunk);
    const result = await stream.result;
    expect(chunks.join('')).toBe(result.value.text);
    expect(result.source).toMatchObject({ provider: 'offline', fallback: true });
  });
});
