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

/**
 * The story of issue 17, in our own words: a conflict between two departments settled with a
 * shared metric, an experiment and weekly reports, ending in two measured percentages — and
 * never naming stakeholder management.
 */
const DEPARTMENTS_STORY = `Our warehouse and customer service teams were blaming each other for late deliveries, and each had its own numbers to prove it. I was asked to sort it out before peak season. I sat down with both managers and got them to agree on one metric they would share: the share of orders delivered on the promised day. I proposed a four-week experiment in one region, where service could see the warehouse's picking queue and flag urgent orders. I sent both teams a one-page report every Monday with the metric and what had changed. After the four weeks on-time delivery in that region was up 18 percent and complaints about late orders were down 27 percent, so both directors agreed to roll it out to every region.`;
const VAGUE_TWO_LINES = 'I am good with stakeholders and always keep everyone aligned. Communication is key and I make sure all sides feel heard.';

describe('evaluating answers offline', () => {
  it('reads a strong story that never names the skill as one: measured outcome, a whole story, on topic, above a vague answer', async () => {
    const question = 'Tell me about a time two important stakeholders wanted opposite things. How did you handle it and what was decided?';
    const story = await evaluate('Stakeholder management', question, DEPARTMENTS_STORY);
    const vague = await evaluate('Stakeholder management', question, VAGUE_TWO_LINES);
    const score = (evaluation: typeof story, criterion: string) => evaluation.criteria.find((item) => item.criterion === criterion)!.score;
    expect(score(story, 'impact')).toBeGreaterThanOrEqual(0.7);
    expect(score(story, 'structure')).toBeGreaterThanOrEqual(0.7);
    expect(score(story, 'ownership')).toBeGreaterThanOrEqual(0.7);
    expect(score(story, 'relevance')).toBeGreaterThanOrEqual(0.25);
    expect(story.verdict).toBe('sufficient');
    expect(story.overallScore - vague.overallScore).toBeGreaterThan(0.4);
    expect(vague.verdict).toBe('needs_detail');
  });

  it('sees an outcome however it is phrased', async () => {
    const skill = 'Incident management';
    const question = 'Tell me about an incident you led.';
    const opening = 'Last year our checkout API started timing out on a Friday night and I was on call. I declared the incident, rolled back the config change I found, and posted updates every ten minutes.';
    for (const outcome of [
      'Errors went from 30% to under 1% within twelve minutes.',
      'Service was restored 31 minutes after the page.',
      'We cut the time to restore from days to hours.',
      'The fix saved about 18k pounds of orders that night.',
      'Since then we have had no repeat in nine months.',
    ]) {
      const impact = (await evaluate(skill, question, `${opening} ${outcome}`)).criteria.find((item) => item.criterion === 'impact')!;
      expect([outcome, impact.score >= 0.5]).toEqual([outcome, true]);
    }
  });

  it('separates what I did from what we did', async () => {
    const question = 'Tell me about an incident you led.';
    const mine = 'Last year our checkout failed on a Friday. I declared the incident, I paged the database team, I found the bad config change and I rolled it back. Errors fell from 30% to 1% in twelve minutes.';
    const ours = 'Last year our checkout failed on a Friday. We declared the incident, we paged the database team, we found the bad config change and we rolled it back. Errors fell from 30% to 1% in twelve minutes.';
    const ownership = async (answer: string) => (await evaluate('Incident management', question, answer)).criteria.find((item) => item.criterion === 'ownership')!.score;
    expect(await ownership(mine)).toBeGreaterThan((await ownership(ours)) + 0.4);
  });

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
