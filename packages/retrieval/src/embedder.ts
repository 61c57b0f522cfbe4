/**
 * Turns texts into vectors. Batch-first: one call embeds a whole batch, which is one network
 * round trip for a remote embedder.
 */
export interface Embedder {
  /** Identifies the model and its settings; vectors of different ids are not comparable. */
  readonly id: string;
  readonly dimensions: number;
  /** One unit-length vector per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
