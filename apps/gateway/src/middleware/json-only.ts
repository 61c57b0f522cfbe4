import type { NextFunction, Request, Response } from 'express';
import { GapflowError } from '@gapflow/core';

/**
 * A body must be JSON — or, for `POST /v1/sessions` only, a form with the CV and job ad as
 * files; anything else is refused before it is read. A request without a body passes: it is
 * not a content-type problem, and `parseBody` says the body is missing.
 */
export function jsonOnly(req: Request, _res: Response, next: NextFunction): void {
  const sendsBody = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
  const sessionForm = req.method === 'POST' && req.path === '/sessions' && req.is('multipart/form-data');
  if (sendsBody && !req.is('application/json') && !sessionForm) {
    next(new GapflowError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with "Content-Type: application/json" (POST /v1/sessions also takes multipart/form-data with files "cv" and "jd").'));
    return;
  }
  next();
}
