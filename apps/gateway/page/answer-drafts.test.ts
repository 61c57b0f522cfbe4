import type { TypedSessionEvent } from '@gapflow/client';
import { draftText, withAnswerEvent, type AnswerDrafts } from './answer-drafts';

let sequence = 0;
function event<T extends TypedSessionEvent['type']>(type: T, data: Extract<TypedSessionEvent, { type: T }>['data']): TypedSessionEvent {
  sequence += 1;
  return { id: `1-${sequence}`, type, at: '2026-11-30T00:00:00.000Z', data } as TypedSessionEvent;
}
const delta = (attempt: number, index: number, chunk: string) => event('answer.delta', { questionId: 'q1', attempt, index, chunk });

function apply(...events: TypedSessionEvent[]): AnswerDrafts {
  return events.reduce<AnswerDrafts>(withAnswerEvent, {});
}

describe('the final answer as it streams into the page', () => {
  it('places chunks by index, so a chunk that arrives early waits for the one before it', () => {
    const drafts = apply(delta(1, 0, 'I led '), delta(1, 2, 'rollout.'), delta(1, 1, 'the '));
    expect(draftText(drafts.q1!)).toBe('I led the rollout.');
    expect(draftText(apply(delta(1, 0, 'I led '), delta(1, 2, 'rollout.')).q1!)).toBe('I led ');
  });

  it('starts over for a later attempt and ignores what an earlier one still sends', () => {
    const drafts = apply(delta(1, 0, 'first try'), event('answer.restarted', { questionId: 'q1', attempt: 2, reason: 'the writer was restarted' }), delta(1, 1, ' stale'), delta(2, 0, 'second try'));
    expect(drafts.q1).toEqual({ attempt: 2, chunks: ['second try'] });
    // A restart announced again (a replayed stream) does not wipe what its attempt wrote.
    expect(withAnswerEvent(drafts, event('answer.restarted', { questionId: 'q1', attempt: 2, reason: 'again' })).q1).toEqual({ attempt: 2, chunks: ['second try'] });
  });

  it('keeps the drafts of each question apart, and other events change nothing', () => {
    const drafts = apply(delta(1, 0, 'one'), event('answer.delta', { questionId: 'q2', attempt: 1, index: 0, chunk: 'two' }));
    expect([draftText(drafts.q1!), draftText(drafts.q2!)]).toEqual(['one', 'two']);
    expect(withAnswerEvent(drafts, event('session.created', { status: 'ready' }))).toBe(drafts);
  });
});
