import type * as GenAI from '@google/genai' with { 'resolution-mode': 'import' };
import { createGeminiClient, type GeminiClientOptions } from './gemini-client';
import { toUpstreamError } from './upstream-error';
import { isCacheTooSmall, isVanishedCache } from './vanished-cache';


export interface CreatedCache {
  name: string;
  /** When Gemini drops the cache, in ms since the epoch. */
  expiresAt: number;
}

export type GeminiCacheClientOptions = GeminiClientOptions;

/**
 * Gemini's explicit context caches (`ai.caches.*`): create one for a prompt's stable prefix,
 * extend it while its session is active, delete it when the session is erased. The Redis
 * coordination that makes ten workers create one cache lives in `SharedContextCaches`.
 */
export class GeminiCacheClient {
  private readonly ai: GenAI.GoogleGenAI;

  constructor(options: GeminiCacheClientOptions) {
    this.ai = createGeminiClient(options);
  }

  async create(model: string, stablePrefix: string, ttlSeconds: number): Promise<CreatedCache> {
    try {
      const cache = await this.ai.caches.create({ model, config: { systemInstruction: stablePrefix, ttl: `${ttlSeconds}s`, displayName: 'gapflow session prefix' } });
      if (!cache.name) throw new Error('Gemini created a cache without a name');
      return { name: cache.name, expiresAt: cache.expireTime ? Date.parse(cache.expireTime) : Date.now() + ttlSeconds * 1000 };
    } catch (error) {
      throw toUpstreamError(error);
    }
  }

  /** Gemini refused a creation as below the model's minimum token count: retrying would be refused again. */
  isTooSmall(error: unknown): boolean {
    return isCacheTooSmall(error);
  }

  async extend(name: string, ttlSeconds: number): Promise<CreatedCache> {
    try {
      const cache = await this.ai.caches.update({ name, config: { ttl: `${ttlSeconds}s` } });
      return { name, expiresAt: cache.expireTime ? Date.parse(cache.expireTime) : Date.now() + ttlSeconds * 1000 };
    } catch (error) {
      throw toUpstreamError(error);
    }
  }

  async delete(name: string): Promise<void> {
    try {
      await this.ai.caches.delete({ name });
    } catch (error) {
      // Already gone (expired, or deleted by another worker) is what deleting wanted.
      if (isVanishedCache(error)) return;
      throw toUpstreamError(error);
    }
  }
}
