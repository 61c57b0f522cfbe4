import { mentions, numbersIn, properNounsIn, roundScore, shortQuote, splitSentences, wordsOf } from '../text-analysis';
import type { CriterionScorer } from './criterion-result';

/** Specificity: numbers, names and technical detail instead of generalities. */
export const scoreSpecificity: CriterionScorer = (task) => {
  const { answer, knowledge } = task;
  const numbers = numbersIn(answer);
  const names = new Set(properNounsIn(answer));
  const terms = (knowledge?.keywords ?? []).filter((keyword) => mentions(answer, keyword));
  const words = wordsOf(answer).length;

  const score =
    0.35 * Math.min(1, numbers.length / 3) +
    0.25 * Math.min(1, names.size / 3) +
    0.2 * Math.min(1, terms.length / 3) +
    0.2 * Math.min(1, words / 120);
  const quotes = splitSentences(answer)
    .filter((sentence) => numbersIn(sentence.text).length > 0 || properNounsIn(sentence.text).length > 0)
    .slice(0, 2)
    .map((sentence) => shortQuote(sentence.text));

  const feedback =
    score >= 0.7
      ? 'Concrete: it names systems and gives numbers a listener can picture.'
      : numbers.length === 0
        ? 'Add numbers: how many users, requests, people or dollars, and over what time.'
        : 'Add the names of the systems, tools or teams involved, and the scale in numbers.';
  return { score: roundScore(score), feedback, quotes };
};
