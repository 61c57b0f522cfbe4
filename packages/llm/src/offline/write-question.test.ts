import type { Gap, Seniority } from '@gapflow/core';
import type { KnowledgeSnippet, QuestionTask } from '../tasks';
import { writeQuestion } from './write-question';

const knowledge: KnowledgeSnippet = {
  id: 'kubernetes',
  skill: 'Kubernetes',
  aliases: ['K8s'],
  mastery: 'Runs production workloads on Kubernetes.',
  signals: ['rollout strategy', 'resource limits', 'probes'],
  keywords: ['pod', 'deployment'],
  questions: [
    'Walk me through a rollout on Kubernetes that went wrong. What did you change?',
    'How do you size resource requests, and what happened when they were wrong?',
    'Tell me about a cluster upgrade you ran. How did you avoid downtime?',
  ],
};

function task(overrides: { gap?: Partial<Gap>; seniority?: Seniority; knowledge?: KnowledgeSnippet | undefined; avoid?: string[] } = {}): QuestionTask {
  return {
    context: { cv: { skills: [], experience: [] }, jd: { title: 'Platform Engineer', ...(overrides.seniority ? { seniority: overrides.seniority } : {}), requirements: [{ skill: 'Kubernetes', importance: 'must' }] } },
    gap: { id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical', reason: 'r', evidence: [], ...overrides.gap },
    knowledge: 'knowledge' in overrides ? overrides.knowledge : knowledge,
    avoid: overrides.avoid ?? [],
  };
}

describe('offline questions', () => {
  it('grounds the question in an exemplar of the knowledge base and its signals', () => {
    const draft = writeQuestion(task());
    expect(knowledge.questions.some((exemplar) => draft.text.includes(exemplar))).toBe(true);
    expect(draft.signals).toEqual(knowledge.signals);
  });

  it('says why it asks, by severity and evidence', () => {
    expect(writeQuestion(task()).text).toMatch(/^This Platform Engineer role needs Kubernetes, and your CV does not show it yet\./);
    expect(writeQuestion(task({ gap: { severity: 'important', evidence: ['Listed in skills: K8s'] } })).text).toMatch(/^Your CV mentions Kubernetes, but not enough/);
    expect(writeQuestion(task({ gap: { severity: 'minor' } })).text).toMatch(/^Kubernetes would be a plus/);
  });

  it('adapts to the seniority of the role', () => {
    expect(writeQuestion(task({ seniority: 'junior' })).text).toContain('A course, side project or internship counts.');
    expect(writeQuestion(task({ seniority: 'lead' })).text).toContain('how you brought others along');
    expect(writeQuestion(task({ seniority: 'mid' })).text).not.toContain('internship');
  });

  it('never repeats a question already asked in the session', () => {
    const asked: string[] = [];
    for (let round = 0; round < 5; round += 1) {
      const { text } = writeQuestion(task({ avoid: asked }));
      expect(asked).not.toContain(text);
      asked.push(text);
    }
    expect(new Set(asked).size).toBe(5);
  });

  it('asks a generic but concrete question about a skill the knowledge base does not know', () => {
    const draft = writeQuestion(task({ gap: { id: 'gap-cobol', skill: 'COBOL' }, knowledge: undefined }));
    expect(draft.text).toContain('COBOL');
    expect(draft.signals).toContain('a measured result');
  });

  it('is deterministic', () => {
    expect(writeQuestion(task())).toEqual(writeQuestion(task()));
  });
});
