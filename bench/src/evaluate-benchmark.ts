import { OfflineLanguageModel, splitSentences } from '@gapflow/llm';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { ANSWER_TABLE } from '@gapflow/testing';
import { evaluateAnswer, knowledgeSnippet } from '@gapflow/workflow';
import { measure, row } from './measure';

export async function evaluateBenchmark(): Promise<void> {
  const knowledge = loadKnowledgeBase();
  const model = new OfflineLanguageModel();
  const sample = ANSWER_TABLE[0]!;
  const input = { question: sample.question, skill: sample.skill, answer: sample.strong, knowledge: knowledgeSnippet(knowledge.resolve(sample.skill)) };
  console.log(`evaluate: one answer (${sample.strong.split(/\s+/).length} words) on five criteria through the production answer graph, offline model`);
  const ours = await measure(() => evaluateAnswer(input, model), 500, 50);
  // The floor: reading the answer once into sentences, which every criterion must do anyway.
  const baseline = await measure(() => splitSentences(sample.strong), 500, 50);
  console.log(row("evaluate (the answer graph's scorer, round one)", ours));
  console.log(row('baseline: split the answer into sentences once', baseline));
  console.log(`  ratio: evaluation costs ${(ours.p50Ms / baseline.p50Ms).toFixed(0)}x one read of the answer at p50`);
}
