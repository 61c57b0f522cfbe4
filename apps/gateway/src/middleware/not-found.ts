import type { NextFunction, Request, Response } from 'express';
import { GapflowError } from '@gapflow/core';

export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new GapflowError('NOT_FOUND', `There is no ${req.method} ${req.path}. See /openapi.json for the API.`));
}
