import type { TypedSessionEvent } from '@gapflow/client';

/** A final answer as it streams in: the chunks of one attempt, by index. */
export interface AnswerDraft {
  attempt: number;
  chunks: string[];
}

export type AnswerDrafts = Readonly<Record<string, AnswerDraft>>;

/**
 * The drafts after one event of the stream: `answer.delta` places its chunk by index in its
 * attempt; a later attempt (`answer.restarted`, or a delta of one) starts over, and chunks of an
 * attempt already replaced are ignored. Any other event leaves the drafts as they were.
 */
export function withAnswerEvent(drafts: AnswerDrafts, event: TypedSessionEvent): AnswerDrafts {
  if (event.type === 'answer.restarted') {
    const current = drafts[event.data.questionId];
    if (current && current.attempt >= event.data.attempt) return drafts;
    return { ...drafts, [event.data.questionId]: { attempt: event.data.attempt, chunks: [] } };
  }
  if (event.type !== 'answer.delta') return drafts;
  const { questionId, attempt, index, chunk } = event.data;
  const current = drafts[questionId];
  if (current && current.attempt > attempt) return drafts;
  const chunks = current && current.attempt === attempt ? [...current.chunks] : [];
  chunks[index] = chunk;
  return { ...drafts, [questionId]: { attempt, chunks } };
}

/** A draft's text so far: its chunks in order, up to the first one not yet received. */
export function draftText(draft: AnswerDraft): string {
  let text = '';
  for (let index = 0; index < draft.chunks.length; index += 1) {
    const chunk = draft.chunks[index];
    if (chunk === undefined) break;
    text += chunk;
  }
  return text;
}
