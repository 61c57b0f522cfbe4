import { Question } from '@gapflow/core';
import { OfflineLanguageModel } from '@gapflow/llm';
import { HashingEmbedder, InMemoryVectorIndex, KnowledgeRetriever, loadKnowledgeBase } from '@gapflow/retrieval';
import { loadSample, SAMPLE_NAMES } from '@gapflow/testing';
import { GapAnalyzer } from '../gap-analysis/gap-analyzer';
import { generateQuestions } from './generate-questions';
import { questionIdFor } from './question-id';

const knowledge = loadKnowledgeBase();
const asOf = new Date('2026-11-28T00:00:00Z');

describe('generating the questions of a session offline', () => {
  let retriever: KnowledgeRetriever;
  beforeAll(async () => {
    retriever = await KnowledgeRetriever.create(knowledge, new HashingEmbedder(), new InMemoryVectorIndex());
  });

  it.each(SAMPLE_NAMES)('asks one valid, distinct question per gap for %s', async (name) => {
    const { cv, jd } = loadSample(name);
    const gaps = new GapAnalyzer(knowledge).analyze(cv, jd, asOf);
    const questions = await generateQuestions({ cv, jd }, gaps, { model: new OfflineLanguageModel(), retriever });
    expect(questions.map((q) => q.gapId)).toEqual(gaps.map((g) => g.id));
    expect(new Set(questions.map((q) => q.text)).size).toBe(questions.length);
    for (const question of questions) {
      expect(Question.safeParse(question).success).toBe(true);
      expect(question.source.provider).toBe('offline');
      expect(question.text).toContain(gaps.find((g) => g.id === question.gapId)?.skill);
    }
  });

  it('never asks the same question twice, even for two gaps on one skill', async () => {
    const { cv, jd } = loadSample('platform-engineer');
    const gap = { id: 'gap-a', skill: 'Kubernetes', severity: 'critical' as const, reason: 'r', evidence: [] };
    const gaps = Array.from({ length: 6 }, (_, i) => ({ ...gap, id: `gap-${i}` }));
    const questions = await generateQuestions({ cv, jd }, gaps, { model: new OfflineLanguageModel(), retriever });
    expect(new Set(questions.map((q) => q.text)).size).toBe(6);
  });

  it('grounds each question in the knowledge-base entry of its skill', async () => {
    const { cv, jd } = loadSample('ml-engineer');
    const gaps = new GapAnalyzer(knowledge).analyze(cv, jd, asOf);
    const [mlops] = await generateQuestions({ cv, jd }, gaps.filter((g) => g.skill === 'MLOps'), { model: new OfflineLanguageModel(), retriever });
    expect(mlops?.knowledgeId).toBe('mlops');
    expect(knowledge.get('mlops')?.questions.some((exemplar) => mlops?.text.includes(exemplar))).toBe(true);
  });

  it('derives the question id from the gap id, so a retry writes the same question', () => {
    expect(questionIdFor('gap-kubernetes')).toBe(questionIdFor('gap-kubernetes'));
    expect(questionIdFor('gap-kubernetes')).not.toBe(questionIdFor('gap-terraform'));
    expect(questionIdFor('x'.repeat(64))).toMatch(/^q-[0-9a-f]{20}$/);
  });
});
