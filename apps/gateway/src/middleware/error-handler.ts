import type { NextFunction, Request, Response } from 'express';
import { GapflowError, isGapflowError, toHttpError } from '@gapflow/core';
import type { Logger } from '@gapflow/observability';

/** What Express' router and body parsers attach to the errors they raise (http-errors). */
interface FrameworkError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  code?: unknown;
}

function clientStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as FrameworkError;
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' && value >= 400 && value < 500 ? value : undefined;
}

/**
 * An error Express raised before a route ran — the router decoding a path, a body parser
 * reading a body — as the client's 4xx it is. Without this, every such error would leave as
 * a 500, though the client sent something wrong and can fix it.
 */
function fromFramework(error: unknown, req: Request): GapflowError | undefined {
  const status = clientStatusOf(error);
  if (status === undefined) return undefined;
  const { type, code } = error as FrameworkError;
  // The router decodes path parameters with decodeURIComponent and gives its URIError a 400.
  if (error instanceof URIError) {
    return new GapflowError('VALIDATION_FAILED', 'The path is not valid percent-encoding: each escape must be %XX and together form UTF-8. Encode ids with encodeURIComponent.');
  }
  // zlib's errors carry codes like Z_DATA_ERROR: the body is not what Content-Encoding says.
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new GapflowError('VALIDATION_FAILED', `The body could not be decoded as "${req.get('content-encoding') ?? ''}" although Content-Encoding says so. Send it encoded that way, or without Content-Encoding.`);
  }
  switch (type) {
    case 'entity.parse.failed':
      return new GapflowError('VALIDATION_FAILED', 'The body is not valid JSON. Send a JSON object.');
    case 'entity.too.large':
      return new GapflowError('PAYLOAD_TOO_LARGE', 'The body is larger than this endpoint accepts.');
    case 'encoding.unsupported':
      return new GapflowError('UNSUPPORTED_MEDIA_TYPE', 'This Content-Encoding is not supported. Send the body as is, or encoded with gzip, deflate or br.');
    case 'charset.unsupported':
      return new GapflowError('UNSUPPORTED_MEDIA_TYPE', 'The body must be JSON encoded as UTF-8.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new GapflowError('VALIDATION_FAILED', 'The body was cut short. Send it again.');
    default:
      break;
  }
  switch (status) {
    case 404:
      return new GapflowError('NOT_FOUND', `There is no ${req.method} ${req.path}. See /openapi.json for the API.`);
    case 413:
      return new GapflowError('PAYLOAD_TOO_LARGE', 'The request is larger than this endpoint accepts.');
    case 415:
      return new GapflowError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON encoded as UTF-8.');
    default:
      // Any other 4xx of the framework is still a request the client must change.
      return new GapflowError('VALIDATION_FAILED', 'The request is malformed. See /openapi.json for what each endpoint accepts.');
  }
}

/** The last middleware: every error becomes `{ error: { code, message, … } }`. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const known = isGapflowError(error) ? error : fromFramework(error, req);
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
