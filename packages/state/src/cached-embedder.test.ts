import { GeminiEmbeddings } from '@gapflow/llm';
import { CachedEmbedder, entryTexts, InMemoryVectorIndex, KnowledgeRetriever, loadKnowledgeBase, RemoteEmbedder } from '@gapflow/retrieval';
import { commandCalls, GeminiTestServer, TEST_REDIS_BACKENDS, type TestRedis } from '@gapflow/testing';
import { GapflowKeys } from './keys';
import { SharedEmbeddingCache } from './shared-embedding-cache';

/** Gemini embeddings through the shared embedding cache: each text is embedded once across workers. */
describe.each(TEST_REDIS_BACKENDS)('embeddings cached in Redis on $name', ({ start }) => {
  let redis: TestRedis;
  let gemini: GeminiTestServer;

  beforeAll(async () => {
    redis = await start();
    gemini = await GeminiTestServer.start();
  });
  beforeEach(() => gemini.reset());
  afterAll(async () => {
    await gemini.close();
    await redis.stop();
  });

  /** One worker's embedder: Gemini through the cache in this test's own key namespace. */
  const workerEmbedder = (namespace: string) =>
    new CachedEmbedder(
      new RemoteEmbedder(new GeminiEmbeddings({ apiKey: 'k', baseUrl: gemini.url, dimensions: 16 })),
      new SharedEmbeddingCache({ client: redis.client(), keys: new GapflowKeys(namespace) }),
      { pollMs: 20 },
    );
  const embeddedTexts = () => gemini.requests.filter((request) => request.kind === 'embed').reduce((sum, request) => sum + (request.body.requests as unknown[]).length, 0);

  it('embeds only what no worker embedded before, in one call', async () => {
    const namespace = `test-${Math.random().toString(36).slice(2)}`;
    const first = await workerEmbedder(namespace).embed(['Kubernetes', 'Terraform']);
    const second = workerEmbedder(namespace);
    const again = await second.embed(['Terraform', 'Go', 'Kubernetes']);
    expect(gemini.count('embed')).toBe(2);
    expect((gemini.requests[1]?.body.requests as unknown[]).length).toBe(1);
    expect(second.stats).toEqual({ hits: 2, misses: 1 });
    expect(Array.from(again[2] as Float32Array)).toEqual(Array.from(first[0] as Float32Array));
    expect(Math.hypot(...(again[1] as Float32Array))).toBeCloseTo(1, 5);
  });

  it('reads a batch of cached vectors in one round trip', async () => {
    const namespace = `test-${Math.random().toString(36).slice(2)}`;
    const texts = Array.from({ length: 50 }, (_, index) => `skill ${index}`);
    await workerEmbedder(namespace).embed(texts);
    const client = redis.client();
    const calls = (command: string) => commandCalls(client, command);
    const before = { mget: await calls('mget'), get: await calls('get') };
    const reader = workerEmbedder(namespace);
    await reader.embed(texts);
    expect(reader.stats).toEqual({ hits: 50, misses: 0 });
    expect((await calls('mget')) - before.mget).toBe(1);
    expect((await calls('get')) - before.get).toBe(0);
  });

  describe('when several workers start together on one Redis', () => {
    it('embeds the knowledge base once, and every worker retrieves with the same vectors', async () => {
      const namespace = `test-${Math.random().toString(36).slice(2)}`;
      const knowledge = loadKnowledgeBase();
      const knowledgeTexts = knowledge.entries.flatMap((entry) => entryTexts(entry)).length;
      // Latency, so that every worker misses the cache before the first one has filled it.
      gemini.script('embed', ...Array.from({ length: 40 }, () => ({ latencyMs: 100 })));

      const retrievers = await Promise.all(Array.from({ length: 10 }, () => KnowledgeRetriever.create(knowledge, workerEmbedder(namespace), new InMemoryVectorIndex())));

      expect(knowledgeTexts).toBeGreaterThan(100);
      expect(embeddedTexts()).toBe(knowledgeTexts);
      const answers = await Promise.all(retrievers.map((retriever) => retriever.retrieve(['container orchestration'])));
      for (const [answer] of answers) expect(answer?.neighbours.map((neighbour) => neighbour.entry.id)).toEqual(answers[0]?.[0]?.neighbours.map((neighbour) => neighbour.entry.id));
    });

    it('lets a waiting worker embed when the one holding the lease fails', async () => {
      const namespace = `test-${Math.random().toString(36).slice(2)}`;
      gemini.script('embed', { status: 500 });
      const texts = ['Kubernetes', 'Terraform', 'Go'];
      const outcomes = await Promise.allSettled([workerEmbedder(namespace).embed(texts), workerEmbedder(namespace).embed(texts)]);
      // The first call failed; the other worker took the lease (over) and embedded.
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(gemini.count('embed')).toBe(2);
    });
  });
});
