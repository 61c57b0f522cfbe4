import type { Gap } from '@gapflow/core';
import type { KnowledgeSnippet } from '@gapflow/llm';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { knowledgeSnippet } from '../knowledge-snippet';
import { planQuestions } from './plan-questions';

const knowledge = loadKnowledgeBase();
const gap = (id: string, skill: string): Pick<Gap, 'id' | 'skill'> => ({ id, skill });

describe('planQuestions', () => {
  it('gives twenty gaps twenty different exemplars, with the angles going round', () => {
    const skills = ['Kubernetes', 'Terraform', 'SQL', 'A/B testing', 'Negotiation', 'Prospecting', 'Hiring', 'Mentoring', 'Roadmapping', 'User research', 'Figma', 'Python', 'Go', 'Kafka', 'Airflow', 'Budgeting', 'Excel', 'Procurement', 'Logistics', 'Threat modeling'];
    const gaps = skills.map((skill, index) => gap(`gap-${index}`, skill));
    const contexts = new Map(gaps.map((item) => [item.id, knowledgeSnippet(knowledge.resolve(item.skill)) ?? null]));
    const plans = planQuestions(gaps, contexts, []);
    expect(new Set([...plans.values()].map((plan) => plan.exemplar)).size).toBe(20);
    expect([...plans.values()].slice(0, 4).map((plan) => plan.angle)).toEqual(['outcome', 'setback', 'trade-off', 'influence']);
  });

  it('gives gaps of one knowledge entry different exemplars, and skips those already asked in the session', () => {
    const entry = knowledgeSnippet(knowledge.resolve('Observability')) as KnowledgeSnippet;
    const gaps = [gap('gap-prometheus', 'Prometheus'), gap('gap-grafana', 'Grafana')];
    const contexts = new Map([
      ['gap-prometheus', entry],
      ['gap-grafana', entry],
    ]);
    const first = planQuestions(gaps, contexts, []);
    expect(first.get('gap-prometheus')?.exemplar).not.toBe(first.get('gap-grafana')?.exemplar);
    const asked = [`This role needs Prometheus. ${first.get('gap-prometheus')!.exemplar} Include the trade-offs.`];
    const later = planQuestions([gap('gap-grafana', 'Grafana')], contexts, asked);
    expect(later.get('gap-grafana')?.exemplar).not.toBe(first.get('gap-prometheus')?.exemplar);
    expect(later.get('gap-grafana')?.angle).toBe('setback');
  });

  it('plans the same for the same batch, so a retried batch fans out the same questions', () => {
    const gaps = [gap('gap-a', 'Kubernetes'), gap('gap-b', 'Rust')];
    const contexts = new Map<string, KnowledgeSnippet | null>([
      ['gap-a', knowledgeSnippet(knowledge.resolve('Kubernetes')) ?? null],
      ['gap-b', null],
    ]);
    expect(planQuestions(gaps, contexts, [])).toEqual(planQuestions(gaps, contexts, []));
  });
});
