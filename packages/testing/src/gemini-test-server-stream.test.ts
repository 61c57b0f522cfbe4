import type * as GenAI from '@google/genai' with { 'resolution-mode': 'import' };
import { GeminiTestServer } from './gemini-test-server';

// The SDK's CommonJS build, as the llm package loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GoogleGenAI } = require('@google/genai') as typeof GenAI;

let server: GeminiTestServer;
beforeAll(async () => {
  server = await GeminiTestServer.start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

const ANSWER = 'I ran the payments cluster on Kubernetes for two years, cut deploy time from forty minutes to six, and wrote the runbooks the on-call team still uses today.';

function streamAnswer(signal?: AbortSignal): Promise<AsyncGenerator<GenAI.GenerateContentResponse>> {
  const ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.url } });
  return ai.models.generateContentStream({
    model: 'gemini-2.5-flash',
    contents: [{ role: 'user', parts: [{ text: `Answer:\n${ANSWER}` }] }],
    ...(signal ? { config: { abortSignal: signal } } : {}),
  });
}

/** Reads the stream until it ends or fails; the chunks read so far and the failure, if any. */
async function readAll(stream: AsyncGenerator<GenAI.GenerateContentResponse>, onChunk: (count: number) => void = () => undefined): Promise<{ texts: string[]; error?: unknown }> {
  const texts: string[] = [];
  try {
    for await (const chunk of stream) {
      texts.push(chunk.text ?? '');
      onChunk(texts.length);
    }
    return { texts };
  } catch (error) {
    return { texts, error };
  }
}

describe('GeminiTestServer streams', () => {
  it('streams the whole answer and ends it with STOP and usage when nothing is scripted', async () => {
    const { texts, error } = await readAll(await streamAnswer());
    expect(error).toBeUndefined();
    expect(texts.join('')).toBe(ANSWER);
    expect(texts.length).toBeGreaterThan(2);
  });

  describe('when told to stall after the first chunk', () => {
    it('sends that chunk, then nothing, until the client aborts', async () => {
      server.script('stream', { stallAfterChunks: 1 });
      const controller = new AbortController();
      // Aborting once the first chunk is in proves the stream was still open, not ended.
      const { texts, error } = await readAll(await streamAnswer(controller.signal), () => controller.abort());
      expect(texts).toHaveLength(1);
      expect(ANSWER.startsWith(texts[0] ?? '-')).toBe(true);
      expect((error as Error).name).toBe('AbortError');
    });

    it('answers normally on the next call', async () => {
      server.script('stream', { stallAfterChunks: 1 });
      const controller = new AbortController();
      await readAll(await streamAnswer(controller.signal), () => controller.abort());
      const { texts, error } = await readAll(await streamAnswer());
      expect(error).toBeUndefined();
      expect(texts.join('')).toBe(ANSWER);
    });
  });

  describe('when told to fail mid-stream', () => {
    it('sends two chunks, then an error event the SDK throws as an ApiError with the status', async () => {
      server.script('stream', { failAfterChunks: 2, as: 'errorEvent' });
      const { texts, error } = await readAll(await streamAnswer());
      expect(texts).toHaveLength(2);
      expect(ANSWER.startsWith(texts.join(''))).toBe(true);
      expect(error).toMatchObject({ name: 'ApiError', status: 503 });
      expect((error as Error).message).toContain('UNAVAILABLE');
    });

    it('sends two chunks, then drops the connection, which the SDK reports as a failure', async () => {
      server.script('stream', { failAfterChunks: 2, as: 'reset' });
      const { texts, error } = await readAll(await streamAnswer());
      expect(texts).toHaveLength(2);
      // undici's own words for a body cut short (a TypeError from another realm than jest's).
      expect(error).toMatchObject({ name: 'TypeError', message: 'terminated' });
    });
  });
});
