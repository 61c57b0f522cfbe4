import type { KnowledgeCategory } from './knowledge-entry';

/** What a point carries besides its vector; filters match on it. */
export interface PointPayload {
  /** The knowledge-base entry id. */
  entryId: string;
  category: KnowledgeCategory;
}

export interface VectorPoint {
  id: string;
  vector: Float32Array;
  payload: PointPayload;
}

export interface SearchFilter {
  /** Only points of these categories. */
  categories?: readonly KnowledgeCategory[];
}

export interface SearchHit {
  id: string;
  /** Cosine similarity, 1 for identical direction. */
  score: number;
  payload: PointPayload;
}

/**
 * Nearest-neighbour search over unit vectors. `searchBatch` answers many queries in one call,
 * which is one round trip for a remote index.
 */
export interface VectorIndex {
  readonly id: string;
  /** Inserts or replaces points by id. */
  upsert(points: readonly VectorPoint[]): Promise<void>;
  search(vector: Float32Array, k: number, filter?: SearchFilter): Promise<SearchHit[]>;
  searchBatch(vectors: readonly Float32Array[], k: number, filter?: SearchFilter): Promise<SearchHit[][]>;
  count(): Promise<number>;
}
