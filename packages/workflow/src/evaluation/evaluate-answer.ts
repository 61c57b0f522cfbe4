import { CRITERIA, type AnswerEvaluation, type ProviderInfo } from '@gapflow/core';
import { structuredCall, type KnowledgeSnippet, type LanguageModel } from '@gapflow/llm';
import { aggregateEvaluation } from './aggregate-evaluation';

export interface AnswerToEvaluate {
  question: string;
  skill: string;
  answer: string;
  knowledge: KnowledgeSnippet | undefined;
}

/**
 * Scores an answer on every criterion at once — one model call per criterion, all in flight
 * together — and aggregates them. The answer graph runs the same calls as parallel branches.
 *
 * @example
 * const evaluation = await evaluateAnswer({ question, skill: 'Kubernetes', answer, knowledge }, model);
 */
export async function evaluateAnswer(input: AnswerToEvaluate, model: LanguageModel): Promise<AnswerEvaluation> {
  const results = await Promise.all(
    CRITERIA.map((criterion) =>
      model.generate(
        structuredCall('criterion', {
          criterion,
          question: input.question,
          skill: input.skill,
          knowledge: input.knowledge,
          answer: input.answer,
        }),
      ),
    ),
  );
  const criteria = results.map((result, index) => ({ criterion: CRITERIA[index] as (typeof CRITERIA)[number], ...result.value }));
  // A fallback in any branch marks the whole evaluation, so a reader knows what produced it.
  const source: ProviderInfo = results.find((result) => result.source.fallback)?.source ?? (results[0]?.source as ProviderInfo);
  return aggregateEvaluation(criteria, source);
}
