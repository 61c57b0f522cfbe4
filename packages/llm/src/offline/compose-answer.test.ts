import { ANSWER_TABLE } from '@gapflow/testing';
import { composeAnswer } from './compose-answer';
import { numbersIn, properNounsIn } from './text-analysis';

const FOLLOW_UPS = [
  'The outage before that had cost us about 12 minutes of downtime. I also wrote a runbook for Sarah and the on-call team.',
  'Um, basically the numbers were from 900 ms to 150 ms at p95, and honestly it stayed there for months.',
];

function numberTokens(text: string): Set<string> {
  return new Set(numbersIn(text).flatMap((n) => n.match(/\d[\d,.]*/g) ?? []).map((n) => n.replace(/[.,]$/, '')));
}

describe('composing the final answer offline', () => {
  const cases = ANSWER_TABLE.flatMap((row) => [
    { label: `${row.skill}, strong`, row, parts: [row.strong] },
    { label: `${row.skill}, medium with follow-ups`, row, parts: [row.medium, ...FOLLOW_UPS] },
    { label: `${row.skill}, weak`, row, parts: [row.weak] },
  ]);

  it.each(cases)('adds no number the candidate did not give ($label)', ({ row, parts }) => {
    const candidate = parts.join('\n\n');
    const composed = composeAnswer({ question: row.question, skill: row.skill, answerParts: parts });
    const given = numberTokens(candidate);
    for (const number of numberTokens(composed.text)) expect(given).toContain(number);
  });

  it.each(cases)('adds no proper noun the candidate did not give ($label)', ({ row, parts }) => {
    const candidate = parts.join('\n\n');
    const composed = composeAnswer({ question: row.question, skill: row.skill, answerParts: parts });
    const candidateWords = new Set(candidate.match(/[A-Za-z][A-Za-z0-9'+#.-]*/g)?.map((w) => w.replace(/[.'-]+$/, '')) ?? []);
    for (const noun of properNounsIn(composed.text)) expect(candidateWords).toContain(noun);
  });

  it('traces every sentence to the span of the candidate text it came from', () => {
    const row = ANSWER_TABLE[0]!;
    const parts = [row.medium, ...FOLLOW_UPS];
    const candidate = parts.join('\n\n');
    const composed = composeAnswer({ question: row.question, skill: row.skill, answerParts: parts });
    expect(composed.sentences.length).toBeGreaterThan(3);
    for (const sentence of composed.sentences) {
      const source = sentence.sources.map((span) => candidate.slice(span.start, span.end)).join(' ');
      const sourceWords = new Set(source.toLowerCase().match(/[a-z0-9]+/g));
      for (const word of sentence.text.toLowerCase().match(/[a-z0-9]+/g) ?? []) expect(sourceWords).toContain(word);
    }
    expect(composed.text).toBe(composed.sentences.map((s) => s.text).join(' '));
  });

  it('puts the situation first and the result last, and drops filler words', () => {
    const composed = composeAnswer({
      question: 'q',
      skill: 'Kubernetes',
      answerParts: ['As a result deploys went from 40 minutes to 5 minutes.', 'I rewrote the Helm charts myself.', 'At the time we had 12 services on one cluster.', 'Um, basically I also set resource limits.'],
    });
    expect(composed.sentences.map((s) => s.text)).toEqual([
      'At the time we had 12 services on one cluster.',
      'I rewrote the Helm charts myself.',
      'I also set resource limits.',
      'As a result deploys went from 40 minutes to 5 minutes.',
    ]);
  });

  it('says a repeated sentence once', () => {
    const composed = composeAnswer({ question: 'q', skill: 'Go', answerParts: ['I rewrote the parser in Go.', 'I rewrote the parser in Go!'] });
    expect(composed.sentences).toHaveLength(1);
  });
});
