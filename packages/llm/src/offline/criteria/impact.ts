import { RESULT_CUE } from '../cues';
import { numbersIn, roundScore, shortQuote, splitSentences } from '../text-analysis';
import type { CriterionScorer } from './criterion-result';

/** Impact: a result, measured — ideally a number before and after. */
export const scoreImpact: CriterionScorer = (task) => {
  const results = splitSentences(task.answer).filter((sentence) => RESULT_CUE.test(sentence.text));
  const measured = results.filter((sentence) => numbersIn(sentence.text).length > 0);
  const beforeAfter = measured.some((sentence) => /\bfrom\b.+\bto\b/i.test(sentence.text));
  const score = 0.3 * Math.min(1, results.length) + 0.55 * Math.min(1, measured.length / 2) + (beforeAfter ? 0.15 : 0);
  const quotes = (measured.length > 0 ? measured : results).slice(0, 2).map((sentence) => shortQuote(sentence.text));

  const feedback =
    score >= 0.7
      ? 'The outcome is measured, so a listener can judge its size.'
      : results.length === 0
        ? 'Finish with the outcome: what changed because of what you did?'
        : 'Put a number on the outcome: from what to what, in how long.';
  return { score: roundScore(score), feedback, quotes };
};
