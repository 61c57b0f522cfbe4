import type { NextFunction, Request, Response } from 'express';
import { GapflowError } from '@gapflow/core';

/** A route template in OpenAPI form (`/v1/sessions/{id}`) and the methods it serves. */
export type MethodsByPath = Record<string, readonly string[]>;

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** The methods of every path of an OpenAPI document: the API's own list of what it serves. */
export function methodsOfDocument(document: { paths?: unknown }): MethodsByPath {
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown>>;
  return Object.fromEntries(Object.entries(paths).map(([path, item]) => [path, Object.keys(item).filter((key) => HTTP_METHODS.has(key)).map((method) => method.toUpperCase())]));
}

function matcherOf(template: string): RegExp {
  const pattern = template
    .split('/')
    .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  // Express routes match case-insensitively and with a trailing slash; so does this.
  return new RegExp(`^${pattern}/?$`, 'i');
}

/**
 * `405` with `Allow` for a method a known path does not serve (RFC 9110 §15.5.6), instead
 * of the `404` that would say the path does not exist. Runs before authentication and body
 * parsing, so the answer does not depend on a key or a body the request cannot use anyway.
 * `OPTIONS` on a known path is answered `204` with the same `Allow`.
 */
export function allowedMethods(methodsByPath: MethodsByPath) {
  const routes = Object.entries(methodsByPath).map(([template, methods]) => {
    // Express answers HEAD with the GET route.
    const allowed = methods.includes('GET') && !methods.includes('HEAD') ? [...methods, 'HEAD'] : [...methods];
    return { matcher: matcherOf(template), allowed };
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    const route = routes.find((candidate) => candidate.matcher.test(req.path));
    if (!route || route.allowed.includes(req.method)) {
      next();
      return;
    }
    res.setHeader('Allow', route.allowed.join(', '));
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next(new GapflowError('METHOD_NOT_ALLOWED', `${req.method} is not served on this path; it serves ${route.allowed.join(', ')}. See /openapi.json for the API.`));
  };
}
