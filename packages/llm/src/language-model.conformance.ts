import { CRITERIA, type Gap } from '@gapflow/core';
import { composeCall, structuredCall } from './calls';
import type { LanguageModel } from './language-model';
import type { SessionContext } from './tasks';

const context: SessionContext = {
  cv: { skills: ['Python'], experience: [{ title: 'Engineer', company: 'Acme', description: 'Built Python services.' }] },
  jd: { title: 'Platform Engineer', seniority: 'senior', requirements: [{ skill: 'Kubernetes', importance: 'must' }] },
};
const gap: Gap = { id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical', reason: 'Not in the CV.', evidence: [] };
const answer =
  'At Acme I moved 12 services to Kubernetes. I wrote the Helm charts and set resource limits. As a result deploys went from 40 minutes to 5 minutes.';

/**
 * What every `LanguageModel` must do, whichever provider answers: schema-valid structured
 * output for every call kind, usage and provenance on every result, and a composed answer
 * whose streamed chunks add up to its final text.
 */
export function describeLanguageModelConformance(name: string, createModel: () => Promise<LanguageModel>, provider: 'offline' | 'gemini'): void {
  describe(`${name} (LanguageModel conformance)`, () => {
    let model: LanguageModel;
    beforeAll(async () => {
      model = await createModel();
    });

    it(`says provider "${provider}" on every result`, async () => {
      expect(model.provider).toBe(provider);
      const result = await model.generate(structuredCall('question', { context, gap, knowledge: undefined, avoid: [] }));
      expect(result.source.provider).toBe(provider);
      expect(result.source.model.length).toBeGreaterThan(0);
    });

    it('writes a question with signals for a gap', async () => {
      const { value, usage } = await model.generate(structuredCall('question', { context, gap, knowledge: undefined, avoid: [] }));
      expect(value.text).toContain('Kubernetes');
      expect(value.signals.length).toBeGreaterThan(0);
      expect(usage.promptTokens).toBeGreaterThan(0);
      expect(usage.outputTokens).toBeGreaterThan(0);
      expect(usage.cachedTokens).toBeGreaterThanOrEqual(0);
      expect(usage.costUsd).toBeGreaterThanOrEqual(0);
    });

    it.each(CRITERIA)('scores the %s criterion between 0 and 1 with feedback', async (criterion) => {
      const { value } = await model.generate(
        structuredCall('criterion', { criterion, question: 'Tell me about Kubernetes.', skill: 'Kubernetes', knowledge: undefined, answer }),
      );
      expect(value.score).toBeGreaterThanOrEqual(0);
      expect(value.score).toBeLessThanOrEqual(1);
      expect(value.feedback.length).toBeGreaterThan(0);
    });

    it('asks one to three deep dives', async () => {
      const scores = CRITERIA.map((criterion) => ({ criterion, score: 0.2, feedback: '', quotes: [] }));
      const { value } = await model.generate(structuredCall('deepDive', { question: 'Tell me about Kubernetes.', skill: 'Kubernetes', answer, scores }));
      expect(value.prompts.length).toBeGreaterThanOrEqual(1);
      expect(value.prompts.length).toBeLessThanOrEqual(3);
    });

    it('streams a composed answer whose chunks add up to the final text', async () => {
      const stream = model.composeAnswer(composeCall({ question: 'Tell me about Kubernetes.', skill: 'Kubernetes', answerParts: [answer] }));
      const chunks: string[] = [];
      for await (const chunk of stream.chunks) chunks.push(chunk);
      const result = await stream.result;
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.join('')).toBe(result.value.text);
      expect(result.source.provider).toBe(provider);
    });

    it('stops when its signal is aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('client went away'));
      await expect(
        model.generate(structuredCall('question', { context, gap, knowledge: undefined, avoid: [] }), { signal: controller.signal }),
      ).rejects.toThrow('client went away');
    });
  });
}
