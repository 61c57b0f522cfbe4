import { MemorySaver } from '@langchain/langgraph';
import type { AnswerEvaluation, DeepDivePrompt } from '@gapflow/core';
import type { KnowledgeSnippet, LanguageModel } from '@gapflow/llm';
import { buildAnswerGraph, type AnswerGraphListener, type AnswerGraphValues } from '../graphs/answer-graph';

export interface AnswerToEvaluate {
  question: string;
  skill: string;
  answer: string;
  knowledge: KnowledgeSnippet | undefined;
}

/** What the answer graph's first round makes of an answer. */
export interface FirstRound {
  evaluation: AnswerEvaluation;
  /** The deep dives the graph would ask; empty for a sufficient answer. */
  deepDives: DeepDivePrompt[];
}

const UNHEARD: AnswerGraphListener = {
  evaluated: async () => undefined,
  deepDivesAsked: async () => undefined,
  answerDelta: async () => undefined,
  answerRestarted: async () => undefined,
  answerCompleted: async () => undefined,
};

/**
 * Runs the production answer graph — the same scorer nodes and aggregation that sessions
 * run, not a copy — on one answer, on a throwaway in-memory thread, and stops after its first
 * evaluation (with `deepDives`, after the deep dives it would ask). For the CLI and benchmarks.
 *
 * @example
 * const { evaluation, deepDives } = await runFirstRound({ question, skill: 'Kubernetes', answer, knowledge }, model, { deepDives: true });
 */
export async function runFirstRound(input: AnswerToEvaluate, model: LanguageModel, options: { deepDives?: boolean } = {}): Promise<FirstRound> {
  const graph = buildAnswerGraph({ model, checkpointer: new MemorySaver(), listener: UNHEARD });
  const config = { configurable: { thread_id: 'first-round' } };
  const start = { questionId: 'first-round', question: input.question, skill: input.skill, knowledge: input.knowledge ?? null, answerParts: [input.answer] };
  await graph.invoke(start, { ...config, interruptAfter: ['aggregate'] });
  const scored = (await graph.getState(config)).values as AnswerGraphValues;
  const evaluation = scored.evaluations[0] as AnswerEvaluation;
  if (!options.deepDives || evaluation.verdict === 'sufficient') return { evaluation, deepDives: [] };
  await graph.invoke(null, { ...config, interruptAfter: ['askDeepDives'] });
  const asked = (await graph.getState(config)).values as AnswerGraphValues;
  return { evaluation, deepDives: asked.deepDives[0] ?? [] };
}

/**
 * Scores an answer on every criterion, as the answer graph does (it is the graph's scorer).
 *
 * @example
 * const evaluation = await evaluateAnswer({ question, skill: 'Kubernetes', answer, knowledge }, model);
 */
export async function evaluateAnswer(input: AnswerToEvaluate, model: LanguageModel): Promise<AnswerEvaluation> {
  return (await runFirstRound(input, model)).evaluation;
}
