import { Router } from 'express';
import { GapflowError } from '@gapflow/core';
import type { GatewayDependencies } from '../gateway-dependencies';
import { parseJobId } from '../parse';

/** `GET /v1/jobs/{id}`: status, result or error, for clients that poll. */
export function jobRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  router.get('/v1/jobs/:id', async (req, res) => {
    const jobId = parseJobId(req.params.id);
    const status = await deps.queues.jobStatus(jobId, req.tenantId);
    if (!status) throw new GapflowError('NOT_FOUND', `Job ${jobId} does not exist or has expired.`);
    res.json(status);
  });
  return router;
}
