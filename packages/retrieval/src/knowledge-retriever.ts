import type { Embedder } from './embedder';
import type { KnowledgeBase } from './knowledge-base';
import type { KnowledgeEntry } from './knowledge-entry';
import type { SearchFilter, VectorIndex } from './vector-index';

export interface RetrievedKnowledge {
  /** The skill as asked for. */
  query: string;
  /** The name it was searched under: its canonical name when an alias matched. */
  canonical: string;
  /** The entry that best describes the skill, when one is close enough. */
  best: KnowledgeEntry | undefined;
  /** How `best` was found: its name or an alias (whole or inside the query), or the nearest vector. */
  matchedBy: 'alias' | 'vector' | 'none';
  /** Nearest entries, best first, with cosine scores. */
  neighbours: { entry: KnowledgeEntry; score: number }[];
}

export interface KnowledgeRetrieverOptions {
  /** Neighbours returned per query. @defaultValue 3 */
  k?: number;
  /**
   * Cosine score below which a vector neighbour is not taken as the skill itself; measured on
   * the shipped knowledge base, where unrelated names score under 0.25 against entries and a
   * wrong neighbour ("container orchestration" → Airflow) reached 0.36.
   * @defaultValue 0.4
   */
  minVectorScore?: number;
}

/**
 * The texts an entry is indexed under, one point each: its names alone (so a misspelt or
 * variant name lands near them, undiluted by prose), and what practitioners say about it.
 */
export function entryTexts(entry: KnowledgeEntry): { suffix: string; text: string }[] {
  return [
    { suffix: 'names', text: [entry.skill, ...entry.aliases].join(', ') },
    { suffix: 'about', text: [entry.skill, entry.keywords.join(', '), entry.mastery].join('. ') },
  ];
}

/**
 * Finds the knowledge-base entries for a batch of skills in one embedding call and one
 * `searchBatch` round trip, whatever the batch size. Names go through the alias index first,
 * so "K8s" is searched as "Kubernetes", and an exact alias beats any vector neighbour.
 *
 * @example
 * const retriever = await KnowledgeRetriever.create(knowledge, new HashingEmbedder(), new InMemoryVectorIndex());
 * const [kubernetes] = await retriever.retrieve(['K8s']);
 */
export class KnowledgeRetriever {
  private readonly k: number;
  private readonly minVectorScore: number;

  private constructor(
    readonly knowledge: KnowledgeBase,
    private readonly embedder: Embedder,
    private readonly index: VectorIndex,
    options: KnowledgeRetrieverOptions,
  ) {
    this.k = options.k ?? 3;
    this.minVectorScore = options.minVectorScore ?? 0.4;
  }

  /** A retriever over `index`, which is filled with the knowledge base (idempotently). */
  static async create(
    knowledge: KnowledgeBase,
    embedder: Embedder,
    index: VectorIndex,
    options: KnowledgeRetrieverOptions = {},
  ): Promise<KnowledgeRetriever> {
    const points = knowledge.entries.flatMap((entry) =>
      entryTexts(entry).map(({ suffix, text }) => ({ id: `${entry.id}#${suffix}`, text, entry })),
    );
    // An index that already holds every point (a persistent one, named for this content and
    // embedder) is not embedded again.
    if ((await index.count()) >= points.length) return new KnowledgeRetriever(knowledge, embedder, index, options);
    const vectors = await embedder.embed(points.map((point) => point.text));
    await index.upsert(
      points.map((point, position) => ({
        id: point.id,
        vector: vectors[position] as Float32Array,
        payload: { entryId: point.entry.id, category: point.entry.category },
      })),
    );
    return new KnowledgeRetriever(knowledge, embedder, index, options);
  }

  /** The same index searched with queries embedded by `embedder` (same `id` required). */
  withEmbedder(embedder: Embedder): KnowledgeRetriever {
    if (embedder.id !== this.embedder.id) throw new Error(`embedder ${embedder.id} does not match the index's ${this.embedder.id}`);
    return new KnowledgeRetriever(this.knowledge, embedder, this.index, { k: this.k, minVectorScore: this.minVectorScore });
  }

  async retrieve(skills: readonly string[], filter?: SearchFilter): Promise<RetrievedKnowledge[]> {
    if (skills.length === 0) return [];
    const canonical = skills.map((skill) => this.knowledge.canonicalName(skill));
    const vectors = await this.embedder.embed(canonical);
    // Each entry has two points; ask for twice as many and keep each entry's best.
    const hitLists = await this.index.searchBatch(vectors, this.k * 2, filter);
    return skills.map((query, position) => {
      const neighbours: { entry: KnowledgeEntry; score: number }[] = [];
      for (const hit of hitLists[position] ?? []) {
        const entry = this.knowledge.get(hit.payload.entryId);
        if (!entry || neighbours.some((known) => known.entry.id === entry.id)) continue;
        if (neighbours.length < this.k) neighbours.push({ entry, score: hit.score });
      }
      const aliased = this.knowledge.resolve(query) ?? this.knowledge.findMentioned(query);
      if (aliased) {
        return { query, canonical: canonical[position] ?? query, best: aliased, matchedBy: 'alias' as const, neighbours };
      }
      const top = neighbours[0];
      const close = top !== undefined && top.score >= this.minVectorScore;
      return {
        query,
        canonical: canonical[position] ?? query,
        best: close ? top.entry : undefined,
        matchedBy: close ? ('vector' as const) : ('none' as const),
        neighbours,
      };
    });
  }
}
