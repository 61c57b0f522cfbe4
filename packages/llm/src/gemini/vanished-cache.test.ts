import { GeminiTestServer } from '@gapflow/testing';
import { structuredCall } from '../calls';
import { GeminiCacheClient } from './gemini-cache-client';
import { GeminiLanguageModel } from './gemini-language-model';

/** Gemini's words for a cache it does not have, as the API sends them with a 403. */
const CACHE_NOT_FOUND = 'CachedContent not found (or permission denied)';
const KEY_WITHOUT_PERMISSION = 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.';

describe('a 403 from Gemini', () => {
  let server: GeminiTestServer;
  beforeAll(async () => {
    server = await GeminiTestServer.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  function modelWithCache(name: string) {
    const forgotten: string[] = [];
    const model = new GeminiLanguageModel({
      apiKey: 'k',
      baseUrl: server.url,
      models: { fast: 'gemini-2.5-flash', quality: 'gemini-2.5-flash' },
      contextCache: { lookup: async () => ({ status: 'ready' as const, name }), forget: async (gone) => void forgotten.push(gone) },
    });
    return { model, forgotten };
  }
  const criterionCall = () => structuredCall('criterion', { criterion: 'impact', question: 'q', skill: 'Kubernetes', knowledge: undefined, answer: 'I ran Kubernetes.' });

  it('saying the CachedContent was not found is a vanished cache: forgotten, and the call sent again without it', async () => {
    server.script('generate', { status: 403, message: `${CACHE_NOT_FOUND}: cachedContents/gone` });
    const { model, forgotten } = modelWithCache('cachedContents/gone');
    const { contextCache } = await model.generate(criterionCall());
    expect(forgotten).toEqual(['cachedContents/gone']);
    expect(contextCache).toBe('miss');
  });

  it('for any other reason (a key without permission) is not a vanished cache: the cache is kept and the call fails', async () => {
    server.script('generate', { status: 403, message: KEY_WITHOUT_PERMISSION });
    const { model, forgotten } = modelWithCache('cachedContents/alive');
    await expect(model.generate(criterionCall())).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(forgotten).toEqual([]);
    expect(server.count('generate')).toBe(1);
  });

  it('follows the same rule when a cache is deleted: not found is done, no permission is a failure', async () => {
    const caches = new GeminiCacheClient({ apiKey: 'k', baseUrl: server.url });
    server.script('cacheDelete', { status: 403, message: `${CACHE_NOT_FOUND}: cachedContents/gone` });
    await expect(caches.delete('cachedContents/gone')).resolves.toBeUndefined();
    server.script('cacheDelete', { status: 403, message: KEY_WITHOUT_PERMISSION });
    await expect(caches.delete('cachedContents/other')).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
