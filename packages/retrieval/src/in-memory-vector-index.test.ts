import { cosine, HashingEmbedder } from './hashing-embedder';
import { entryTexts } from './knowledge-retriever';
import { loadKnowledgeBase } from './load-knowledge-base';
import { InMemoryVectorIndex } from './in-memory-vector-index';
import { describeVectorIndexConformance } from './vector-index.conformance';

describeVectorIndexConformance('InMemoryVectorIndex', async () => new InMemoryVectorIndex());

describe('InMemoryVectorIndex on the shipped knowledge base', () => {
  it('scores every point exactly as the cosine over every position does, for sparse and dense queries', async () => {
    const embedder = new HashingEmbedder();
    const texts = loadKnowledgeBase().entries.flatMap((entry) => entryTexts(entry).map(({ suffix, text }) => ({ id: `${entry.id}:${suffix}`, text, category: entry.category, entryId: entry.id })));
    const vectors = await embedder.embed(texts.map(({ text }) => text));
    const index = new InMemoryVectorIndex();
    await index.upsert(texts.map(({ id, category, entryId }, position) => ({ id, vector: vectors[position] as Float32Array, payload: { entryId, category } })));
    const dense = Float32Array.from({ length: embedder.dimensions }, (_, position) => Math.sin(position + 1) / Math.sqrt(embedder.dimensions / 2));
    const queries = [...(await embedder.embed(['Terraform', 'stakeholder management', 'Ran an A/B test on guest checkout'])), dense];
    for (const query of queries) {
      const hits = await index.search(query, texts.length);
      expect(hits).toHaveLength(texts.length);
      for (const hit of hits) expect(hit.score).toBe(cosine(query, vectors[texts.findIndex(({ id }) => id === hit.id)] as Float32Array));
    }
  });
});
