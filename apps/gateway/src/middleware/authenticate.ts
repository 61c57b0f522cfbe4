import type { NextFunction, Request, Response } from 'express';
import { GapflowError } from '@gapflow/core';
import { candidateSecretMatches, hashApiKey, parseCandidateToken, type ApiKeyStore, type SessionStore } from '@gapflow/state';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The tenant of the API key that authenticated the request (for a candidate's link, its session's tenant). */
      tenantId: string;
      /** The credential's hash: what rate limits and logs may name. */
      apiKeyHash: string;
      /** Set when a candidate's link authenticated the request: the one session it may reach. */
      candidateSessionId?: string;
    }
  }
}

/** The scheme is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are `Bearer`. */
const BEARER = /^Bearer +([A-Za-z0-9_.-]{10,200})$/i;
/** The one endpoint a candidate's link may come in the query string: what `EventSource` can send. */
const EVENTS_PATH = /^\/sessions\/[^/]+\/events$/;

const UNAUTHORIZED = 'Send a valid API key as "Authorization: Bearer <key>". Create one with `npx gapflow keys create --tenant <name>`.';
const LINK_INVALID = 'This interview link is not valid: the session it was made for has expired or was erased. Ask for a new link.';
const LINK_INCOMPLETE = 'This interview link is incomplete: open the whole link as it was sent (its token is "gfc." followed by the session id and a 43-character secret), or ask for a new one.';
const TOKEN_IN_QUERY = 'A token is accepted in the query string (?token=) on a session\'s events only; send it as "Authorization: Bearer <token>" here.';

/**
 * `Authorization: Bearer <key>` → the key's tenant; a candidate's link (`gfc.<session>.<secret>`,
 * as a bearer token, or as `?token=` on the events endpoint only) → its session's tenant, scoped
 * to that session; `UNAUTHORIZED` for anything else.
 */
export function authenticate(apiKeys: ApiKeyStore, sessions: SessionStore) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const bearer = BEARER.exec(req.get('authorization') ?? '')?.[1];
    const inQuery = bearer === undefined && EVENTS_PATH.test(req.path) && typeof req.query.token === 'string' ? req.query.token : undefined;
    const candidate = parseCandidateToken(bearer ?? inQuery ?? '');
    if (candidate) {
      const tenantId = await candidateTenant(sessions, candidate.sessionId, candidate.secret);
      if (!tenantId) {
        next(new GapflowError('UNAUTHORIZED', LINK_INVALID));
        return;
      }
      req.tenantId = tenantId;
      // One rate-limit bucket for all the links of a tenant: a thousand sessions are not a thousand quotas.
      req.apiKeyHash = hashApiKey(`candidate-links:${tenantId}`);
      req.candidateSessionId = candidate.sessionId;
      next();
      return;
    }
    // An API key is accepted in the header only: a query string ends up in logs and histories.
    const owner = bearer ? await apiKeys.ownerOf(bearer) : undefined;
    const tenantId = owner?.tenantId;
    if (!bearer || !tenantId) {
      // Say what went wrong where a newcomer can tell: a cut-off link, a token in the wrong place.
      const given = bearer ?? inQuery;
      const message = given?.startsWith('gfc.') ? LINK_INCOMPLETE : !bearer && typeof req.query.token === 'string' && !inQuery ? TOKEN_IN_QUERY : UNAUTHORIZED;
      next(new GapflowError('UNAUTHORIZED', message));
      return;
    }
    if (owner.scope === 'admin') {
      // An admin key runs the operators' tools; sessions belong to tenants' keys.
      next(new GapflowError('FORBIDDEN', 'This is an admin key: it opens the operators\' tools, not sessions. Use a tenant\'s key (gapflow keys create --tenant <name>) for the API.'));
      return;
    }
    req.tenantId = tenantId;
    req.apiKeyHash = hashApiKey(bearer);
    next();
  };
}

/** The tenant of the session a candidate's link names, when the link's secret is that session's. */
async function candidateTenant(sessions: SessionStore, sessionId: string, secret: string): Promise<string | undefined> {
  const tenantId = await sessions.ownerOf(sessionId);
  if (!tenantId) return undefined;
  try {
    const session = await sessions.get(tenantId, sessionId);
    return candidateSecretMatches(secret, session.candidateTokenHash) ? tenantId : undefined;
  } catch (error) {
    // Expired or erased: the link no longer opens anything.
    if (error instanceof GapflowError && (error.code === 'NOT_FOUND' || error.code === 'SESSION_EXPIRED')) return undefined;
    throw error;
  }
}

/**
 * What a candidate's link may do, on its own session only: read it, ask for its questions, answer
 * them, follow its events, read its report, erase it. Not correct its documents (the tenant's
 * call), create a session, nor read a job's status.
 */
const CANDIDATE_ROUTES: readonly { method: string; path: RegExp }[] = [
  { method: 'GET', path: /^\/sessions\/([^/]+)$/ },
  { method: 'DELETE', path: /^\/sessions\/([^/]+)$/ },
  { method: 'GET', path: /^\/sessions\/([^/]+)\/report$/ },
  { method: 'GET', path: /^\/sessions\/([^/]+)\/events$/ },
  { method: 'POST', path: /^\/sessions\/([^/]+)\/questions$/ },
  { method: 'POST', path: /^\/sessions\/([^/]+)\/questions\/[^/]+\/answers$/ },
];

/** A candidate's link reaches its own session, for what `CANDIDATE_ROUTES` lists, and nothing else. */
export function candidateScope(req: Request, _res: Response, next: NextFunction): void {
  const sessionId = req.candidateSessionId;
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  if (sessionId === undefined || CANDIDATE_ROUTES.some((route) => route.method === method && route.path.exec(req.path)?.[1] === sessionId)) {
    next();
    return;
  }
  next(new GapflowError('FORBIDDEN', 'An interview link reads, answers, follows and erases its own session only. Use the API key of the tenant for anything else.'));
}
