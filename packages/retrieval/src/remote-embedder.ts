import type { Embedder } from './embedder';

/** One batch call of a remote embedding API (Gemini's `embedContent` with many contents). */
export interface EmbeddingBackend {
  readonly model: string;
  readonly dimensions: number;
  embedBatch(texts: readonly string[]): Promise<number[][]>;
}

/**
 * An embedder over a remote API: one call per batch, vectors normalized to unit length (the
 * indexes compare by cosine). The SDK call itself lives with the provider (`GeminiEmbeddings`).
 */
export class RemoteEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;

  constructor(private readonly backend: EmbeddingBackend) {
    this.id = `remote-${backend.model}-d${backend.dimensions}`;
    this.dimensions = backend.dimensions;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const vectors = await this.backend.embedBatch(texts);
    return vectors.map((values) => {
      const norm = Math.hypot(...values) || 1;
      return Float32Array.from(values, (value) => value / norm);
    });
  }
}
