import type { NextFunction, Request, Response } from 'express';
import type { GapflowMetrics } from '@gapflow/observability';

/**
 * Counts and times every request by route template (`/v1/sessions/:id`), never by raw path,
 * which would carry ids and grow without bound.
 */
export function httpMetrics(metrics: GapflowMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
