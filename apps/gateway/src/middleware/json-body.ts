import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { GapflowError } from '@gapflow/core';

export interface JsonBodyOptions {
  /** The largest body this endpoint reads, in bytes (after Content-Encoding is undone). */
  limitBytes: number;
  /** What a `413` says: what this endpoint's body holds, and its limit. */
  tooLargeMessage: string;
}

/**
 * The JSON body parser of one endpoint: its own size limit and a 413 that speaks of what
 * the endpoint takes (an answer is not a CV). Any JSON value is parsed, so that `null` or
 * `"hi"` reach `parseBody` and are refused as valid JSON of the wrong shape, not as "not
 * JSON"; an empty body stays `undefined` whether or not it announced `Content-Length: 0`.
 */
export function jsonBody(options: JsonBodyOptions): RequestHandler {
  const emptyBodies = new WeakSet<Request>();
  const parse = express.json({
    limit: options.limitBytes,
    strict: false,
    // body-parser turns an empty body into {}; a chunked body of no bytes is empty too.
    verify: (req, _res, raw) => {
      if (raw.length === 0) emptyBodies.add(req as Request);
    },
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.get('content-length') === '0') {
      next();
      return;
    }
    parse(req, res, (error?: unknown) => {
      const type = (error as { type?: unknown } | undefined)?.type;
      if (!error && emptyBodies.has(req)) req.body = undefined;
      next(type === 'entity.too.large' ? new GapflowError('PAYLOAD_TOO_LARGE', options.tooLargeMessage) : error);
    });
  };
}
