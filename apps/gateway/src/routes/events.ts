import type { Response } from 'express';
import { Router } from 'express';
import { GapflowError } from '@gapflow/core';
import { isSubscriberTooSlow } from '@gapflow/state';
import type { GatewayDependencies } from '../gateway-dependencies';
import { parseId } from '../parse';

const EVENT_ID = /^\d{1,20}-\d{1,20}$/;
/** The reconnection delay a dropped slow client is told: long enough not to come straight back into the same jam. */
const SLOW_CLIENT_RETRY_MS = 5_000;
/** The reconnection delay of a client whose gateway is stopping: soon, and to another replica. */
const DRAINED_CLIENT_RETRY_MS = 1_000;
/** How long a dropped slow client's last bytes (its `retry:` hint) may take to leave before the socket is destroyed. */
const SLOW_CLIENT_CLOSE_GRACE_MS = 30_000;

/** Whether the response drained within `ms` (false: still full, or the client went). */
function drained(res: Response, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(value);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/**
 * `GET /v1/sessions/{id}/events`: the session's events as Server-Sent Events. Resumable:
 * a client reconnecting (to any replica) with `Last-Event-ID` — or `?lastEventId=` where
 * headers cannot be set — gets every event after it, once. Heartbeat comments keep proxies
 * from closing an idle stream; the stream ends when the client goes.
 *
 * Every stream of this process is served by the one shared reader of `state.events` (no
 * Redis connection per client). A client that cannot keep up — more than
 * `SSE_MAX_QUEUED_EVENTS` waiting for it, or a socket too full to write for
 * `SSE_WRITE_STALL_MS` — is dropped with a `retry:` hint, so its memory stays bounded; it
 * reconnects with `Last-Event-ID` and catches up at its own pace.
 */
export function eventRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  router.get('/v1/sessions/:id/events', async (req, res) => {
    // Listening before the first await: a client that leaves while the session is read would
    // otherwise never be noticed, and its subscription would stay in the shared reader forever.
    const controller = new AbortController();
    res.once('close', () => controller.abort());
    // The gateway is stopping: the stream ends with a hint to come back soon (to another replica).
    let gatewayStopping = false;
    const onStreamsEnd = () => {
      gatewayStopping = true;
      controller.abort();
    };
    if (deps.lifecycle?.streamsEnd.aborted) onStreamsEnd();
    deps.lifecycle?.streamsEnd.addEventListener('abort', onStreamsEnd, { once: true });
    res.once('close', () => deps.lifecycle?.streamsEnd.removeEventListener('abort', onStreamsEnd));
    const sessionId = parseId(req.params.id, 'session');
    const offered = req.get('last-event-id') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
    if (offered !== undefined && offered !== '0' && !EVENT_ID.test(offered)) {
      throw new GapflowError('VALIDATION_FAILED', 'Last-Event-ID must be an event id this stream sent, like 1732780800000-0.');
    }
    await deps.state.sessions.get(req.tenantId, sessionId);
    if (gatewayStopping) throw new GapflowError('UPSTREAM_UNAVAILABLE', 'This gateway is stopping; reconnect (with Last-Event-ID) and another replica will serve the stream.', { retryAfterSeconds: 1 });
    if (controller.signal.aborted || req.destroyed) return;

    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    // Only into an empty buffer: a heartbeat is for an idle stream, never one more thing queued for a stuck one.
    const heartbeat = setInterval(() => res.writableLength === 0 && res.write(': heartbeat\n\n'), deps.config.sseHeartbeatMs);
    deps.metrics.sseConnections.inc();
    let tooSlow = false;
    try {
      const events = deps.state.events.subscribe(sessionId, offered ?? '0', { signal: controller.signal, maxQueuedEvents: deps.config.sseMaxQueuedEvents });
      for await (const event of events) {
        const written = res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify({ type: event.type, at: event.at, data: event.data })}\n\n`);
        if (!written && !(await drained(res, deps.config.sseWriteStallMs))) {
          tooSlow = !controller.signal.aborted;
          break;
        }
      }
    } catch (error) {
      if (isSubscriberTooSlow(error)) tooSlow = true;
      else if (!controller.signal.aborted) deps.logger.warn({ sessionId, err: error }, 'event stream ended by an error');
    } finally {
      deps.metrics.sseConnections.dec();
      clearInterval(heartbeat);
      if (gatewayStopping && !res.destroyed) res.write(`retry: ${DRAINED_CLIENT_RETRY_MS}\n\n`);
      if (tooSlow) {
        deps.logger.info({ sessionId }, 'event stream client too slow: dropped with a retry hint');
        res.write(`retry: ${SLOW_CLIENT_RETRY_MS}\n\n`);
        const destroyLater = setTimeout(() => res.destroy(), SLOW_CLIENT_CLOSE_GRACE_MS);
        destroyLater.unref();
        res.once('close', () => clearTimeout(destroyLater));
      }
      res.end();
    }
  });
  return router;
}
