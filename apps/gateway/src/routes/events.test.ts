import { loadSample, TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../gateway.fixture';

const sample = loadSample('ml-engineer');

describe('GET /v1/sessions/{id}/events when the session is erased', () => {
  let redis: TestRedisServer;
  let gateway: TestGateway;
  let key: string;

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gateway = await startTestGateway(redis);
    key = await gateway.keyFor('acme');
  });

  afterAll(async () => {
    await gateway.close();
    await redis.stop();
  });

  const headers = () => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

  it('sends session.erased as its last event, then ends the stream', async () => {
    const gaps = [{ id: 'gap-kubernetes', skill: 'Kubernetes', severity: 'critical', reason: 'r', evidence: [] }];
    const created = (await (await fetch(`${gateway.url}/v1/sessions`, { method: 'POST', headers: headers(), body: JSON.stringify({ ...sample, gaps }) })).json()) as { id: string };
    // A safety net only: the stream must end by itself, or reading it throws.
    const response = await fetch(`${gateway.url}/v1/sessions/${created.id}/events`, { headers: headers(), signal: AbortSignal.timeout(20_000) });
    expect(response.status).toBe(200);

    const types: string[] = [];
    let text = '';
    let erased = false;
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      types.splice(0, types.length, ...[...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1] as string));
      if (!erased && types.includes('session.created')) {
        erased = true;
        expect((await fetch(`${gateway.url}/v1/sessions/${created.id}`, { method: 'DELETE', headers: headers() })).status).toBe(204);
      }
    }

    expect(types).toEqual(['session.created', 'session.erased']);
  });
});
