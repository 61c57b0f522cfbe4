import type { GatewayDependencies } from './gateway-dependencies';

/** Records a session's BullMQ job ids, so that erasing the session can remove its jobs. */
export async function recordSessionJobs(deps: GatewayDependencies, sessionId: string, jobIds: readonly string[], ttlSeconds: number): Promise<void> {
  if (jobIds.length === 0) return;
  const key = deps.state.keys.sessionJobs(sessionId);
  await deps.redis.multi().sadd(key, ...jobIds).expire(key, ttlSeconds).exec();
}
