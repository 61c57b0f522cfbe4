import { ACTION_CUE, RESULT_CUE, SITUATION_CUE, TASK_CUE } from '../cues';
import { roundScore, shortQuote, splitSentences } from '../text-analysis';
import type { CriterionScorer } from './criterion-result';

const PARTS = [
  { name: 'situation', cue: SITUATION_CUE },
  { name: 'task', cue: TASK_CUE },
  { name: 'action', cue: ACTION_CUE },
  { name: 'result', cue: RESULT_CUE },
] as const;

/** Structure: situation, task, action and result are all there, roughly in that order. */
export const scoreStructure: CriterionScorer = (task) => {
  const sentences = splitSentences(task.answer);
  const firstIndex = PARTS.map((part) => sentences.findIndex((sentence) => part.cue.test(sentence.text)));
  const present = PARTS.filter((_, index) => (firstIndex[index] ?? -1) >= 0);
  const missing = PARTS.filter((_, index) => (firstIndex[index] ?? -1) < 0).map((part) => part.name);
  const situationAt = firstIndex[0] ?? -1;
  const resultAt = firstIndex[3] ?? -1;
  const ordered = situationAt >= 0 && resultAt >= 0 && situationAt <= resultAt;

  const score = 0.75 * (present.length / PARTS.length) + 0.15 * Math.min(1, sentences.length / 5) + (ordered ? 0.1 : 0);
  const quotes = present
    .map((part) => sentences.find((sentence) => part.cue.test(sentence.text)))
    .filter((sentence): sentence is NonNullable<typeof sentence> => sentence !== undefined)
    .slice(0, 3)
    .map((sentence) => shortQuote(sentence.text, 100));

  const feedback =
    missing.length === 0
      ? 'A complete story: situation, task, what you did and how it ended.'
      : `The story lacks its ${missing.join(' and ')}: ${missing.includes('result') ? 'end with what changed' : missing.includes('situation') ? 'start with the situation you were in' : 'say what you set out to do and what you did'}.`;
  return { score: roundScore(score), feedback, quotes };
};
