import { mentions, numbersIn, properNounsIn, roundScore, shortQuote } from '../text-analysis';
import { readStory } from '../story-reading';
import type { CriterionScorer } from './criterion-result';

/** Distinct specifics (quantities, names, the craft's terms) at which specificity is full. */
const FULL_SPECIFICS = 8;

/** Capitalised words that open a clause or a title, not names of things. */
const NOT_NAMES = new Set(['I', 'I\'d', 'I\'m', 'I\'ve', 'I\'ll', 'The', 'A', 'An', 'We', 'Our', 'My', 'It', 'This', 'That', 'So', 'But', 'And', 'Then', 'When', 'After', 'Before', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']);

/**
 * Specificity: the named systems, teams, people and places, the scale in numbers and the
 * terms of the craft — counted once each, so a long answer does not score for its length, and
 * a list of what one would do is specific about nothing that happened.
 */
export const scoreSpecificity: CriterionScorer = (task) => {
  const { answer, knowledge } = task;
  const story = readStory(answer);
  // Only what happened is specific: the terms of a list of what one would do are not.
  const told = story.sentences.filter((sentence) => !sentence.hypothetical).map((sentence) => sentence.text).join(' ');
  const numbers = new Set(numbersIn(told).map((number) => number.toLowerCase()));
  const names = new Set(properNounsIn(told).filter((name) => !NOT_NAMES.has(name)));
  const terms = (knowledge?.keywords ?? []).filter((keyword) => mentions(told, keyword));
  const specifics = numbers.size + names.size + terms.length;
  const lived = story.sentences.some((sentence) => sentence.ownAction || sentence.sharedAction);
  const score = Math.min(1, specifics / FULL_SPECIFICS) * (lived ? 1 : 0.5);
  const quotes = story.sentences
    .filter((sentence) => numbersIn(sentence.text).length > 0 || properNounsIn(sentence.text).some((name) => !NOT_NAMES.has(name)))
    .slice(0, 2)
    .map((sentence) => shortQuote(sentence.text));

  const feedback =
    score >= 0.7
      ? 'Concrete: it names systems and gives numbers a listener can picture.'
      : numbers.size === 0
        ? 'Add numbers: how many users, requests, people or dollars, and over what time.'
        : 'Add the names of the systems, tools or teams involved, and the scale in numbers.';
  return { score: roundScore(score), feedback, quotes };
};
