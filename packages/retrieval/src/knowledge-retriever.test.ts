import type { Embedder } from './embedder';
import { HashingEmbedder } from './hashing-embedder';
import { InMemoryVectorIndex } from './in-memory-vector-index';
import { KnowledgeRetriever } from './knowledge-retriever';
import { loadKnowledgeBase } from './load-knowledge-base';
import type { SearchFilter, SearchHit, VectorIndex } from './vector-index';

/** A real embedder that counts its calls: the batch promise is about round trips. */
class CountingEmbedder implements Embedder {
  calls = 0;
  private readonly inner = new HashingEmbedder();
  readonly id = this.inner.id;
  readonly dimensions = this.inner.dimensions;
  embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls += 1;
    return this.inner.embed(texts);
  }
}

/** A real index that counts its searches. */
class CountingIndex extends InMemoryVectorIndex {
  searches = 0;
  batches = 0;
  override search(vector: Float32Array, k: number, filter?: SearchFilter): Promise<SearchHit[]> {
    this.searches += 1;
    return super.search(vector, k, filter);
  }
  override searchBatch(vectors: readonly Float32Array[], k: number, filter?: SearchFilter): Promise<SearchHit[][]> {
    this.batches += 1;
    return super.searchBatch(vectors, k, filter);
  }
}

describe('KnowledgeRetriever', () => {
  const knowledge = loadKnowledgeBase();
  let embedder: CountingEmbedder;
  let index: CountingIndex;
  let retriever: KnowledgeRetriever;

  beforeEach(async () => {
    embedder = new CountingEmbedder();
    index = new CountingIndex();
    retriever = await KnowledgeRetriever.create(knowledge, embedder, index);
    embedder.calls = 0;
  });

  it('serves a whole batch with one embedding call and one search round trip', async () => {
    const skills = ['K8s', 'Terraform', 'Postgres', 'people leadership', 'cash flow', 'Haskell', 'Salesforce', 'A/B tests', 'Go', 'MLOps'];
    const results = await retriever.retrieve(skills);
    expect(results).toHaveLength(skills.length);
    expect(embedder.calls).toBe(1);
    expect(index.batches).toBe(1);
    expect(index.searches).toBe(0);
  });

  it('normalizes names through the aliases before embedding, so K8s and Kubernetes meet', async () => {
    const [k8s, kubernetes] = await retriever.retrieve(['K8s', 'Kubernetes']);
    expect(k8s?.canonical).toBe('Kubernetes');
    expect(k8s?.best?.id).toBe('kubernetes');
    expect(k8s?.matchedBy).toBe('alias');
    expect(k8s?.neighbours.map((n) => n.entry.id)).toEqual(kubernetes?.neighbours.map((n) => n.entry.id));
  });

  it('falls back to the nearest vector for a name no alias covers', async () => {
    const [churn] = await retriever.retrieve(['customer churn']);
    expect(churn?.matchedBy).toBe('vector');
    expect(churn?.best?.id).toBe('customer-success');
  });

  it('admits it has no entry for a skill it does not know', async () => {
    const [unknown] = await retriever.retrieve(['underwater basket weaving']);
    expect(unknown?.matchedBy).toBe('none');
    expect(unknown?.best).toBeUndefined();
    expect(unknown?.neighbours.length).toBeGreaterThan(0);
  });

  it('returns each entry once among the neighbours, although it is indexed twice', async () => {
    const [result] = await retriever.retrieve(['Kubernetes']);
    const ids = result?.neighbours.map((n) => n.entry.id) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(3);
  });

  it('costs nothing for an empty batch', async () => {
    expect(await retriever.retrieve([])).toEqual([]);
    expect(embedder.calls).toBe(0);
  });
});
