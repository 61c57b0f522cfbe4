import type { NextFunction, Request, Response } from 'express';
import { GapflowError } from '@gapflow/core';

/**
 * A body must be JSON; anything else is refused before it is read. A request without a body
 * passes: it is not a content-type problem, and `parseBody` says the body is missing.
 */
export function jsonOnly(req: Request, _res: Response, next: NextFunction): void {
  const sendsBody = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
  if (sendsBody && !req.is('application/json')) {
    next(new GapflowError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with "Content-Type: application/json".'));
    return;
  }
  next();
}
