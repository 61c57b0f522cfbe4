/** @gapflow/retrieval — the skills knowledge base, embedders and vector indexes, and the batch retriever over them. */
export { KNOWLEDGE_CATEGORIES, KnowledgeCategory, KnowledgeEntry } from './knowledge-entry';
export { KnowledgeBase } from './knowledge-base';
export { loadKnowledgeBase, DEFAULT_KNOWLEDGE_DIR } from './load-knowledge-base';
export { skillKey } from './skill-key';
export { namePattern } from './name-pattern';
export type { Embedder } from './embedder';
export { HashingEmbedder, cosine, type HashingEmbedderOptions } from './hashing-embedder';
export type { VectorIndex, VectorPoint, PointPayload, SearchFilter, SearchHit } from './vector-index';
export { InMemoryVectorIndex } from './in-memory-vector-index';
export { KnowledgeRetriever, entryTexts, type RetrievedKnowledge, type KnowledgeRetrieverOptions } from './knowledge-retriever';
export { wordTokens } from './text-tokens';
export { DelayedEmbedder } from './delayed-embedder';
export { QdrantVectorIndex, collectionNameFor, type QdrantVectorIndexOptions } from './qdrant-vector-index';
export { RemoteEmbedder, type EmbeddingBackend } from './remote-embedder';
export { CachedEmbedder, type CachedEmbedderOptions, type EmbeddingCache } from './cached-embedder';
