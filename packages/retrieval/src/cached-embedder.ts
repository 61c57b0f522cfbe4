import { createHash } from 'node:crypto';
import type { Embedder } from './embedder';

/** A content-addressed cache (`ContentCache` in the state package). */
export interface EmbeddingCache {
  get<T>(hash: string): Promise<T | undefined>;
  set(hash: string, value: unknown): Promise<void>;
}

/**
 * Embeds only what the cache does not hold yet, in one call for the whole miss set; every
 * worker shares the cache, so a text is embedded once. Keyed by the embedder's id and the
 * text, so vectors of different models never mix.
 */
export class CachedEmbedder implements Embedder {
  readonly stats = { hits: 0, misses: 0 };

  constructor(
    private readonly inner: Embedder,
    private readonly cache: EmbeddingCache,
  ) {}

  get id(): string {
    return this.inner.id;
  }

  get dimensions(): number {
    return this.inner.dimensions;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const hashes = texts.map((text) => createHash('sha256').update(this.inner.id).update('\u0000').update(text).digest('hex'));
    const cached = await Promise.all(hashes.map((hash) => this.cache.get<number[]>(hash)));
    const missing = texts.map((text, index) => ({ text, index })).filter(({ index }) => cached[index] === undefined);
    this.stats.hits += texts.length - missing.length;
    this.stats.misses += missing.length;
    const fresh = missing.length > 0 ? await this.inner.embed(missing.map(({ text }) => text)) : [];
    await Promise.all(missing.map(({ index }, position) => this.cache.set(hashes[index] as string, Array.from(fresh[position] as Float32Array))));
    const vectors: Float32Array[] = cached.map((values) => (values ? Float32Array.from(values) : new Float32Array()));
    missing.forEach(({ index }, position) => {
      vectors[index] = fresh[position] as Float32Array;
    });
    return vectors;
  }
}
