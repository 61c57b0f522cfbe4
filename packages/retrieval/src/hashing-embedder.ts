import type { Embedder } from './embedder';
import { fnv1a, wordTokens } from './text-tokens';

export interface HashingEmbedderOptions {
  /** 1024: at 512, unrelated names scored up to 0.3 against the shipped entries through collisions. @defaultValue 1024 */
  dimensions?: number;
  /** Character n-gram length; catches spelling variants ("Postgres"/"PostgreSQL"). @defaultValue 3 */
  charGramLength?: number;
}

/** How much each kind of feature counts; words dominate, n-grams break ties and catch variants. */
const WEIGHT = { word: 1, bigram: 0.7, charGram: 0.35 } as const;

/**
 * The local embedder of the embedded default: feature hashing of word unigrams, word bigrams
 * and character n-grams into a fixed-size vector, signed to cancel collisions on average, and
 * normalized to unit length. Deterministic, no network, microseconds per text.
 */
export class HashingEmbedder implements Embedder {
  readonly dimensions: number;
  readonly id: string;
  private readonly charGramLength: number;

  constructor(options: HashingEmbedderOptions = {}) {
    this.dimensions = options.dimensions ?? 1024;
    this.charGramLength = options.charGramLength ?? 3;
    this.id = `hashing-v1-d${this.dimensions}-c${this.charGramLength}`;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((text) => this.embedOne(text));
  }

  /** Synchronous form for in-process callers that embed a handful of short names. */
  embedOne(text: string): Float32Array {
    const vector = new Float32Array(this.dimensions);
    const words = wordTokens(text);
    words.forEach((word, index) => {
      this.add(vector, `w:${word}`, WEIGHT.word);
      const next = words[index + 1];
      if (next !== undefined) this.add(vector, `b:${word} ${next}`, WEIGHT.bigram);
      const padded = `^${word}$`;
      for (let start = 0; start + this.charGramLength <= padded.length; start += 1) {
        this.add(vector, `c:${padded.slice(start, start + this.charGramLength)}`, WEIGHT.charGram);
      }
    });
    return normalize(vector);
  }

  private add(vector: Float32Array, feature: string, weight: number): void {
    const hash = fnv1a(feature);
    const index = hash % this.dimensions;
    // The top bit picks the sign, so unrelated features that share a slot cancel on average.
    vector[index] = (vector[index] ?? 0) + (hash & 0x80000000 ? -weight : weight);
  }
}

function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  if (norm === 0) return vector;
  for (let index = 0; index < vector.length; index += 1) vector[index] = (vector[index] ?? 0) / norm;
  return vector;
}

/** Cosine similarity of two unit vectors (their dot product). */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) dot += (a[index] ?? 0) * (b[index] ?? 0);
  return dot;
}
