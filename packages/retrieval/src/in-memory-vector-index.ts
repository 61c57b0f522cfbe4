import type { PointPayload, SearchFilter, SearchHit, VectorIndex, VectorPoint } from './vector-index';

/** The positions where a vector is not zero, in order. */
function nonZeroPositions(vector: Float32Array): Uint32Array {
  const positions: number[] = [];
  for (let position = 0; position < vector.length; position += 1) if (vector[position] !== 0) positions.push(position);
  return Uint32Array.from(positions);
}

/**
 * The embedded default index: exact search by scanning every point. The shipped knowledge
 * base has a few hundred points, where a scan needs no tuning. A query from the hashing
 * embedder is sparse (a skill name sets a few dozen of 1,024 positions), so each dot product
 * visits only the query's non-zero positions: the same sum, in the same order, as over every
 * position (a zero term adds nothing), for a fraction of the work.
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
    const positions = nonZeroPositions(vector);
    const hits: SearchHit[] = [];
    for (const [id, point] of this.points) {
      if (categories && !categories.has(point.payload.category)) continue;
      const stored = point.vector;
      let dot = 0;
      for (const position of positions) if (position < stored.length) dot += (vector[position] as number) * (stored[position] as number);
      hits.push({ id, score: dot, payload: point.payload });
    }
    // Ties broken by id so that equal scores give the same order on every run.
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return hits.slice(0, Math.max(0, k));
  }
}
