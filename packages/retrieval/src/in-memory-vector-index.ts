import { cosine } from './hashing-embedder';
import type { PointPayload, SearchFilter, SearchHit, VectorIndex, VectorPoint } from './vector-index';

/**
 * The embedded default index: exact search by scanning every point. The shipped knowledge
 * base has a few hundred points, where a scan takes microseconds and needs no tuning.
 */
export class InMemoryVectorIndex implements VectorIndex {
  readonly id = 'in-memory';
  private readonly points = new Map<string, { vector: Float32Array; payload: PointPayload }>();

  async upsert(points: readonly VectorPoint[]): Promise<void> {
    for (const point of points) this.points.set(point.id, { vector: point.vector, payload: point.payload });
  }

  async search(vector: Float32Array, k: number, filter?: SearchFilter): Promise<SearchHit[]> {
    return this.scan(vector, k, filter);
  }

  async searchBatch(vectors: readonly Float32Array[], k: number, filter?: SearchFilter): Promise<SearchHit[][]> {
    return vectors.map((vector) => this.scan(vector, k, filter));
  }

  async count(): Promise<number> {
    return this.points.size;
  }

  private scan(vector: Float32Array, k: number, filter?: SearchFilter): SearchHit[] {
    const categories = filter?.categories ? new Set(filter.categories) : undefined;
    const hits: SearchHit[] = [];
    for (const [id, point] of this.points) {
      if (categories && !categories.has(point.payload.category)) continue;
      hits.push({ id, score: cosine(vector, point.vector), payload: point.payload });
    }
    // Ties broken by id so that equal scores give the same order on every run.
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return hits.slice(0, Math.max(0, k));
  }
}
