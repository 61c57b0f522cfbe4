import type { Criterion } from '@gapflow/core';
import type { DeepDiveDraft } from '../call-catalog';
import type { DeepDiveTask } from '../tasks';

/** A criterion scored below this is worth a follow-up. */
const WEAK_BELOW = 0.6;

const FOLLOW_UPS: Record<Criterion, (skill: string) => string> = {
  impact: (skill) => `What was the measured result of your ${skill} work? Which number moved, from what to what, and over how long?`,
  specificity: () => 'Make it concrete: which system, product or customer was it, how large was it (users, requests, money, people), and how long did it take?',
  ownership: () => 'Which part of this was yours? Describe one decision you made and one thing you did yourself, apart from the team.',
  structure: () => 'Set the scene first: what was the situation, and what exactly were you asked to achieve before you started?',
  relevance: (skill) => `Where did ${skill} come into this? Describe the ${skill} work itself, step by step.`,
};

/** Follow-ups for the weakest criteria, weakest first: at least one, at most `maxPrompts`. */
export function writeDeepDives(task: DeepDiveTask): DeepDiveDraft {
  const ranked = [...task.scores].sort((a, b) => a.score - b.score || a.criterion.localeCompare(b.criterion));
  const weak = ranked.filter((score) => score.score < WEAK_BELOW);
  const chosen = (weak.length > 0 ? weak : ranked.slice(0, 1)).slice(0, Math.max(1, Math.min(3, task.maxPrompts ?? 3)));
  return {
    prompts: chosen.map((score) => ({ criterion: score.criterion, text: FOLLOW_UPS[score.criterion](task.skill) })),
  };
}
