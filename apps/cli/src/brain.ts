import { OfflineLanguageModel, type LanguageModel } from '@gapflow/llm';
import { HashingEmbedder, InMemoryVectorIndex, KnowledgeRetriever, loadKnowledgeBase, type KnowledgeBase } from '@gapflow/retrieval';
import { GapAnalyzer } from '@gapflow/workflow';

/** The in-process brain on embedded defaults: shipped knowledge base, local retrieval, offline model. */
export interface Brain {
  knowledge: KnowledgeBase;
  analyzer: GapAnalyzer;
  retriever: KnowledgeRetriever;
  model: LanguageModel;
}

export async function createEmbeddedBrain(): Promise<Brain> {
  const knowledge = loadKnowledgeBase();
  return {
    knowledge,
    analyzer: new GapAnalyzer(knowledge),
    retriever: await KnowledgeRetriever.create(knowledge, new HashingEmbedder(), new InMemoryVectorIndex()),
    model: new OfflineLanguageModel(),
  };
}
