import { Router } from 'express';

/**
 * `/healthz`: the process is up (liveness). `/readyz`: it can serve, i.e. Redis answers
 * (readiness); a load balancer takes the replica out while Redis is away.
 */
export function healthRoutes(redisAnswers: () => Promise<boolean>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const redisReady = await redisAnswers();
    res.status(redisReady ? 200 : 503).json({
      status: redisReady ? 'ready' : 'unavailable',
      checks: { redis: redisReady ? 'ok' : 'unreachable' },
    });
  });
  return router;
}
