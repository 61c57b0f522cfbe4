import { createHash } from 'node:crypto';
import type { Embedder } from './embedder';

/** Vectors shared by every process (`SharedEmbeddingCache` in the state package). */
export interface EmbeddingCache {
  /** The stored vector of each text hash of one embedder, in order; undefined where none. */
  getMany(embedderId: string, textHashes: readonly string[]): Promise<(number[] | undefined)[]>;
  setMany(embedderId: string, entries: readonly { textHash: string; vector: readonly number[] }[]): Promise<void>;
  /** Takes the lease of embedding one batch: a release function, or undefined when another process holds it. */
  tryLease(embedderId: string, batchHash: string, leaseMs: number): Promise<(() => Promise<void>) | undefined>;
}

export interface CachedEmbedderOptions {
  /**
   * How long one process may embed a batch before another may take over. Long enough for the
   * knowledge base (a few hundred texts, four calls in flight) with a retry.
   * @defaultValue 30000
   */
  leaseMs?: number;
  /** How often a waiting process looks for the vectors another is embedding. @defaultValue 100 */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Embeds only what the shared cache does not hold yet, keyed by the embedder's id and a hash
 * of the text, so vectors of different models never mix. When several processes miss the same
 * batch at once (ten workers starting together, each indexing the knowledge base), one takes
 * a lease and embeds it; the others wait and read its vectors, so the batch is embedded once.
 * A waiter whose lease holder dies takes the lease over when it expires.
 */
export class CachedEmbedder implements Embedder {
  readonly stats = { hits: 0, misses: 0 };
  private readonly leaseMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly inner: Embedder,
    private readonly cache: EmbeddingCache,
    options: CachedEmbedderOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 100;
  }

  get id(): string {
    return this.inner.id;
  }

  get dimensions(): number {
    return this.inner.dimensions;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const hashes = texts.map((text) => createHash('sha256').update(this.inner.id).update('\u0000').update(text).digest('hex'));
    const vectors: (Float32Array | undefined)[] = (await this.cache.getMany(this.id, hashes)).map((values) => (values ? Float32Array.from(values) : undefined));
    const missing = (): number[] => vectors.flatMap((vector, index) => (vector ? [] : [index]));
    const initiallyMissing = missing();
    this.stats.hits += texts.length - initiallyMissing.length;
    this.stats.misses += initiallyMissing.length;
    if (initiallyMissing.length === 0) return vectors as Float32Array[];

    // Processes missing the same texts compete for the same lease.
    const batchHash = createHash('sha256').update(initiallyMissing.map((index) => hashes[index]).join(',')).digest('hex');
    for (;;) {
      const release = await this.cache.tryLease(this.id, batchHash, this.leaseMs);
      if (release) {
        try {
          await this.fill(vectors, hashes, texts);
          return vectors as Float32Array[];
        } finally {
          await release().catch(() => undefined);
        }
      }
      // Another process is embedding these texts: wait for its vectors, or for its lease to lapse.
      await sleep(this.pollMs);
      const stillMissing = missing();
      const found = await this.cache.getMany(this.id, stillMissing.map((index) => hashes[index] as string));
      stillMissing.forEach((index, position) => {
        const values = found[position];
        if (values) vectors[index] = Float32Array.from(values);
      });
      if (missing().length === 0) return vectors as Float32Array[];
    }
  }

  /** Embeds what is still missing (the holder before may have finished) and stores it. */
  private async fill(vectors: (Float32Array | undefined)[], hashes: readonly string[], texts: readonly string[]): Promise<void> {
    let todo = vectors.flatMap((vector, index) => (vector ? [] : [index]));
    const found = await this.cache.getMany(this.id, todo.map((index) => hashes[index] as string));
    todo.forEach((index, position) => {
      const values = found[position];
      if (values) vectors[index] = Float32Array.from(values);
    });
    todo = todo.filter((index) => !vectors[index]);
    if (todo.length === 0) return;
    const fresh = await this.inner.embed(todo.map((index) => texts[index] as string));
    todo.forEach((index, position) => {
      vectors[index] = fresh[position];
    });
    await this.cache.setMany(
      this.id,
      todo.map((index, position) => ({ textHash: hashes[index] as string, vector: Array.from(fresh[position] as Float32Array) })),
    );
  }
}
