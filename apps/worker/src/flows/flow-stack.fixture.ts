import { readServerSentEvents, TestRedisServer, type ReceivedEvent } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';
import type { WorkerProcess } from '../worker-process';
import { startTestWorker } from '../worker.fixture';

/** A candidate's calls to a gateway, as the flow tests make them. */
/** Both are read at each call: tests know them only once `beforeAll` has run. */
export function sessionClient(gatewayUrl: () => string, apiKey: () => string) {
  const headers = () => ({ authorization: `Bearer ${apiKey()}`, 'content-type': 'application/json' });
  const api = (path: string, init: RequestInit = {}) => fetch(`${gatewayUrl()}${path}`, { ...init, headers: headers() });
  return {
    api,
    /** The session's events (after `lastEventId`) until `until` says enough. */
    follow: (sessionId: string, until: (events: ReceivedEvent[]) => boolean, lastEventId?: string) =>
      readServerSentEvents(`${gatewayUrl()}/v1/sessions/${sessionId}/events`, { headers: { ...headers(), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, until }),
    answer: (sessionId: string, questionId: string, text: string) =>
      api(`/v1/sessions/${sessionId}/questions/${questionId}/answers`, { method: 'POST', body: JSON.stringify({ text }) }),
  };
}

export interface FlowStack {
  redis: TestRedisServer;
  gateway: TestGateway;
  worker: WorkerProcess;
  /** An API key of tenant `acme`. */
  key: string;
}

/**
 * A test's own Redis, gateway and worker (in this process), started before the describe
 * block's tests and stopped after them; `env` goes to both, and the client calls as `acme`.
 */
export function useFlowStack(env: Record<string, string> = {}) {
  const stack = {} as FlowStack;
  beforeAll(async () => {
    stack.redis = await TestRedisServer.start({ appendOnly: false });
    stack.gateway = await startTestGateway(stack.redis, env);
    stack.worker = await startTestWorker(stack.redis, {}, env);
    stack.key = await stack.gateway.keyFor('acme');
  });
  afterAll(async () => {
    await stack.worker.close();
    await stack.gateway.close();
    await stack.redis.stop();
  });
  return { stack, ...sessionClient(() => stack.gateway.url, () => stack.key) };
}
