import { GeminiTestServer } from '@gapflow/testing';
import { GeminiEmbeddings } from './gemini-embeddings';

describe('GeminiEmbeddings (real SDK, test server)', () => {
  let server: GeminiTestServer;
  beforeAll(async () => {
    server = await GeminiTestServer.start();
  });
  beforeEach(() => server.reset());
  afterAll(async () => {
    await server.close();
  });

  it('embeds a small batch in one call, with the configured dimensions', async () => {
    const embeddings = new GeminiEmbeddings({ apiKey: 'k', baseUrl: server.url, dimensions: 32 });
    const vectors = await embeddings.embedBatch(['Kubernetes', 'Terraform', 'negotiation']);
    expect(vectors).toHaveLength(3);
    expect(vectors[0]).toHaveLength(32);
    expect(server.count('embed')).toBe(1);
    const [request] = server.requests;
    expect(request?.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect((request?.body.requests as unknown[]).length).toBe(3);
  });

  describe('when the batch is larger than the API takes in one call', () => {
    const texts = Array.from({ length: 322 }, (_, index) => `skill ${index} with words ${index % 7} and ${index % 11}`);

    it('splits it into calls of at most 100 texts, at most 4 in flight, and keeps the order of the texts', async () => {
      // Latency so that the calls overlap and the bound is what limits them.
      server.script('embed', ...Array.from({ length: 4 }, () => ({ latencyMs: 50 })));
      const embeddings = new GeminiEmbeddings({ apiKey: 'k', baseUrl: server.url, dimensions: 16 });
      const vectors = await embeddings.embedBatch(texts);

      const sizes = server.requests.map((request) => (request.body.requests as unknown[]).length);
      expect(sizes.sort((a, b) => b - a)).toEqual([100, 100, 100, 22]);
      expect(server.maxInFlight('embed')).toBeLessThanOrEqual(4);
      expect(server.maxInFlight('embed')).toBeGreaterThan(1);
      // The vector at each position is the one that text gets alone.
      const alone = await embeddings.embedBatch([texts[0] as string, texts[150] as string, texts[321] as string]);
      expect([vectors[0], vectors[150], vectors[321]]).toEqual(alone);
      expect(vectors).toHaveLength(322);
    });

    it('keeps to a smaller concurrency when asked', async () => {
      server.script('embed', ...Array.from({ length: 4 }, () => ({ latencyMs: 20 })));
      await new GeminiEmbeddings({ apiKey: 'k', baseUrl: server.url, dimensions: 16, maxConcurrentCalls: 1 }).embedBatch(texts);
      expect(server.count('embed')).toBe(4);
      expect(server.maxInFlight('embed')).toBe(1);
    });

    it('fails the whole batch, as an upstream failure, when one call fails', async () => {
      server.script('embed', { status: 500 });
      const embeddings = new GeminiEmbeddings({ apiKey: 'k', baseUrl: server.url, dimensions: 16, maxConcurrentCalls: 1 });
      await expect(embeddings.embedBatch(texts)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      // The other chunks were not sent after the failure.
      expect(server.count('embed')).toBe(1);
    });
  });
});
