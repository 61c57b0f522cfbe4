import { createHash } from 'node:crypto';
import type * as QdrantRest from '@qdrant/js-client-rest' with { 'resolution-mode': 'import' };
import { GapflowError, UpstreamPolicy, type UpstreamPolicyOptions } from '@gapflow/core';
import type { PointPayload, SearchFilter, SearchHit, VectorIndex, VectorPoint } from './vector-index';

export interface QdrantVectorIndexOptions {
  url: string;
  apiKey?: string;
  /**
   * The collection. Name it after the content and the embedder (see `collectionNameFor`):
   * a changed knowledge base or embedder then gets a new collection and is embedded again,
   * an unchanged one is found populated and left alone.
   */
  collection: string;
  dimensions: number;
  /** Per attempt of every call. @defaultValue 10000 */
  timeoutMs?: number;
  /**
   * Retries, backoff and breaker of the upstream policy every remote call of gapflow goes
   * through (timeouts, 429 and 5xx are retried). @defaultValue UpstreamPolicy's
   */
  resilience?: Omit<UpstreamPolicyOptions, 'service' | 'timeoutMs'>;
}

// The client ships a CommonJS build, but its types resolve as ES module types only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { QdrantClient } = require('@qdrant/js-client-rest') as typeof QdrantRest;

/** A collection name for a knowledge-base version and an embedder: `gapflow_kb_<version>_<embedder>`. */
export function collectionNameFor(knowledgeVersion: string, embedderId: string): string {
  return `gapflow_kb_${knowledgeVersion}_${embedderId}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Qdrant ids are unsigned integers or UUIDs; ours are derived from the point id, stably. */
function pointUuid(id: string): string {
  const hex = createHash('sha1').update(id).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function filterOf(filter: SearchFilter | undefined): Record<string, unknown> | undefined {
  return filter?.categories ? { must: [{ key: 'category', match: { any: [...filter.categories] } }] } : undefined;
}

/**
 * A failed Qdrant call as a `GapflowError`: too slow is `UPSTREAM_TIMEOUT`, unreachable, 429
 * and 5xx are `UPSTREAM_UNAVAILABLE` (both retried), a refused request is `INTERNAL`.
 */
function toQdrantError(error: unknown): GapflowError {
  const status = (error as { status?: unknown })?.status;
  if ((error as { name?: unknown })?.name === 'QdrantClientTimeoutError') return new GapflowError('UPSTREAM_TIMEOUT', 'Qdrant did not answer in time.', { cause: error });
  if (typeof status === 'number' && (status === 429 || status >= 500)) return new GapflowError('UPSTREAM_UNAVAILABLE', `Qdrant failed (HTTP ${status}).`, { cause: error });
  if (typeof status === 'number') return new GapflowError('INTERNAL', `Qdrant refused the request (HTTP ${status}).`, { cause: error });
  return new GapflowError('UPSTREAM_UNAVAILABLE', 'Qdrant could not be reached.', { cause: error });
}

/**
 * The production vector index, on `@qdrant/js-client-rest` (1.18: the newest release that
 * supports Node 20). The collection is created when missing, with the embedder's size and
 * cosine distance; points are upserted idempotently under ids derived from ours; a batch of
 * queries is one `queryBatch` round trip. Every call goes through the shared upstream policy
 * (timeout, retries on timeouts, 429 and 5xx, breaker), as Gemini's do.
 */
export class QdrantVectorIndex implements VectorIndex {
  readonly id: string;
  private readonly client: QdrantRest.QdrantClient;
  private readonly policy: UpstreamPolicy;
  private ready: Promise<void> | undefined;

  constructor(private readonly options: QdrantVectorIndexOptions) {
    this.id = `qdrant:${options.collection}`;
    this.client = new QdrantClient({
      url: options.url,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      timeout: options.timeoutMs ?? 10_000,
      checkCompatibility: false,
    });
    this.policy = new UpstreamPolicy({ ...options.resilience, service: 'Qdrant', timeoutMs: options.timeoutMs ?? 10_000 });
  }

  /** One Qdrant call under the policy; each attempt's failure mapped to a `GapflowError`. */
  private call<T>(work: () => Promise<T>): Promise<T> {
    return this.policy.execute(() => work().catch((error: unknown) => Promise.reject(toQdrantError(error))));
  }

  async upsert(points: readonly VectorPoint[]): Promise<void> {
    await this.ensureCollection();
    for (let start = 0; start < points.length; start += 256) {
      // Idempotent (ids derived from ours), so a retried batch writes nothing twice.
      await this.call(() =>
        this.client.upsert(this.options.collection, {
          wait: true,
          points: points.slice(start, start + 256).map((point) => ({
            id: pointUuid(point.id),
            vector: Array.from(point.vector),
            payload: { ...point.payload, pointId: point.id },
          })),
        }),
      );
    }
  }

  async search(vector: Float32Array, k: number, filter?: SearchFilter): Promise<SearchHit[]> {
    const [hits] = await this.searchBatch([vector], k, filter);
    return hits ?? [];
  }

  async searchBatch(vectors: readonly Float32Array[], k: number, filter?: SearchFilter): Promise<SearchHit[][]> {
    if (vectors.length === 0) return [];
    await this.ensureCollection();
    const qdrantFilter = filterOf(filter);
    const results = await this.call(() =>
      this.client.queryBatch(this.options.collection, {
        searches: vectors.map((vector) => ({ query: Array.from(vector), limit: k, with_payload: true, ...(qdrantFilter ? { filter: qdrantFilter } : {}) })),
      }),
    );
    return results.map((result) =>
      result.points.map((point) => {
        const payload = point.payload as unknown as PointPayload & { pointId: string };
        return { id: payload.pointId, score: point.score, payload: { entryId: payload.entryId, category: payload.category } };
      }),
    );
  }

  async count(): Promise<number> {
    await this.ensureCollection();
    return (await this.call(() => this.client.count(this.options.collection, { exact: true }))).count;
  }

  private ensureCollection(): Promise<void> {
    this.ready ??= this.call(async () => {
      // Checked again on each attempt: a retried creation must not trip over the first one.
      const { exists } = await this.client.collectionExists(this.options.collection);
      if (!exists) await this.client.createCollection(this.options.collection, { vectors: { size: this.options.dimensions, distance: 'Cosine' } });
    }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }
}
