import { GeminiEmbeddings } from '@gapflow/llm';
import { CachedEmbedder, RemoteEmbedder } from '@gapflow/retrieval';
import { GeminiTestServer, TestRedisServer } from '@gapflow/testing';
import { ContentCache } from './content-cache';
import { GapflowKeys } from './keys';

/** Gemini embeddings through the shared content cache: each text is embedded once across workers. */
describe('embeddings cached in Redis', () => {
  let redis: TestRedisServer;
  let gemini: GeminiTestServer;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gemini = await GeminiTestServer.start();
  });
  afterAll(async () => {
    await gemini.close();
    await redis.stop();
  });

  it('embeds only what no worker embedded before, in one call', async () => {
    const keys = new GapflowKeys('gapflow');
    const worker = () => new CachedEmbedder(new RemoteEmbedder(new GeminiEmbeddings({ apiKey: 'k', baseUrl: gemini.url, dimensions: 16 })), new ContentCache({ client: redis.client(), keys }));
    const first = await worker().embed(['Kubernetes', 'Terraform']);
    const second = worker();
    const again = await second.embed(['Terraform', 'Go', 'Kubernetes']);
    expect(gemini.count('embed')).toBe(2);
    expect((gemini.requests[1]?.body.requests as unknown[]).length).toBe(1);
    expect(second.stats).toEqual({ hits: 2, misses: 1 });
    expect(Array.from(again[2] as Float32Array)).toEqual(Array.from(first[0] as Float32Array));
    expect(Math.hypot(...(again[1] as Float32Array))).toBeCloseTo(1, 5);
  });
});
