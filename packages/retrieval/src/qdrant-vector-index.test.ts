import { randomUUID } from 'node:crypto';
import { QdrantTestServer } from '@gapflow/testing';
import { HashingEmbedder } from './hashing-embedder';
import { KnowledgeRetriever } from './knowledge-retriever';
import { loadKnowledgeBase } from './load-knowledge-base';
import { collectionNameFor, QdrantVectorIndex } from './qdrant-vector-index';
import { describeVectorIndexConformance } from './vector-index.conformance';

let qdrant: QdrantTestServer;
beforeAll(async () => {
  qdrant = await QdrantTestServer.start();
});
afterAll(async () => {
  await qdrant.close();
});

describeVectorIndexConformance('QdrantVectorIndex (real client, test server)', async () => new QdrantVectorIndex({ url: qdrant.url, collection: `c_${randomUUID()}`, dimensions: 8 }));

describe('QdrantVectorIndex with the knowledge base', () => {
  const knowledge = loadKnowledgeBase();
  const embedder = new HashingEmbedder();
  const collection = collectionNameFor(knowledge.version, embedder.id);

  it('creates its collection, loads the knowledge base once, and serves a batch in one round trip', async () => {
    const first = await KnowledgeRetriever.create(knowledge, embedder, new QdrantVectorIndex({ url: qdrant.url, collection, dimensions: embedder.dimensions }));
    const upserts = qdrant.count('PUT', /\/points$/);
    expect(upserts).toBeGreaterThan(0);
    expect(qdrant.count('PUT', new RegExp(`^/collections/${collection}$`))).toBe(1);

    // A second worker starting against the same collection embeds and uploads nothing.
    const second = await KnowledgeRetriever.create(knowledge, embedder, new QdrantVectorIndex({ url: qdrant.url, collection, dimensions: embedder.dimensions }));
    expect(qdrant.count('PUT', /\/points$/)).toBe(upserts);

    const batches = qdrant.count('POST', /\/query\/batch$/);
    const results = await second.retrieve(['K8s', 'Terraform', 'customer churn', 'Postgres', 'Go']);
    expect(qdrant.count('POST', /\/query\/batch$/)).toBe(batches + 1);
    expect(results.map((result) => result.best?.id)).toEqual(['kubernetes', 'terraform', 'customer-success', 'postgresql', 'go']);
    // Same neighbours as the embedded index finds.
    const embedded = await first.retrieve(['customer churn']);
    expect(embedded[0]?.neighbours.map((n) => n.entry.id)).toEqual(results[2]?.neighbours.map((n) => n.entry.id));
  });

  it('names collections after the content and the embedder', () => {
    expect(collectionNameFor('abc123', 'hashing-v1-d1024-c3')).toBe('gapflow_kb_abc123_hashing-v1-d1024-c3');
    expect(collectionNameFor('abc123', 'remote-gemini-embedding-001-d768')).not.toBe(collectionNameFor('abc124', 'remote-gemini-embedding-001-d768'));
  });
});

describe('QdrantVectorIndex when Qdrant fails (the shared upstream policy)', () => {
  async function populatedIndex(options: Partial<ConstructorParameters<typeof QdrantVectorIndex>[0]> = {}): Promise<QdrantVectorIndex> {
    const index = new QdrantVectorIndex({ url: qdrant.url, collection: `c_${randomUUID()}`, dimensions: 2, resilience: { baseDelayMs: 1 }, ...options });
    await index.upsert([{ id: 'a', vector: new Float32Array([1, 0]), payload: { entryId: 'a', category: 'infrastructure' } }]);
    return index;
  }
  const batchQueries = () => qdrant.count('POST', /\/query\/batch$/);

  it('retries a query that failed once with a 503, and answers', async () => {
    const index = await populatedIndex();
    const before = batchQueries();
    qdrant.script({ status: 503 });
    const [hit] = await index.search(new Float32Array([1, 0]), 1);
    expect(hit?.id).toBe('a');
    expect(batchQueries()).toBe(before + 2);
  });

  it('retries a query that timed out once, and answers', async () => {
    const index = await populatedIndex({ timeoutMs: 200 });
    const before = batchQueries();
    qdrant.script({ latencyMs: 2_000 });
    const [hit] = await index.search(new Float32Array([1, 0]), 1);
    expect(hit?.id).toBe('a');
    expect(batchQueries()).toBe(before + 2);
  });

  it('gives up with UPSTREAM_UNAVAILABLE once its retries are spent', async () => {
    const index = await populatedIndex({ resilience: { baseDelayMs: 1, maxRetries: 1 } });
    qdrant.script({ status: 500 }, { status: 500 });
    await expect(index.search(new Float32Array([1, 0]), 1)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: 'Qdrant failed (HTTP 500).' });
  });

  it('creates its collection once even when the first attempt failed', async () => {
    const collection = `c_${randomUUID()}`;
    qdrant.script({ status: 502 });
    const index = new QdrantVectorIndex({ url: qdrant.url, collection, dimensions: 2, resilience: { baseDelayMs: 1 } });
    expect(await index.count()).toBe(0);
    expect(qdrant.count('PUT', new RegExp(`^/collections/${collection}$`))).toBe(1);
  });
});
