import { FIRST_PERSON_ACTION, WE_PATTERN } from '../cues';
import { roundScore, shortQuote, splitSentences } from '../text-analysis';
import type { CriterionScorer } from './criterion-result';

/** Ownership: what the candidate did personally, not only what "we" did. */
export const scoreOwnership: CriterionScorer = (task) => {
  const actions = task.answer.match(FIRST_PERSON_ACTION) ?? [];
  const we = task.answer.match(WE_PATTERN) ?? [];
  const share = actions.length === 0 ? 0 : actions.length / (actions.length + 0.5 * we.length);
  const score = actions.length === 0 ? (we.length > 0 ? 0.1 : 0.15) : 0.55 * share + 0.45 * Math.min(1, actions.length / 3);
  const quotes = splitSentences(task.answer)
    .filter((sentence) => new RegExp(FIRST_PERSON_ACTION.source).test(sentence.text))
    .slice(0, 2)
    .map((sentence) => shortQuote(sentence.text));

  const feedback =
    score >= 0.7
      ? 'Clear ownership: it says what you did yourself.'
      : actions.length === 0
        ? 'Say what you did yourself: "I designed…", "I convinced…", not only what the team did.'
        : 'Separate your part from the team\'s: for each "we", say which piece was yours.';
  return { score: roundScore(score), feedback, quotes };
};
