import type { TypedSessionEvent } from '@gapflow/client';
import { eventProblems } from './lost-or-doubled';

let serial = 0;
const at = new Date().toISOString();
const event = (type: TypedSessionEvent['type'], data: unknown) => ({ id: `1-${(serial += 1)}`, type, at, data }) as TypedSessionEvent;
const gap = (id: string) => ({ id, skill: id, severity: 'critical', reason: 'Not in the CV.', evidence: [] });
const question = (id: string) => ({ id, gapId: `gap-${id}`, skill: id, text: `Tell me about ${id}.` });
const answer = (text: string) => ({ text, sentences: [], source: { provider: 'gemini', model: 'm' } });
const delta = (questionId: string, attempt: number, index: number, chunk: string) => event('answer.delta', { questionId, attempt, index, chunk });

/** A session whose one gap got one question, whose final answer is the deltas of its last attempt. */
function wholeSession(): TypedSessionEvent[] {
  return [
    event('gaps.ready', { gaps: [gap('gap-a')] }),
    event('question.ready', { groupId: 'g', gapId: 'gap-a', question: question('a') }),
    delta('a', 1, 0, 'I set '),
    event('answer.restarted', { questionId: 'a', attempt: 2, reason: 'the model stream failed' }),
    delta('a', 2, 0, 'I set up '),
    delta('a', 2, 1, 'Terraform.'),
    event('answer.completed', { questionId: 'a', answer: answer('I set up Terraform.') }),
  ];
}

describe('what the events of a session show was lost or doubled', () => {
  it('finds nothing in a whole session whose answer restarted once', () => {
    expect(eventProblems(wholeSession())).toEqual([]);
  });

  it('finds a gap that got no question', () => {
    const events = wholeSession();
    events.unshift(event('gaps.ready', { gaps: [gap('gap-b')] }));
    expect(eventProblems(events)).toEqual(['gap gap-b got 0 question.ready events']);
  });

  it('finds a gap that got two questions', () => {
    const events = [...wholeSession(), event('question.ready', { groupId: 'g', gapId: 'gap-a', question: question('a2') })];
    expect(eventProblems(events)).toContain('gap gap-a got 2 question.ready events');
  });

  it('finds a final answer sent twice', () => {
    const events = [...wholeSession(), event('answer.completed', { questionId: 'a', answer: answer('I set up Terraform.') })];
    expect(eventProblems(events)).toEqual(['question a got 2 answer.completed events']);
  });

  it('finds a final answer that differs from its last attempt\'s deltas (here: it kept the void first attempt)', () => {
    const events = wholeSession().map((item) => (item.type === 'answer.completed' ? event('answer.completed', { questionId: 'a', answer: answer('I set I set up Terraform.') }) : item));
    expect(eventProblems(events)).toEqual(['question a: the final answer differs from the 2 deltas of attempt 2']);
  });

  it('checks the attempt answer.completed names, though a later attempt streamed (two runs of one job at once)', () => {
    const late = [delta('a', 3, 0, 'We '), delta('a', 3, 1, 'used Pulumi.')];
    const named = wholeSession().map((item) => (item.type === 'answer.completed' ? event('answer.completed', { questionId: 'a', answer: answer('I set up Terraform.'), attempt: 2 }) : item));
    expect(eventProblems([...named, ...late])).toEqual([]);
    // Unnamed, the last attempt is the answer, and this one differs.
    expect(eventProblems([...wholeSession(), ...late])).toEqual(['question a: the final answer differs from the 2 deltas of attempt 3']);
  });

  it('finds a delta lost or doubled within the last attempt', () => {
    const lost = wholeSession().filter((item) => !(item.type === 'answer.delta' && item.data.attempt === 2 && item.data.index === 0));
    expect(eventProblems(lost)[0]).toMatch(/indexes 1, not 0..0/);
    const doubled = [...wholeSession(), delta('a', 2, 1, 'Terraform.')];
    expect(eventProblems(doubled)[0]).toMatch(/indexes 0,1,1/);
  });
});
