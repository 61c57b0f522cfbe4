import { CRITERIA } from '@gapflow/core';
import { OfflineLanguageModel, structuredCall } from '@gapflow/llm';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { ANSWER_TABLE } from '@gapflow/testing';
import { knowledgeSnippet } from '../knowledge-snippet';
import { evaluateAnswer } from './evaluate-answer';

const knowledge = loadKnowledgeBase();
const model = new OfflineLanguageModel();

function evaluate(skill: string, question: string, answer: string) {
  return evaluateAnswer({ question, skill, answer, knowledge: knowledgeSnippet(knowledge.resolve(skill)) }, model);
}

describe('evaluating answers offline', () => {
  it('has a table of at least 15 answers across several skills', () => {
    expect(ANSWER_TABLE.length * 3).toBeGreaterThanOrEqual(15);
    expect(new Set(ANSWER_TABLE.map((row) => row.skill)).size).toBeGreaterThanOrEqual(5);
  });

  describe.each(ANSWER_TABLE)('for $skill', (row) => {
    it('ranks the strong answer above the medium one, and the medium above the weak', async () => {
      const strong = await evaluate(row.skill, row.question, row.strong);
      const medium = await evaluate(row.skill, row.question, row.medium);
      const weak = await evaluate(row.skill, row.question, row.weak);
      expect(strong.overallScore).toBeGreaterThan(medium.overallScore);
      expect(medium.overallScore).toBeGreaterThan(weak.overallScore);
    });

    it('finds the strong answer sufficient and the weak one in need of detail', async () => {
      expect((await evaluate(row.skill, row.question, row.strong)).verdict).toBe('sufficient');
      expect((await evaluate(row.skill, row.question, row.weak)).verdict).toBe('needs_detail');
    });
  });

  it('scores a vague two-line answer well below a concrete story', async () => {
    const row = ANSWER_TABLE[0]!;
    const vague = await evaluate(row.skill, row.question, row.weak);
    const concrete = await evaluate(row.skill, row.question, row.strong);
    expect(concrete.overallScore - vague.overallScore).toBeGreaterThan(0.4);
  });

  it('scores every criterion, each with feedback and quotes taken from the answer', async () => {
    const row = ANSWER_TABLE[1]!;
    const evaluation = await evaluate(row.skill, row.question, row.strong);
    expect(evaluation.criteria.map((c) => c.criterion)).toEqual([...CRITERIA]);
    for (const criterion of evaluation.criteria) {
      expect(criterion.feedback).toMatch(/\.$/);
      for (const quote of criterion.quotes) expect(row.strong).toContain(quote.replace(/…$/, ''));
    }
    expect(evaluation.source).toEqual({ provider: 'offline', model: 'gapflow-offline-1' });
  });

  it('is deterministic', async () => {
    const row = ANSWER_TABLE[2]!;
    expect(await evaluate(row.skill, row.question, row.medium)).toEqual(await evaluate(row.skill, row.question, row.medium));
  });

  it('halves the score of an answer about something else', async () => {
    const kubernetes = ANSWER_TABLE[0]!;
    const offTopic = await evaluate('Negotiation', 'Tell me about a negotiation you led.', kubernetes.strong);
    const onTopic = await evaluate(kubernetes.skill, kubernetes.question, kubernetes.strong);
    expect(offTopic.overallScore).toBeLessThan(onTopic.overallScore / 1.5);
  });
});

describe('deep dives offline', () => {
  it('aims at the weakest criteria, weakest first', async () => {
    const row = ANSWER_TABLE[0]!;
    const evaluation = await evaluate(row.skill, row.question, row.medium);
    const { value } = await model.generate(structuredCall('deepDive', { question: row.question, skill: row.skill, answer: row.medium, scores: evaluation.criteria }));
    const weakest = [...evaluation.criteria].sort((a, b) => a.score - b.score).slice(0, value.prompts.length);
    expect(value.prompts.map((p) => p.criterion)).toEqual(weakest.map((c) => c.criterion));
    expect(value.prompts.length).toBeGreaterThanOrEqual(1);
    expect(value.prompts.length).toBeLessThanOrEqual(3);
  });

  it('asks for the measured result when impact is weakest', async () => {
    const scores = CRITERIA.map((criterion) => ({ criterion, score: criterion === 'impact' ? 0.1 : 0.9, feedback: '', quotes: [] }));
    const { value } = await model.generate(structuredCall('deepDive', { question: 'q', skill: 'Kubernetes', answer: 'a', scores }));
    expect(value.prompts).toEqual([{ criterion: 'impact', text: expect.stringContaining('What was the measured result') }]);
  });

  it('asks about the weakest criterion even when none is weak, and at most as many as allowed', async () => {
    const strong = CRITERIA.map((criterion, index) => ({ criterion, score: 0.7 + index * 0.05, feedback: '', quotes: [] }));
    const one = await model.generate(structuredCall('deepDive', { question: 'q', skill: 'Go', answer: 'a', scores: strong }));
    expect(one.value.prompts.map((p) => p.criterion)).toEqual(['relevance']);
    const weak = CRITERIA.map((criterion) => ({ criterion, score: 0.1, feedback: '', quotes: [] }));
    const two = await model.generate(structuredCall('deepDive', { question: 'q', skill: 'Go', answer: 'a', scores: weak, maxPrompts: 2 }));
    expect(two.value.prompts).toHaveLength(2);
  });
});
