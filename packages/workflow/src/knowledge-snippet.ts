import type { KnowledgeSnippet } from '@gapflow/llm';
import type { KnowledgeEntry } from '@gapflow/retrieval';

/** The part of a knowledge-base entry that a model call carries. */
export function knowledgeSnippet(entry: KnowledgeEntry | undefined): KnowledgeSnippet | undefined {
  if (!entry) return undefined;
  return {
    id: entry.id,
    skill: entry.skill,
    aliases: entry.aliases,
    mastery: entry.mastery,
    signals: entry.signals,
    keywords: entry.keywords,
    questions: entry.questions,
  };
}
