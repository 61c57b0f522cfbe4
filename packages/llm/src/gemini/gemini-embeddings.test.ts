import { GeminiTestServer } from '@gapflow/testing';
import { GeminiEmbeddings } from './gemini-embeddings';

describe('GeminiEmbeddings (real SDK, test server)', () => {
  let server: GeminiTestServer;
  beforeAll(async () => {
    server = await GeminiTestServer.start();
  });
  afterAll(async () => {
    await server.close();
  });

  it('embeds a whole batch in one call, with the configured dimensions', async () => {
    const embeddings = new GeminiEmbeddings({ apiKey: 'k', baseUrl: server.url, dimensions: 32 });
    const vectors = await embeddings.embedBatch(['Kubernetes', 'Terraform', 'negotiation']);
    expect(vectors).toHaveLength(3);
    expect(vectors[0]).toHaveLength(32);
    expect(server.count('embed')).toBe(1);
    const [request] = server.requests;
    expect(request?.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect((request?.body.requests as unknown[]).length).toBe(3);
  });
});
