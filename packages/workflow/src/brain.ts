import { DelayedLanguageModel, OfflineLanguageModel, type LanguageModel } from '@gapflow/llm';
import { DelayedEmbedder, HashingEmbedder, InMemoryVectorIndex, KnowledgeRetriever, loadKnowledgeBase, type KnowledgeBase } from '@gapflow/retrieval';
import { GapAnalyzer } from './gap-analysis/gap-analyzer';

/** What the workflow reasons with: knowledge, gap analysis, retrieval, a language model. */
export interface Brain {
  knowledge: KnowledgeBase;
  analyzer: GapAnalyzer;
  retriever: KnowledgeRetriever;
  model: LanguageModel;
}

export interface EmbeddedBrainOptions {
  /** Latency added to every model call, to stand in for a remote LLM. @defaultValue 0 */
  simulatedLlmLatencyMs?: number;
  /** Latency added to every embedding call. @defaultValue 0 */
  simulatedEmbeddingLatencyMs?: number;
}

/**
 * The brain on embedded defaults: the shipped knowledge base, the hashing embedder over an
 * in-memory index, and the offline model. Built once per process.
 */
export async function createEmbeddedBrain(options: EmbeddedBrainOptions = {}): Promise<Brain> {
  const knowledge = loadKnowledgeBase();
  const embedder = new DelayedEmbedder(new HashingEmbedder(), options.simulatedEmbeddingLatencyMs ?? 0);
  // Indexing embeds the whole knowledge base once; it must not pay the simulated latency.
  const retriever = await KnowledgeRetriever.create(knowledge, new HashingEmbedder(), new InMemoryVectorIndex());
  return {
    knowledge,
    analyzer: new GapAnalyzer(knowledge),
    retriever: retriever.withEmbedder(embedder),
    model: new DelayedLanguageModel(new OfflineLanguageModel(), options.simulatedLlmLatencyMs ?? 0),
  };
}
