import { GapflowError } from '@gapflow/core';
import { structuredCall } from '../calls';
import type { AnswerStream, LanguageModel } from '../language-model';
import { OfflineLanguageModel } from '../offline/offline-language-model';
import { FallbackLanguageModel } from './fallback-language-model';
import { ResilientLanguageModel } from './resilient-language-model';

/** A primary model whose every call throws what it is given: an outage, or a defect. */
function failingWith(error: unknown): LanguageModel & { calls: number } {
  const model = {
    provider: 'gemini' as const,
    calls: 0,
    generate: async () => {
      model.calls += 1;
      throw error;
    },
    composeAnswer: (): AnswerStream => {
      model.calls += 1;
      const result = Promise.reject(error);
      result.catch(() => undefined);
      return { chunks: (async function* () { throw error; })(), result };
    },
  };
  return model;
}

const criterionCall = () => structuredCall('criterion', { criterion: 'impact', question: 'q', skill: 'Go', knowledge: undefined, answer: 'I rewrote the parser in Go. It became 3 times faster.' });

describe('FallbackLanguageModel', () => {
  describe('when the primary has an outage', () => {
    it.each(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'UPSTREAM_INVALID_OUTPUT', 'RATE_LIMITED'] as const)('falls back on %s and says why', async (code) => {
      const model = new FallbackLanguageModel(failingWith(new GapflowError(code, 'away')), new OfflineLanguageModel());
      const { source } = await model.generate(criterionCall());
      expect(source).toMatchObject({ provider: 'offline', fallback: true, fallbackReason: code });
    });
  });

  describe('when the primary has a defect', () => {
    it('lets a TypeError through instead of falling back', async () => {
      const reasons: string[] = [];
      const model = new FallbackLanguageModel(failingWith(new TypeError("Cannot read properties of undefined (reading 'text')")), new OfflineLanguageModel(), (reason) => reasons.push(reason));
      await expect(model.generate(criterionCall())).rejects.toThrow(TypeError);
      expect(reasons).toEqual([]);
    });

    it('lets a TypeError in a streamed answer through instead of falling back', async () => {
      const model = new FallbackLanguageModel(failingWith(new TypeError('boom')), new OfflineLanguageModel());
      const stream = model.composeAnswer({ kind: 'compose', tier: 'quality', input: { question: 'q', skill: 'Go', answerParts: ['I wrote Go.'] }, prompt: { stablePrefix: 'p', variableSuffix: 'a' } });
      const read = (async () => {
        for await (const _chunk of stream.chunks) void _chunk;
      })();
      await expect(read).rejects.toThrow('boom');
      await expect(stream.result).rejects.toThrow('boom');
    });

    it('is not retried by the resilient model either (a retry cannot fix a defect)', async () => {
      const primary = failingWith(new TypeError('boom'));
      const model = new FallbackLanguageModel(new ResilientLanguageModel(primary, { maxRetries: 3, baseDelayMs: 1 }), new OfflineLanguageModel());
      await expect(model.generate(criterionCall())).rejects.toThrow(TypeError);
      expect(primary.calls).toBe(1);
    });

    it('does not fall back on a request Gemini refused (INTERNAL: ours to fix)', async () => {
      const model = new FallbackLanguageModel(failingWith(new GapflowError('INTERNAL', 'Gemini refused the request (HTTP 400).')), new OfflineLanguageModel());
      await expect(model.generate(criterionCall())).rejects.toMatchObject({ code: 'INTERNAL' });
    });
  });
});
