import type { NextFunction, Request, Response } from 'express';
import { GapflowError, isGapflowError, toHttpError } from '@gapflow/core';
import type { Logger } from '@gapflow/observability';

/** Errors raised by Express' body parsers carry a `type`; these are the client's fault. */
function fromBodyParser(error: unknown): GapflowError | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  switch (type) {
    case 'entity.parse.failed':
      return new GapflowError('VALIDATION_FAILED', 'The body is not valid JSON. Send a JSON object.');
    case 'entity.too.large':
      return new GapflowError('PAYLOAD_TOO_LARGE', 'The body is too large. Send a parsed CV and JD, not attachments.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new GapflowError('UNSUPPORTED_MEDIA_TYPE', 'The body must be JSON encoded as UTF-8.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new GapflowError('VALIDATION_FAILED', 'The body was cut short. Send it again.');
    default:
      return undefined;
  }
}

/** The last middleware: every error becomes `{ error: { code, message, … } }`. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const known = isGapflowError(error) ? error : fromBodyParser(error);
    const response = toHttpError(known ?? error, req.requestId);
    if (response.status >= 500) {
      // Only the error itself: never the request body, which may carry a CV.
      logger.error({ err: error, requestId: req.requestId, route: req.route?.path }, 'request failed');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(response.status).set(response.headers).json(response.body);
  };
}
