import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { activeTraceId } from '@gapflow/observability';

/** A caller-supplied id is kept only when it cannot smuggle anything into logs. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Correlates a response, its log lines and (later) its trace. */
      requestId: string;
    }
  }
}

export function requestId(req: Request, res: Response, next: NextFunction): void {
  const offered = req.get('x-request-id');
  // With tracing on, the request id is the trace id: one id finds the error body, the log
  // lines and the whole trace.
  req.requestId = activeTraceId() ?? (offered && SAFE_REQUEST_ID.test(offered) ? offered : randomUUID());
  res.setHeader('X-Request-Id', req.requestId);
  next();
}
