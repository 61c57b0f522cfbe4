import { storyOf } from '@gapflow/core';
import type { ComposedAnswer, ComposedSentence } from '../language-model';
import type { ComposeTask } from '../tasks';
import { ACTION_CUE, FILLERS, RESULT_CUE, SITUATION_CUE, TASK_CUE } from './cues';
import { splitSentences, type SentenceSpan } from './text-analysis';

type Part = 'situation' | 'task' | 'action' | 'result';
const ORDER: readonly Part[] = ['situation', 'task', 'action', 'result'];

function partOf(sentence: string): Part {
  // Results first: "I cut the bill from 12k to 7k" is a result even though it starts with "I".
  if (RESULT_CUE.test(sentence)) return 'result';
  if (TASK_CUE.test(sentence)) return 'task';
  if (SITUATION_CUE.test(sentence)) return 'situation';
  if (ACTION_CUE.test(sentence)) return 'action';
  return 'action';
}

/** The same sentence, tidied: fillers out, spacing fixed, a capital and a full stop. */
function polish(sentence: string): string {
  const cleaned = sentence
    .replace(FILLERS, '')
    .replace(/\s+([,.;!?])/g, '$1')
    .replace(/,\s*,/g, ',')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[,;\s]+/, '')
    .trim();
  if (cleaned.length === 0) return '';
  const capitalised = cleaned[0]?.toUpperCase() + cleaned.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** Sentences too short to carry a fact ("Yes.", "So.") are dropped. */
function carriesFact(sentence: string): boolean {
  return sentence.split(/\s+/).length >= 3;
}

/**
 * The offline composer: the candidate's own sentences, tidied, de-duplicated and ordered as
 * situation, task, action, result. It adds no word that carries a fact, so every number and
 * name in the result is one the candidate gave, and each sentence points at its source span.
 */
export function composeAnswer(task: ComposeTask): ComposedAnswer {
  const combined = storyOf(task.answerParts);
  const seen = new Set<string>();
  const byPart = new Map<Part, { span: SentenceSpan; text: string }[]>(ORDER.map((part) => [part, []]));
  for (const span of splitSentences(combined)) {
    const text = polish(span.text);
    const key = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
    if (!carriesFact(text) || seen.has(key)) continue;
    seen.add(key);
    byPart.get(partOf(span.text))?.push({ span, text });
  }
  const sentences: ComposedSentence[] = ORDER.flatMap((part) =>
    (byPart.get(part) ?? []).map(({ span, text }) => ({ text, sources: [{ start: span.start, end: span.end }] })),
  );
  return { text: sentences.map((sentence) => sentence.text).join(' '), sentences };
}
