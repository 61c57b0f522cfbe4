import { roundScore, shortQuote } from '../text-analysis';
import { readStory } from '../story-reading';
import type { CriterionScorer } from './criterion-result';

/**
 * Impact: an outcome, measured — however it is phrased ("fell from 9 a month to 1", "restored
 * 31 minutes after the page", "promoted twice in 18 months", "saved 40k"), ideally compared
 * with how things were. An outcome of something that never happened (a hypothetical) counts
 * for little.
 */
export const scoreImpact: CriterionScorer = (task) => {
  const story = readStory(task.answer);
  const results = story.sentences.filter((sentence) => sentence.result && !sentence.hypothetical);
  const measured = results.filter((sentence) => sentence.measures > 0);
  const measures = measured.reduce((sum, sentence) => sum + sentence.measures, 0);
  const compared = results.some((sentence) => sentence.comparison);
  const lived = story.sentences.some((sentence) => sentence.ownAction || sentence.sharedAction);
  // One outcome is the story's end; two measures of it (or one against how things were) make it judgeable.
  const raw = 0.3 * Math.min(1, results.length) + 0.5 * Math.min(1, measures / 2) + (compared ? 0.2 : 0);
  const score = lived ? raw : raw * 0.4;
  const quotes = (measured.length > 0 ? measured : results).slice(0, 2).map((sentence) => shortQuote(sentence.text));

  const feedback =
    score >= 0.7
      ? 'The outcome is measured, so a listener can judge its size.'
      : results.length === 0
        ? 'Finish with the outcome: what changed because of what you did?'
        : measures === 0
          ? 'Put a number on the outcome: from what to what, in how long.'
          : 'Compare the outcome with how things were: from what to what, or against what was expected.';
  return { score: roundScore(score), feedback, quotes };
};
