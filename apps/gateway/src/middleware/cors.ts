import type { NextFunction, Request, Response } from 'express';

/** The request headers a browser frontend sends: the credential, JSON, an idempotency key, and where its event stream stopped. */
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID, X-Request-Id';
/** The response headers a browser frontend may read besides the simple ones. */
const EXPOSED_HEADERS = 'Location, Retry-After, RateLimit-Remaining, X-Request-Id';
const ALLOWED_METHODS = 'GET, POST, PATCH, DELETE';
/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for browser frontends on the listed origins (`CORS_ORIGINS`), and only those: a request
 * from another origin gets no CORS header at all, so its browser keeps the answer from the page.
 * A preflight from a listed origin is answered here, before authentication (it carries no
 * credential). Bearer credentials, no cookies: `Access-Control-Allow-Credentials` is never sent.
 */
export function cors(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.get('origin');
    // Caches must keep answers for different origins apart, listed or not.
    if (allowed.size > 0) res.vary('Origin');
    if (!origin || !allowed.has(origin)) {
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
      res.status(204).end();
      return;
    }
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    next();
  };
}
