import { structuredCall, GeminiEmbeddings } from '@gapflow/llm';
import { RemoteEmbedder, type Embedder } from '@gapflow/retrieval';
import { GeminiTestServer } from '@gapflow/testing';
import { createBrain, type GeminiBrainOptions } from './brain';

describe('createBrain', () => {
  let gemini: GeminiTestServer;
  beforeAll(async () => {
    gemini = await GeminiTestServer.start();
  });
  beforeEach(() => gemini.reset());
  afterAll(async () => {
    await gemini.close();
  });

  const geminiOptions = (): GeminiBrainOptions => ({
    apiKey: 'test-key',
    baseUrl: gemini.url,
    apiVersion: 'v1beta',
    models: { fast: 'gemini-2.5-flash', quality: 'gemini-2.5-flash' },
    timeoutMs: 5_000,
    streamIdleMs: 5_000,
    streamTimeoutMs: 300_000,
    maxRetries: 0,
    breakerFailures: 5,
    breakerHalfOpenMs: 1_000,
    prices: undefined,
    quota: { requestsPerWindow: 0, tokensPerWindow: 0, windowMs: 60_000 },
    embeddings: { model: 'gemini-embedding-001', dimensions: 32 },
    contextCaching: false,
    cacheTtlSeconds: 600,
    cacheTier: 'quality',
    cacheMinTokens: {},
  });
  const geminiEmbedder = () => new RemoteEmbedder(new GeminiEmbeddings({ apiKey: 'test-key', baseUrl: gemini.url, dimensions: 32 }));

  it('retrieves locally when no embedder is configured, and says it is not a fallback', async () => {
    const brain = await createBrain();
    expect(brain.retrieval).toEqual({ embedderId: expect.stringMatching(/^hashing/) });
    const [kubernetes] = await brain.retriever.retrieve(['K8s']);
    expect(kubernetes?.best?.skill).toBe('Kubernetes');
  });

  it('indexes the knowledge base with the configured embedder when it answers', async () => {
    const brain = await createBrain({ embedder: geminiEmbedder() });
    expect(brain.retrieval).toEqual({ embedderId: 'remote-gemini-embedding-001-d32' });
    const callsAfterStart = gemini.count('embed');
    await brain.retriever.retrieve(['container orchestration']);
    expect(gemini.count('embed')).toBe(callsAfterStart + 1);
  });

  describe('when Gemini embeddings fail at start-up', () => {
    it('serves retrieval entirely locally, says why once, and still asks Gemini for the model calls', async () => {
      gemini.script('embed', ...Array.from({ length: 10 }, () => ({ status: 503 as const })));
      const told: string[] = [];
      const brain = await createBrain({ embedder: geminiEmbedder(), gemini: geminiOptions(), onOfflineRetrieval: (reason) => told.push(reason) });

      expect(told).toHaveLength(1);
      expect(brain.retrieval?.offlineReason).toBe(told[0]);
      expect(told[0]).toMatch(/^remote-gemini-embedding-001-d32 failed while indexing the knowledge base: Gemini failed \(HTTP 503\)/);
      expect(brain.retrieval?.embedderId).toMatch(/^hashing/);

      const embedCalls = gemini.count('embed');
      const [kubernetes] = await brain.retriever.retrieve(['K8s']);
      expect(kubernetes?.best?.skill).toBe('Kubernetes');
      expect(gemini.count('embed')).toBe(embedCalls);

      const context = { cv: { skills: ['Python'], experience: [] }, jd: { title: 'Platform Engineer', requirements: [{ skill: 'Kubernetes', importance: 'must' as const }] } };
      const gap = { id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical' as const, reason: 'Not in the CV.', evidence: [] };
      const result = await brain.model.generate(structuredCall('question', { context, gap, knowledge: undefined, avoid: [] }));
      expect(result.source.provider).toBe('gemini');
    });

    it('fails the start-up on a programming error instead of hiding it', async () => {
      const broken: Embedder = {
        id: 'broken',
        dimensions: 8,
        embed: async () => {
          throw new TypeError('Cannot read properties of undefined');
        },
      };
      await expect(createBrain({ embedder: broken })).rejects.toThrow(TypeError);
    });
  });
});
