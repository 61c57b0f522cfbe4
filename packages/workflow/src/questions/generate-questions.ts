import type { Gap, Question } from '@gapflow/core';
import { structuredCall, type LanguageModel, type SessionContext } from '@gapflow/llm';
import type { KnowledgeRetriever } from '@gapflow/retrieval';
import { knowledgeSnippet } from '../knowledge-snippet';
import { questionIdFor } from './question-id';

export interface GenerateQuestionsDependencies {
  model: LanguageModel;
  retriever: KnowledgeRetriever;
}

/**
 * One question per gap, in process: retrieval for every gap in one batch (one embedding call,
 * one search round trip), then one model call per gap, each told the questions already
 * written so that no two are the same. The queue-driven path (one job per gap) reuses the
 * same calls.
 *
 * @example
 * const questions = await generateQuestions({ cv, jd }, gaps, { model, retriever });
 */
export async function generateQuestions(
  context: SessionContext,
  gaps: readonly Gap[],
  deps: GenerateQuestionsDependencies,
): Promise<Question[]> {
  const retrieved = await deps.retriever.retrieve(gaps.map((gap) => gap.skill));
  const questions: Question[] = [];
  for (const [index, gap] of gaps.entries()) {
    const entry = retrieved[index]?.best;
    const { value, source } = await deps.model.generate(
      structuredCall('question', {
        context,
        gap,
        knowledge: knowledgeSnippet(entry),
        avoid: questions.map((question) => question.text),
      }),
    );
    questions.push({
      id: questionIdFor(gap.id),
      gapId: gap.id,
      skill: gap.skill,
      severity: gap.severity,
      text: value.text,
      signals: value.signals,
      ...(entry ? { knowledgeId: entry.id } : {}),
      source,
    });
  }
  return questions;
}
