import { GapflowClient, isGapflowApiError, type SessionEvent, type TypedSessionEvent } from '@gapflow/client';
import { TestRedisServer } from '@gapflow/testing';
import { startTestGateway, type TestGateway } from '../../../gateway/src/gateway.fixture';
import type { WorkerProcess } from '../worker-process';
import { startTestWorker } from '../worker.fixture';

/**
 * A session's events after `lastEventId` (from the first when unset), up to and including the
 * first of `type`: one `for await` over the client's iterator. After `timeoutMs` it returns
 * what it has, so the test's assertions say what is missing.
 */
export async function eventsUntil(client: GapflowClient, sessionId: string, type: SessionEvent['type'], lastEventId?: string, timeoutMs = 20_000): Promise<TypedSessionEvent[]> {
  const events: TypedSessionEvent[] = [];
  const signal = AbortSignal.timeout(timeoutMs);
  for await (const event of client.events(sessionId, lastEventId === undefined ? { signal } : { lastEventId, signal })) {
    events.push(event);
    if (event.type === type) break;
  }
  return events;
}

/**
 * How a call ended: `'ok'` when the client accepted the answer (a 2xx whose body matched its
 * schema), else the HTTP status of its typed error. Anything else (a bug, the network) throws.
 */
export async function statusOf(call: Promise<unknown>): Promise<'ok' | number> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (isGapflowApiError(error)) return error.status;
    throw error;
  }
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
  /** The typed client of tenant `acme` on the stack's gateway; call it in a test, once `beforeAll` has run. */
  const client = () => new GapflowClient({ baseUrl: stack.gateway.url, token: stack.key });
  return { stack, client };
}
