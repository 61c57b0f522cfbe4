import type { Criterion } from '@gapflow/core';
import type { DeepDiveDraft } from '../call-catalog';
import type { DeepDiveTask } from '../tasks';

/** A criterion scored below this is worth a follow-up. */
const WEAK_BELOW = 0.6;

/**
 * The follow-ups of each criterion, from the broad to the narrow: a criterion still weak
 * after one round is asked again more narrowly, never in the same words.
 */
const FOLLOW_UPS: Record<Criterion, readonly ((skill: string) => string)[]> = {
  impact: [
    (skill) => `What was the measured result of your ${skill} work? Which number moved, from what to what, and over how long?`,
    () => 'How did you know it had worked? Name one thing you could count before and after: time, money, errors, customers or people.',
    () => 'If you had to put one number on what changed, what would it be, and where would someone check it?',
  ],
  specificity: [
    () => 'Make it concrete: which system, product or customer was it, how large was it (users, requests, money, people), and how long did it take?',
    () => 'Name the tools, teams or people involved, and give one figure for the size of the problem.',
    () => 'Pick the one moment that mattered most, and describe it with names and numbers.',
  ],
  ownership: [
    () => 'Which part of this was yours? Describe one decision you made and one thing you did yourself, apart from the team.',
    () => 'Had you not been there, what would have gone differently? Say it as "I …".',
    () => 'What did you decide that someone else might have decided differently, and why did you choose it?',
  ],
  structure: [
    () => 'Set the scene first: what was the situation, and what exactly were you asked to achieve before you started?',
    () => 'Tell it in order: where things stood, what you set out to do, what you did, and how it ended.',
    () => 'How did it end, and what would you do differently now?',
  ],
  relevance: [
    (skill) => `Where did ${skill} come into this? Describe the ${skill} work itself, step by step.`,
    (skill) => `Tell a different story, one where ${skill} was at the centre of what you did.`,
    (skill) => `What is one thing about ${skill} you learned in that work that you did not know before?`,
  ],
};

/**
 * Follow-ups for the weakest criteria of the story so far (its scores are of everything said),
 * weakest first: at least one, at most `maxPrompts`. A criterion the story already satisfies
 * is not asked about; one asked before and still weak is asked more narrowly, never in the
 * same words.
 */
export function writeDeepDives(task: DeepDiveTask): DeepDiveDraft {
  const asked = new Set(task.asked ?? []);
  const ranked = [...task.scores].sort((a, b) => a.score - b.score || a.criterion.localeCompare(b.criterion));
  const weak = ranked.filter((score) => score.score < WEAK_BELOW);
  const prompts = (weak.length > 0 ? weak : ranked.slice(0, 1))
    .map((score) => {
      const wordings = FOLLOW_UPS[score.criterion].map((wording) => wording(task.skill));
      return { criterion: score.criterion, text: wordings.find((text) => !asked.has(text)) };
    })
    .filter((prompt): prompt is { criterion: Criterion; text: string } => prompt.text !== undefined)
    .slice(0, Math.max(1, Math.min(3, task.maxPrompts ?? 3)));
  // Every wording of every weak criterion was asked: ask for the weakest from a new angle.
  if (prompts.length === 0) {
    const weakest = ranked[0]?.criterion ?? 'impact';
    prompts.push({ criterion: weakest, text: `One more time, as plainly as you can: ${FOLLOW_UPS[weakest][0]!(task.skill)}` });
  }
  return { prompts };
}
