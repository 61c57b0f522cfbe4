import type { AnswerEvaluation } from '@gapflow/core';
import { OfflineLanguageModel } from '@gapflow/llm';
import { HashingEmbedder, loadKnowledgeBase, type KnowledgeBase } from '@gapflow/retrieval';
import { loadCalibrationSet, orderedPairs, spearman, type CalibrationAnswer, type CalibrationSplit } from '@gapflow/testing';
import { CRITERION_WEIGHTS, evaluateAnswer, knowledgeSnippet } from '@gapflow/workflow';
import type { Criterion } from '@gapflow/core';
import type { BenchOptions } from './bench-options';

/** The goals: ordering accuracy ≥ 0.95 and Spearman ≥ 0.8. */
const GOALS = { ordering: 0.95, spearman: 0.8 };

interface Scored {
  item: CalibrationAnswer;
  evaluation: AnswerEvaluation;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

/**
 * `npm run bench -- calibration`: the offline evaluator (through the production answer graph)
 * on the labelled answers of packages/testing/calibration, against their 1–5 labels:
 * pairwise ordering accuracy (pairs of one skill with different labels), Spearman's
 * correlation with the labels, and the verdict's accuracy (`sufficient` for labels 4–5). The
 * tuning set also lists what it gets wrong; the held-out set prints its figures only.
 */
export async function calibrationBenchmark(options: BenchOptions): Promise<void> {
  const knowledge = loadKnowledgeBase();
  const model = new OfflineLanguageModel();
  console.log('calibration: the offline evaluator against labelled answers (1–5, as a careful interviewer labels them)');
  for (const split of ['tuning', 'held-out'] as CalibrationSplit[]) {
    const items = loadCalibrationSet(split);
    const scored: Scored[] = [];
    for (const item of items) {
      const input = { question: item.question, skill: item.skill, answer: item.answer, knowledge: knowledgeSnippet(knowledge.get(item.skillId)) };
      scored.push({ item, evaluation: await evaluateAnswer(input, model) });
    }
    const pairs = orderedPairs(scored, (entry) => entry.item.skillId, (entry) => entry.item.label, (entry) => entry.evaluation.overallScore);
    const ordering = pairs.length === 0 ? Number.NaN : pairs.reduce((sum, pair) => sum + pair.agreement, 0) / pairs.length;
    const rho = spearman(
      scored.map((entry) => entry.evaluation.overallScore),
      scored.map((entry) => entry.item.label),
    );
    const verdicts = scored.filter((entry) => (entry.evaluation.verdict === 'sufficient') === (entry.item.label >= 4)).length / scored.length;
    const skills = new Set(items.map((item) => item.skillId)).size;
    console.log(`  ${split} (${items.length} answers, ${skills} skills, ${pairs.length} pairs):`);
    console.log(`    pairwise ordering accuracy ${percent(ordering)}  (goal ${percent(GOALS.ordering)})`);
    console.log(`    Spearman's rho             ${rho.toFixed(3)}   (goal ${GOALS.spearman.toFixed(2)})`);
    console.log(`    verdict accuracy           ${percent(verdicts)}  (sufficient for labels 4–5)`);
    const byLabel = [1, 2, 3, 4, 5].map((label) => {
      const scores = scored.filter((entry) => entry.item.label === label).map((entry) => entry.evaluation.overallScore);
      return scores.length === 0 ? `${label}: –` : `${label}: ${(scores.reduce((sum, score) => sum + score, 0) / scores.length).toFixed(2)}`;
    });
    console.log(`    mean overall score by label ${byLabel.join('  ')}`);
    if (split === 'tuning' && options.fit) fitWeights(scored);
    if (split === 'tuning') embedderRanks(knowledge, items);
    if (split === 'tuning') {
      for (const pair of pairs.filter((candidate) => candidate.agreement < 1)) {
        console.log(`    misordered: ${pair.better.item.id} (label ${pair.better.item.label}, ${pair.better.evaluation.overallScore}) ≤ ${pair.worse.item.id} (label ${pair.worse.item.label}, ${pair.worse.evaluation.overallScore})`);
      }
    }
  }
}

const CRITERIA: readonly Criterion[] = ['relevance', 'specificity', 'structure', 'ownership', 'impact'];

/**
 * `--fit`: the grid search that chose CRITERION_WEIGHTS, on the tuning split only — weights in
 * steps of 0.05 summing to 1 (impact at most 0.5), scored by ordering accuracy plus Spearman's
 * rho of the weighted mean of the criteria. It prints; it changes nothing.
 */
function fitWeights(scored: readonly Scored[]): void {
  const steps = Array.from({ length: 9 }, (_, index) => index * 0.05);
  const scoresOf = (entry: Scored) => Object.fromEntries(entry.evaluation.criteria.map((item) => [item.criterion, item.score])) as Record<Criterion, number>;
  const table = scored.map((entry) => ({ entry, scores: scoresOf(entry) }));
  let best: { weights: number[]; objective: number; ordering: number; rho: number } | undefined;
  for (const a of steps) for (const b of steps) for (const c of steps) for (const d of steps) {
    const e = 1 - a - b - c - d;
    if (e < -1e-9 || e > 0.5 + 1e-9) continue;
    const weights = [a, b, c, d, e];
    const combined = (row: (typeof table)[number]) => CRITERIA.reduce((sum, criterion, index) => sum + (weights[index] as number) * row.scores[criterion], 0);
    const pairs = orderedPairs(table, (row) => row.entry.item.skillId, (row) => row.entry.item.label, combined);
    const ordering = pairs.reduce((sum, pair) => sum + pair.agreement, 0) / pairs.length;
    const rho = spearman(table.map(combined), table.map((row) => row.entry.item.label));
    if (!best || ordering + rho > best.objective) best = { weights, objective: ordering + rho, ordering, rho };
  }
  if (!best) return;
  const shown = (weights: readonly number[]) => CRITERIA.map((criterion, index) => `${criterion} ${(weights[index] as number).toFixed(2)}`).join(', ');
  console.log(`    --fit: best weights ${shown(best.weights)}: ordering ${percent(best.ordering)}, rho ${best.rho.toFixed(3)} (the weighted mean alone, before the relevance gate)`);
  console.log(`    --fit: in use        ${shown(CRITERIA.map((criterion) => CRITERION_WEIGHTS[criterion]))}`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Why relevance does not use the embedded (hashing) embedder: where it ranks an answer's own
 * skill among every knowledge-base entry, by cosine with what practitioners say about each.
 * A buzzword list ranks its skill first; a strong answer that never names it, far down.
 */
function embedderRanks(knowledge: KnowledgeBase, items: readonly CalibrationAnswer[]): void {
  const embedder = new HashingEmbedder();
  const entries = knowledge.entries;
  const profiles = entries.map((entry) => embedder.embedOne([entry.skill, ...entry.aliases, ...entry.keywords, ...entry.signals, entry.mastery].join('. ')));
  const answers = items.map((item) => embedder.embedOne(item.answer));
  const rankOf = (index: number): number => {
    const vector = answers[index] as Float32Array;
    const similarity = profiles.map((profile) => profile.reduce((sum, value, slot) => sum + value * (vector[slot] as number), 0));
    const own = entries.findIndex((entry) => entry.id === items[index]?.skillId);
    return similarity.filter((value) => value > (similarity[own] as number)).length + 1;
  };
  const ranks = items.map((_, index) => rankOf(index));
  const of = (kind: CalibrationAnswer['case'] | 'other') => median(ranks.filter((_, index) => (items[index]?.case ?? 'other') === kind));
  console.log(`    hashing embedder: median rank of the answer's own skill among ${entries.length}: buzzwords ${of('buzzwords')}, never named ${of('unnamed')}, the rest ${of('other')}`);
}
