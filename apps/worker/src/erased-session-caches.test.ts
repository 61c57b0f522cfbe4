import { GeminiCacheClient } from '@gapflow/llm';
import { createLogger } from '@gapflow/observability';
import { GapflowQueues, QUEUE_NAMES, type JobPayload } from '@gapflow/queue';
import { createStateStores, SharedContextCaches, type StateStores } from '@gapflow/state';
import { GeminiTestServer, sampleSession, TestRedisServer } from '@gapflow/testing';
import { deleteCachesOfErasedSession } from './erased-session-caches';
import { maintenanceProcessor } from './processors/maintenance';
import type { WorkerDependencies } from './worker-dependencies';

describe('the context caches of a session erased while its job ran', () => {
  let redis: TestRedisServer;
  let gemini: GeminiTestServer;
  let state: StateStores;
  let queues: GapflowQueues;
  const logger = createLogger({ name: 'test', level: 'silent' });
  const prefix = 'instructions and the CV '.repeat(1_000);

  beforeAll(async () => {
    redis = await TestRedisServer.start({ appendOnly: false });
    gemini = await GeminiTestServer.start();
    state = createStateStores({ client: redis.client(), keyPrefix: '{gapflow}', ttlSeconds: 3_600 });
    queues = new GapflowQueues({ connection: redis.client(), prefix: '{gapflow}', policy: { attempts: 3, backoffMs: 10, keepFinishedSeconds: 60 } });
  });
  afterAll(async () => {
    await queues.close();
    await gemini.close();
    await redis.stop();
  });

  it('hands a cache Gemini could not delete to the retried clean-up job, which deletes it', async () => {
    const session = sampleSession('acme');
    await state.sessions.create(session);
    await state.eraser.erase('acme', session.id);
    const cacheClient = new GeminiCacheClient({ apiKey: 'k', baseUrl: gemini.url });
    const caches = new SharedContextCaches({ client: redis.client(), keys: state.keys, backend: cacheClient, minTokensFor: () => 1_024 });
    // A job still running creates a cache after the erasure; Gemini is down when it is deleted.
    gemini.script('cacheDelete', { status: 503 }, { status: 503 });
    expect(await caches.lookup(session.id, prefix, 'gemini-2.5-flash')).toEqual({ status: 'ineligible' });
    const names = await caches.namesOf(session.id);
    expect(names).toHaveLength(1);

    await deleteCachesOfErasedSession(
      {
        isErased: (id) => state.eraser.isErased(id),
        namesOf: (id) => caches.namesOf(id),
        deleteCache: (name) => cacheClient.delete(name),
        enqueueCleanup: (payload) => queues.enqueueCleanup(payload),
        logger,
      },
      { sessionId: session.id, tenantId: 'acme' },
    );

    const [job] = await queues.queue(QUEUE_NAMES.maintenance).getJobs(['waiting']);
    const payload = job?.data as JobPayload<'maintenance'>;
    expect(payload).toMatchObject({ sessionId: session.id, tenantId: 'acme', contextCacheNames: names });
    await maintenanceProcessor({ logger } as WorkerDependencies, cacheClient)(payload, job as never);
    await expect(cacheClient.extend(names[0]!, 60)).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
