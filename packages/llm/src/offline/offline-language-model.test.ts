import { describeLanguageModelConformance } from '../language-model.conformance';
import { chunkText, OfflineLanguageModel } from './offline-language-model';

describeLanguageModelConformance('OfflineLanguageModel', async () => new OfflineLanguageModel(), 'offline');

describe('chunkText', () => {
  it.each([
    ['', 10],
    ['short', 10],
    ['a sentence that is longer than one chunk of text, cut at spaces', 12],
    ['averyveryverylongwordwithoutanyspace and more', 8],
  ])('splits %j into chunks that join back to it', (text, size) => {
    const chunks = chunkText(text, size);
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(size);
  });
});
