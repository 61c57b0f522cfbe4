import type { Embedder } from './embedder';

/**
 * Adds a fixed latency to every embedding call of another embedder, as a remote embedding
 * API would. For benchmarks and demos (SIMULATED_EMBEDDING_LATENCY_MS); 0 adds nothing.
 */
export class DelayedEmbedder implements Embedder {
  constructor(
    private readonly inner: Embedder,
    private readonly latencyMs: number,
  ) {}

  get id(): string {
    return this.inner.id;
  }

  get dimensions(): number {
    return this.inner.dimensions;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    return this.inner.embed(texts);
  }
}
