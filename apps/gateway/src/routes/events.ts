import { Router } from 'express';
import { GapflowError } from '@gapflow/core';
import type { GatewayDependencies } from '../gateway-dependencies';
import { parseId } from '../parse';

const EVENT_ID = /^\d{1,20}-\d{1,20}$/;

/**
 * `GET /v1/sessions/{id}/events`: the session's events as Server-Sent Events. Resumable:
 * a client reconnecting (to any replica) with `Last-Event-ID` — or `?lastEventId=` where
 * headers cannot be set — gets every event after it, once. Heartbeat comments keep proxies
 * from closing an idle stream; the stream ends when the client goes.
 */
export function eventRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  router.get('/v1/sessions/:id/events', async (req, res) => {
    // Listening before the first await: a client that leaves while the session is read would
    // otherwise never be noticed, and its subscription would hold a Redis connection forever.
    const controller = new AbortController();
    res.once('close', () => controller.abort());
    const sessionId = parseId(req.params.id, 'session');
    const offered = req.get('last-event-id') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
    if (offered !== undefined && offered !== '0' && !EVENT_ID.test(offered)) {
      throw new GapflowError('VALIDATION_FAILED', 'Last-Event-ID must be an event id this stream sent, like 1732780800000-0.');
    }
    await deps.state.sessions.get(req.tenantId, sessionId);
    if (controller.signal.aborted || req.destroyed) return;

    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), deps.config.sseHeartbeatMs);
    deps.metrics.sseConnections.inc();
    try {
      for await (const event of deps.state.events.subscribe(sessionId, offered ?? '0', { signal: controller.signal })) {
        res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify({ type: event.type, at: event.at, data: event.data })}\n\n`);
      }
    } catch (error) {
      if (!controller.signal.aborted) deps.logger.warn({ sessionId, err: error }, 'event stream ended by an error');
    } finally {
      deps.metrics.sseConnections.dec();
      clearInterval(heartbeat);
      res.end();
    }
  });
  return router;
}
