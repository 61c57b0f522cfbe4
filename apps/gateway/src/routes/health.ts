import { Router } from 'express';
import type { ClusterState } from '@gapflow/state';

/**
 * `/healthz`: the process is up (liveness). `/readyz`: it can serve, i.e. Redis answers
 * (readiness); a load balancer takes the replica out while Redis is away. On a Redis Cluster
 * it also needs `cluster_state:ok` (every slot served), and reports the cluster's state. A
 * gateway told to stop answers `503 draining` at once, for its grace period, before it closes.
 */
export function healthRoutes(redisAnswers: () => Promise<boolean>, clusterState: () => Promise<ClusterState | undefined> = async () => undefined, draining: () => boolean = () => false): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    // Told to stop: out of the load balancer first, while it still serves what it has.
    if (draining()) {
      res.status(503).json({ status: 'draining', checks: {} });
      return;
    }
    const [redisAnswered, cluster] = await Promise.all([redisAnswers(), clusterState()]);
    const redisReady = redisAnswered && (cluster === undefined || cluster.state === 'ok');
    res.status(redisReady ? 200 : 503).json({
      status: redisReady ? 'ready' : 'unavailable',
      checks: { redis: redisAnswered ? 'ok' : 'unreachable', ...(cluster ? { redisCluster: cluster } : {}) },
    });
  });
  return router;
}
