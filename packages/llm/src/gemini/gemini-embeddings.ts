import type * as GenAI from '@google/genai' with { 'resolution-mode': 'import' };
import { createGeminiClient, type GeminiClientOptions } from './gemini-client';
import { toUpstreamError } from './upstream-error';


export interface GeminiEmbeddingsOptions extends GeminiClientOptions {
  /** @defaultValue `gemini-embedding-001` */
  model?: string;
  /** @defaultValue 768 */
  dimensions?: number;
}

/**
 * Gemini embeddings: a whole batch in one `embedContent` call (many contents), so a batch of
 * gaps costs one round trip. The retrieval package's `RemoteEmbedder` normalizes and caches.
 */
export class GeminiEmbeddings {
  readonly model: string;
  readonly dimensions: number;
  private readonly ai: GenAI.GoogleGenAI;

  constructor(options: GeminiEmbeddingsOptions) {
    this.model = options.model ?? 'gemini-embedding-001';
    this.dimensions = options.dimensions ?? 768;
    this.ai = createGeminiClient(options);
  }

  async embedBatch(texts: readonly string[]): Promise<number[][]> {
    try {
      const response = await this.ai.models.embedContent({ model: this.model, contents: [...texts], config: { outputDimensionality: this.dimensions } });
      const vectors = (response.embeddings ?? []).map((embedding) => embedding.values ?? []);
      if (vectors.length !== texts.length) throw new Error(`Gemini returned ${vectors.length} embeddings for ${texts.length} texts`);
      return vectors;
    } catch (error) {
      throw toUpstreamError(error);
    }
  }
}
