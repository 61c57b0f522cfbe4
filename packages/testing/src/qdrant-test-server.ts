import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer } from './loopback-server';

interface StoredPoint {
  id: string | number;
  vector: number[];
  payload: Record<string, unknown>;
}

interface Collection {
  size: number;
  points: Map<string, StoredPoint>;
}

/** What one scripted reply does instead of answering normally. */
export type QdrantFault = { status: 500 | 502 | 503 } | { latencyMs: number };

interface QuerySpec {
  query?: number[];
  limit?: number;
  filter?: { must?: { key: string; match: { any?: unknown[]; value?: unknown } }[] };
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function matches(point: StoredPoint, filter: QuerySpec['filter']): boolean {
  return (filter?.must ?? []).every((condition) => {
    const value = point.payload[condition.key];
    if (condition.match.any) return condition.match.any.includes(value);
    return condition.match.value === value;
  });
}

/**
 * A Qdrant-compatible HTTP server for tests: the REST calls `@qdrant/js-client-rest` makes
 * for collections (exists, create, get), points (upsert, count) and queries (query and
 * query/batch, exact cosine, payload filters with `match.any` / `match.value`). Qdrant has no
 * embedded mode for JavaScript and no server installs here; docker-compose runs the real one.
 * Every request is recorded, so tests can count round trips; the next replies can be scripted
 * to fail (5xx) or to come late.
 */
export class QdrantTestServer {
  readonly requests: { method: string; path: string }[] = [];
  private readonly collections = new Map<string, Collection>();
  private readonly faults: QdrantFault[] = [];

  private server!: LoopbackServer;

  private constructor() {}

  static async start(): Promise<QdrantTestServer> {
    const instance = new QdrantTestServer();
    instance.server = await LoopbackServer.start((req, res) => void instance.handle(req, res));
    return instance;
  }

  get url(): string {
    return this.server.url;
  }

  /** The next requests (any route) answer with these faults, in order, then normally again. */
  script(...faults: QdrantFault[]): void {
    this.faults.push(...faults);
  }

  count(method: string, pathPattern: RegExp): number {
    return this.requests.filter((request) => request.method === method && pathPattern.test(request.path)).length;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname });
    const fault = this.faults.shift();
    if (fault && 'latencyMs' in fault) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault && 'status' in fault) return this.json(res, fault.status, { status: { error: 'Service Unavailable: scripted fault' }, time: 0 });
    const ok = (result: unknown) => this.json(res, 200, { result, status: 'ok', time: 0.0001 });
    if (url.pathname === '/') return this.json(res, 200, { title: 'qdrant - vector search engine', version: '1.15.0' });
    const match = /^\/collections\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!match) return this.json(res, 404, { status: { error: 'Not found' } });
    const name = decodeURIComponent(match[1] as string);
    const rest = match[2] ?? '';
    const collection = this.collections.get(name);

    if (rest === '/exists' && method === 'GET') return ok({ exists: Boolean(collection) });
    if (rest === '' && method === 'PUT') {
      const vectors = body.vectors as { size: number };
      this.collections.set(name, { size: vectors.size, points: new Map() });
      return ok(true);
    }
    if (!collection) return this.json(res, 404, { status: { error: `Collection ${name} not found` } });
    if (rest === '' && method === 'GET') {
      return ok({ status: 'green', points_count: collection.points.size, config: { params: { vectors: { size: collection.size, distance: 'Cosine' } } } });
    }
    if (rest === '/points' && method === 'PUT') {
      for (const point of (body.points ?? []) as StoredPoint[]) collection.points.set(String(point.id), point);
      return ok({ operation_id: 1, status: 'completed' });
    }
    if (rest === '/points/count' && method === 'POST') {
      return ok({ count: [...collection.points.values()].filter((point) => matches(point, body.filter as QuerySpec['filter'])).length });
    }
    if (rest === '/points/query' && method === 'POST') return ok({ points: this.query(collection, body as QuerySpec) });
    if (rest === '/points/query/batch' && method === 'POST') {
      return ok(((body.searches ?? []) as QuerySpec[]).map((search) => ({ points: this.query(collection, search) })));
    }
    return this.json(res, 404, { status: { error: `No route ${method} ${url.pathname}` } });
  }

  private query(collection: Collection, spec: QuerySpec): { id: string | number; version: number; score: number; payload: Record<string, unknown> }[] {
    const query = spec.query ?? [];
    return [...collection.points.values()]
      .filter((point) => matches(point, spec.filter))
      .map((point) => ({ id: point.id, version: 0, score: cosine(query, point.vector), payload: point.payload }))
      .sort((a, b) => b.score - a.score || String(a.id).localeCompare(String(b.id)))
      .slice(0, spec.limit ?? 10);
  }

  private json(res: ServerResponse, status: number, value: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(value));
  }
}
