import type { Gap, Question } from '@gapflow/core';
import { structuredCall, type LanguageModel, type SessionContext } from '@gapflow/llm';
import type { KnowledgeRetriever } from '@gapflow/retrieval';
import { knowledgeSnippet } from '../knowledge-snippet';
import { planQuestions } from './plan-questions';
import { questionIdFor } from './question-id';

export interface GenerateQuestionsDependencies {
  model: LanguageModel;
  retriever: KnowledgeRetriever;
}

/**
 * One question per gap, in process: retrieval for every gap in one batch (one embedding call,
 * one search round trip), the plan of each question (planQuestions: no two share an exemplar),
 * then one model call per gap, each told the questions already written. The queue-driven
 * path (one job per gap) makes the same plan and the same calls.
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
  const plans = planQuestions(gaps, new Map(gaps.map((gap, index) => [gap.id, knowledgeSnippet(retrieved[index]?.best) ?? null])), []);
  const questions: Question[] = [];
  for (const [index, gap] of gaps.entries()) {
    const entry = retrieved[index]?.best;
    const plan = plans.get(gap.id);
    const { value, source } = await deps.model.generate(
      structuredCall('question', {
        context,
        gap,
        knowledge: knowledgeSnippet(entry),
        avoid: questions.map((question) => question.text),
        ...(plan ? { plan } : {}),
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
