import { roundScore, shortQuote } from '../text-analysis';
import { readStory } from '../story-reading';
import type { CriterionScorer } from './criterion-result';

/**
 * Ownership: what the speaker did — sentences where "I" acts, in the past, as a fact —
 * against what "we" or "the team" did, and the decisions the speaker owns.
 */
export const scoreOwnership: CriterionScorer = (task) => {
  const { sentences } = readStory(task.answer);
  const own = sentences.filter((sentence) => sentence.ownAction);
  const shared = sentences.filter((sentence) => sentence.sharedAction);
  const decisions = sentences.filter((sentence) => sentence.decision);
  const share = own.length === 0 ? 0 : own.length / (own.length + shared.length);
  const score = own.length === 0 ? (shared.length > 0 ? 0.1 : 0.05) : 0.45 * share + 0.35 * Math.min(1, own.length / 4) + 0.2 * Math.min(1, decisions.length);
  const quotes = (decisions.length > 0 ? [...decisions, ...own] : own)
    .filter((sentence, index, all) => all.indexOf(sentence) === index)
    .slice(0, 2)
    .map((sentence) => shortQuote(sentence.text));

  const feedback =
    score >= 0.7
      ? 'Clear ownership: it says what you did yourself.'
      : own.length === 0
        ? 'Say what you did yourself: "I designed…", "I convinced…", not only what the team did.'
        : shared.length > 0
          ? 'Separate your part from the team\'s: for each "we", say which piece was yours.'
          : 'Say more of what you did yourself: the decisions you made and the steps you took.';
  return { score: roundScore(score), feedback, quotes };
};
