import type { NextFunction, Request, Response } from 'express';
import { GapflowError } from '@gapflow/core';

/** Requests with a body must send JSON; anything else is refused before it is read. */
export function jsonOnly(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH';
  if (hasBody && !req.is('application/json')) {
    next(new GapflowError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with "Content-Type: application/json".'));
    return;
  }
  next();
}
