import type { Gap } from '@gapflow/core';
import { composeCall, structuredCall } from '../calls';

const context = {
  cv: { headline: 'Backend engineer', skills: ['Python', 'Postgres'], experience: [{ title: 'Engineer', company: 'Acme', highlights: ['Cut p99 latency by 40%'] }] },
  jd: { title: 'Platform Engineer', requirements: [{ skill: 'Kubernetes', importance: 'must' as const }] },
};
const gap: Gap = { id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical', reason: 'Not in the CV.', evidence: [] };

describe('the prompts of one session', () => {
  const calls = [
    structuredCall('question', { context, gap, knowledge: undefined, avoid: [] }),
    structuredCall('criterion', { context, criterion: 'impact', question: 'q', skill: 'Kubernetes', knowledge: undefined, answer: 'I ran it.' }),
    structuredCall('deepDive', { context, question: 'q', skill: 'Kubernetes', answer: 'I ran it.', scores: [{ criterion: 'impact', score: 0.2, feedback: 'f', quotes: [] }] }),
    composeCall({ context, question: 'q', skill: 'Kubernetes', answerParts: ['I ran it.'] }),
  ];

  it('share one stable prefix, byte for byte, whatever the call kind: one cache serves them all', () => {
    expect(new Set(calls.map((call) => call.prompt.stablePrefix)).size).toBe(1);
  });

  it('carry the documents and the instructions of every task in that prefix', () => {
    const prefix = calls[0]!.prompt.stablePrefix;
    expect(prefix).toContain('Cut p99 latency by 40%');
    expect(prefix).toContain('Platform Engineer');
    for (const kind of ['question', 'criterion', 'deepDive', 'compose']) expect(prefix).toContain(`Task ${kind}:`);
  });

  it('name their own task in the suffix, and keep the documents out of it', () => {
    expect(calls.map((call) => call.prompt.variableSuffix.split('\n')[0])).toEqual(['Task: question', 'Task: criterion', 'Task: deepDive', 'Task: compose']);
    for (const call of calls) expect(call.prompt.variableSuffix).not.toContain('Cut p99 latency');
  });
});
