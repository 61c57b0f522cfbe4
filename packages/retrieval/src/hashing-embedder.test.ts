import { cosine, HashingEmbedder } from './hashing-embedder';

describe('HashingEmbedder', () => {
  const embedder = new HashingEmbedder();

  it('gives unit vectors of its dimensions, one per text, in order', async () => {
    const vectors = await embedder.embed(['Kubernetes', 'negotiation', '']);
    expect(vectors).toHaveLength(3);
    expect(vectors[0]).toHaveLength(embedder.dimensions);
    expect(Math.hypot(...(vectors[0] as Float32Array))).toBeCloseTo(1, 5);
    expect(Math.hypot(...(vectors[2] as Float32Array))).toBe(0);
  });

  it('is deterministic across instances', async () => {
    const [a] = await embedder.embed(['PostgreSQL query tuning']);
    const [b] = await new HashingEmbedder().embed(['PostgreSQL query tuning']);
    expect(Array.from(a as Float32Array)).toEqual(Array.from(b as Float32Array));
  });

  it('puts spelling variants closer than unrelated skills', () => {
    const postgres = embedder.embedOne('PostgreSQL');
    expect(cosine(postgres, embedder.embedOne('Postgre SQL'))).toBeGreaterThan(cosine(postgres, embedder.embedOne('negotiation')));
    const typescript = embedder.embedOne('TypeScript');
    expect(cosine(typescript, embedder.embedOne('TypeScripts'))).toBeGreaterThan(0.4);
    expect(cosine(typescript, embedder.embedOne('budgeting'))).toBeLessThan(0.3);
  });

  it('names its settings in its id, since vectors of different settings do not compare', () => {
    expect(new HashingEmbedder({ dimensions: 256 }).id).not.toBe(embedder.id);
  });
});
