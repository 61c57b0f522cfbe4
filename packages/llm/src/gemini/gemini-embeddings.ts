import type * as GenAI from '@google/genai' with { 'resolution-mode': 'import' };
import { GeminiLimits } from '@gapflow/core';
import { createGeminiClient, type GeminiClientOptions } from './gemini-client';
import { toUpstreamError } from './upstream-error';


export interface GeminiEmbeddingsOptions extends GeminiClientOptions {
  /** @defaultValue `gemini-embedding-001` */
  model?: string;
  /** @defaultValue 768 */
  dimensions?: number;
  /**
   * Texts per `batchEmbedContents` call; never more than the API accepts.
   * @defaultValue 100 (`GeminiLimits.maxEmbeddingsPerBatch`)
   */
  maxBatchSize?: number;
  /**
   * Calls in flight at once when a batch needs several: the knowledge base (hundreds of texts)
   * goes in one round trip's time without bursting the per-minute quota.
   * @defaultValue 4
   */
  maxConcurrentCalls?: number;
}

/**
 * Gemini embeddings: a batch of texts in as few `embedContent` calls as the API allows (at
 * most 100 texts each), a few calls in flight at once, vectors returned in the order of the
 * texts. The retrieval package's `RemoteEmbedder` normalizes and `CachedEmbedder` caches.
 */
export class GeminiEmbeddings {
  readonly model: string;
  readonly dimensions: number;
  private readonly maxBatchSize: number;
  private readonly maxConcurrentCalls: number;
  private readonly ai: GenAI.GoogleGenAI;

  constructor(options: GeminiEmbeddingsOptions) {
    this.model = options.model ?? 'gemini-embedding-001';
    this.dimensions = options.dimensions ?? 768;
    this.maxBatchSize = Math.max(1, Math.min(options.maxBatchSize ?? GeminiLimits.maxEmbeddingsPerBatch, GeminiLimits.maxEmbeddingsPerBatch));
    this.maxConcurrentCalls = Math.max(1, options.maxConcurrentCalls ?? 4);
    this.ai = createGeminiClient(options);
  }

  async embedBatch(texts: readonly string[]): Promise<number[][]> {
    const chunks: (readonly string[])[] = [];
    for (let start = 0; start < texts.length; start += this.maxBatchSize) chunks.push(texts.slice(start, start + this.maxBatchSize));
    const results: number[][][] = new Array(chunks.length);
    let next = 0;
    let failed = false;
    // A few lanes take the next chunk as they free up; results land at their chunk's index.
    // One failure fails the batch, and the other lanes start no new call.
    const lane = async (): Promise<void> => {
      while (!failed && next < chunks.length) {
        const index = next;
        next += 1;
        try {
          results[index] = await this.embedChunk(chunks[index] as readonly string[]);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.maxConcurrentCalls, chunks.length) }, lane));
    return results.flat();
  }

  private async embedChunk(texts: readonly string[]): Promise<number[][]> {
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
