import type { CriterionTask } from '../../tasks';
import { clamp01, contentWords, mentions, roundScore, shortQuote, splitSentences, wordsOf } from '../text-analysis';
import type { CriterionScorer } from './criterion-result';

/** Distinct on-topic words at which the vocabulary part of relevance is full. */
const FULL_VOCABULARY_HITS = 6;

/**
 * The words that show an answer is about the skill and the question: the skill's names, the
 * knowledge base's keywords, signals and mastery text, and the question's own content words.
 */
function vocabularyOf(task: CriterionTask): Set<string> {
  const sources = [
    task.skill,
    task.question,
    ...(task.knowledge ? [task.knowledge.skill, ...task.knowledge.aliases, ...task.knowledge.keywords, ...task.knowledge.signals, task.knowledge.mastery] : []),
  ];
  return contentWords(sources.join(' '));
}

/** Relevance: the answer names the skill and talks in its vocabulary about what was asked. */
export const scoreRelevance: CriterionScorer = (task) => {
  const { answer, knowledge } = task;
  const names = [task.skill, ...(knowledge ? [knowledge.skill, ...knowledge.aliases] : [])];
  const skillNamed = names.some((name) => mentions(answer, name));
  const vocabulary = vocabularyOf(task);
  const hits = [...contentWords(answer)].filter((word) => vocabulary.has(word));
  const tooShort = wordsOf(answer).length < 8;

  const score = tooShort ? 0.05 : clamp01((skillNamed ? 0.25 : 0) + 0.75 * Math.min(1, hits.length / FULL_VOCABULARY_HITS));
  const onTopic = (text: string): boolean => names.some((name) => mentions(text, name)) || [...contentWords(text)].some((word) => vocabulary.has(word));
  const quotes = splitSentences(answer)
    .filter((sentence) => onTopic(sentence.text))
    .slice(0, 2)
    .map((sentence) => shortQuote(sentence.text));

  let feedback: string;
  if (score >= 0.7) {
    feedback = `The answer stays on ${task.skill} and on what was asked.`;
  } else if (score >= 0.4) {
    // Examples the answer does not already give.
    const examples = (knowledge?.keywords ?? []).filter((keyword) => !mentions(answer, keyword)).slice(0, 2);
    feedback = `Make the ${task.skill} part explicit: say which ${task.skill} work you did${examples.length ? `, e.g. ${examples.join(' or ')}` : ''}.`;
  } else {
    feedback = `The answer does not show ${task.skill} yet: describe a situation where you used it and what you did with it.`;
  }
  return { score: roundScore(score), feedback, quotes };
};
