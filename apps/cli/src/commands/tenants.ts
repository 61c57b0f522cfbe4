import { GapflowError, isGapflowError, SafeId, type Config } from '@gapflow/core';
import { GapflowQueues } from '@gapflow/queue';
import { ApiKeyStore, createStateStores } from '@gapflow/state';
import { withDeploymentRedis } from '../deployment-redis';

/** What erasing a tenant removed. */
export interface TenantErasure {
  tenant: string;
  sessionsErased: number;
  jobsRemoved: number;
  keysRevoked: number;
}

/**
 * `gapflow tenants erase <tenant>`: every session of the tenant erased as `DELETE
 * /v1/sessions/{id}` erases one (its jobs removed, its Gemini caches deleted by a worker, its
 * event streams ended), after every key of the tenant is revoked, so no session can be created
 * meanwhile. A run cut short can simply be run again. Sessions created before the tenant's list
 * existed (an older version) are not on it; they expire with SESSION_TTL_SECONDS.
 */
export async function eraseTenantCommand(config: Config, tenant: string | undefined): Promise<TenantErasure> {
  const parsed = SafeId.safeParse(tenant);
  if (!parsed.success) throw new GapflowError('VALIDATION_FAILED', 'Name the tenant: gapflow tenants erase <tenant> (as its keys were created with --tenant).');
  const tenantId = parsed.data;
  const missing = 'Set REDIS_URL (or REDIS_CLUSTER_NODES) to the Redis the gateway uses, and QUEUE_SHARDS as it has it.';
  return withDeploymentRedis(config, missing, async (client) => {
    const state = createStateStores({ client, keyPrefix: config.redis.keyPrefix, ttlSeconds: config.session.ttlSeconds });
    const queues = new GapflowQueues({ connection: client, prefix: config.redis.keyPrefix, shards: config.jobs.shards });
    try {
      // Keys first: no new session can be made while the old ones are erased.
      const keysRevoked = await new ApiKeyStore(client, state.keys).revokeTenant(tenantId);
      let sessionsErased = 0;
      let jobsRemoved = 0;
      // Always the first page: each erasure takes its session off the list.
      for (let page = await state.sessions.list(tenantId, { limit: 100 }); page.sessions.length > 0; page = await state.sessions.list(tenantId, { limit: 100 })) {
        for (const session of page.sessions) {
          const report = await state.eraser
            .erase(tenantId, session.id, {
              removeJobs: (jobIds) => queues.removeJobs(jobIds),
              deleteContextCaches: (contextCacheNames) => queues.enqueueCleanup({ sessionId: session.id, tenantId, contextCacheNames: [...contextCacheNames] }),
            })
            // Expired or erased meanwhile: nothing left of it to erase.
            .catch((error: unknown) => (isGapflowError(error, 'NOT_FOUND') || isGapflowError(error, 'SESSION_EXPIRED') ? undefined : Promise.reject(error)));
          await state.sessions.unlist(tenantId, session.id);
          if (!report) continue;
          sessionsErased += 1;
          jobsRemoved += report.jobsRemoved;
        }
      }
      return { tenant: tenantId, sessionsErased, jobsRemoved, keysRevoked };
    } finally {
      await queues.close();
    }
  });
}
