import type { VectorIndex, VectorPoint } from './vector-index';

/** Unit vector along one axis, with a little of another so that scores are not all 0 or 1. */
function vector(dimensions: number, axis: number, lean = 0, towards = 0): Float32Array {
  const v = new Float32Array(dimensions);
  v[axis] = 1;
  if (lean > 0) v[towards] = lean;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/**
 * What every `VectorIndex` must do, run against each implementation (the embedded index now,
 * Qdrant through its HTTP API later) through a factory that gives a fresh, empty index.
 */
export function describeVectorIndexConformance(name: string, createIndex: () => Promise<VectorIndex>, dimensions = 8): void {
  describe(`${name} (VectorIndex conformance)`, () => {
    let index: VectorIndex;
    const points: VectorPoint[] = [
      { id: 'kubernetes#names', vector: vector(dimensions, 0), payload: { entryId: 'kubernetes', category: 'infrastructure' } },
      { id: 'docker#names', vector: vector(dimensions, 0, 0.8, 1), payload: { entryId: 'docker', category: 'infrastructure' } },
      { id: 'negotiation#names', vector: vector(dimensions, 2), payload: { entryId: 'negotiation', category: 'sales' } },
      { id: 'budgeting#names', vector: vector(dimensions, 3, 0.3, 2), payload: { entryId: 'budgeting', category: 'finance' } },
    ];

    beforeEach(async () => {
      index = await createIndex();
      await index.upsert(points);
    });

    it('counts what was upserted', async () => {
      expect(await index.count()).toBe(points.length);
    });

    it('finds the nearest point first, with its payload and a cosine score', async () => {
      const [first, second] = await index.search(vector(dimensions, 0), 2);
      expect(first).toMatchObject({ id: 'kubernetes#names', payload: { entryId: 'kubernetes', category: 'infrastructure' } });
      expect(first?.score).toBeCloseTo(1, 5);
      expect(second?.id).toBe('docker#names');
      expect(second?.score).toBeLessThan(first?.score ?? 0);
    });

    it('returns at most k hits', async () => {
      expect(await index.search(vector(dimensions, 0), 3)).toHaveLength(3);
      expect(await index.search(vector(dimensions, 0), 10)).toHaveLength(points.length);
    });

    it('keeps only the categories a filter names', async () => {
      const hits = await index.search(vector(dimensions, 0), 10, { categories: ['sales', 'finance'] });
      expect(hits.map((hit) => hit.payload.category).sort()).toEqual(['finance', 'sales']);
    });

    it('answers a batch exactly as it answers each query alone, in order', async () => {
      const queries = [vector(dimensions, 2), vector(dimensions, 0), vector(dimensions, 3)];
      const batch = await index.searchBatch(queries, 2);
      const single = await Promise.all(queries.map((query) => index.search(query, 2)));
      expect(batch.map((hits) => hits.map((hit) => hit.id))).toEqual(single.map((hits) => hits.map((hit) => hit.id)));
      expect(batch[0]?.[0]?.id).toBe('negotiation#names');
    });

    it('replaces a point upserted again under the same id', async () => {
      await index.upsert([{ ...points[0]!, vector: vector(dimensions, 4) }]);
      expect(await index.count()).toBe(points.length);
      const [top] = await index.search(vector(dimensions, 4), 1);
      expect(top?.id).toBe('kubernetes#names');
    });
  });
}
