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
