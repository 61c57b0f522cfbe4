import { roundScore, shortQuote } from '../text-analysis';
import { readStory, type StorySentence } from '../story-reading';
import type { CriterionScorer } from './criterion-result';

type Part = 'situation' | 'task' | 'action' | 'result';

/** Which part of a story each sentence plays, by what it does; a sentence may play two. */
const PLAYS: Record<Part, (sentence: StorySentence, index: number, firstAction: number) => boolean> = {
  // Whatever sets the scene before the speaker acts is situation, whether or not it says "at the time".
  situation: (sentence, index, firstAction) => sentence.situation || (index < firstAction && sentence.past && !sentence.hypothetical),
  task: (sentence) => sentence.task,
  action: (sentence) => sentence.ownAction || sentence.sharedAction || sentence.decision,
  result: (sentence) => sentence.result && !sentence.hypothetical,
};
const PARTS = Object.keys(PLAYS) as Part[];

/** Words past which an answer should earn its length with actions and results. */
const FOCUSED_WORDS = 230;

/**
 * Structure: the answer tells a story — situation, task, action, result, roughly in that
 * order, ideally with a look back — recognised by what each sentence does. A list of what
 * one would do is not a story; a long answer whose sentences mostly set the scene loses focus.
 */
export const scoreStructure: CriterionScorer = (task) => {
  const { sentences, words } = readStory(task.answer);
  const firstAction = sentences.findIndex((sentence) => PLAYS.action(sentence, 0, 0));
  const before = firstAction < 0 ? 0 : firstAction;
  const firstOf = (part: Part) => sentences.findIndex((sentence, index) => PLAYS[part](sentence, index, before));
  const present = PARTS.filter((part) => firstOf(part) >= 0);
  const missing = PARTS.filter((part) => !present.includes(part));
  const situationAt = firstOf('situation');
  const resultAt = sentences.map((sentence, index) => (PLAYS.result(sentence, index, before) ? index : -1)).reduce((last, index) => Math.max(last, index), -1);
  const ordered = situationAt >= 0 && resultAt >= situationAt && firstAction >= 0 && resultAt >= firstAction;
  const reflects = sentences.some((sentence) => sentence.reflection);
  const hypothetical = sentences.filter((sentence) => sentence.hypothetical).length;
  const carrying = sentences.filter((sentence) => PLAYS.action(sentence, 0, 0) || PLAYS.result(sentence, 0, 0)).length;
  // A long answer keeps its focus while at least half its sentences act or conclude.
  const focus = words <= FOCUSED_WORDS ? 1 : Math.min(1, carrying / (0.5 * sentences.length));
  const story = 0.55 * (present.length / PARTS.length) + 0.15 * (ordered ? 1 : 0) + 0.15 * (reflects ? 1 : 0) + 0.15 * focus;
  // Mostly what one would do: a plan, not a story.
  const score = sentences.length > 0 && hypothetical / sentences.length > 0.4 ? Math.min(story, 0.3) : story;
  const quotes = present
    .map((part) => sentences.find((sentence, index) => PLAYS[part](sentence, index, before)))
    .filter((sentence, index, all): sentence is StorySentence => sentence !== undefined && all.indexOf(sentence) === index)
    .slice(0, 3)
    .map((sentence) => shortQuote(sentence.text, 100));

  const feedback =
    score < 0.35 && hypothetical > 0
      ? 'Tell one time it happened, not what you would do: the situation, what you did, and how it ended.'
      : missing.length === 0
        ? focus < 1
          ? 'The story is there, but long: keep the scene short and spend the words on what you did and what came of it.'
          : 'A complete story: situation, task, what you did and how it ended.'
        : `The story lacks its ${listed(missing)}: ${missing.includes('result') ? 'end with what changed' : missing.includes('situation') ? 'start with the situation you were in' : 'say what you set out to do and what you did'}.`;
  return { score: roundScore(score), feedback, quotes };
};

/** "situation", "situation and task", "situation, task and result". */
function listed(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
