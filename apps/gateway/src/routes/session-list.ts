import { Router } from 'express';
import { z } from 'zod';
import { SessionStatus, validationError, type SessionList } from '@gapflow/core';
import { decodeSessionCursor, encodeSessionCursor } from '@gapflow/state';
import type { GatewayDependencies } from '../gateway-dependencies';

/** Sessions a page holds unless `limit` says otherwise, and at most. */
export const SESSION_PAGE = { defaultLimit: 20, maxLimit: 100 } as const;

/** The query of `GET /v1/sessions`; a parameter it does not know is refused by name, as a body's field is. */
const ListSessionsQuery = z.strictObject(
  {
    status: SessionStatus.optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, { error: `limit must be a whole number from 1 to ${SESSION_PAGE.maxLimit}` })
      .transform(Number)
      .pipe(z.number().int().min(1, { error: `limit must be a whole number from 1 to ${SESSION_PAGE.maxLimit}` }).max(SESSION_PAGE.maxLimit, { error: `limit may be at most ${SESSION_PAGE.maxLimit}` }))
      .optional(),
    cursor: z.string().max(512).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown query parameter${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')}; this endpoint takes status, limit and cursor` : undefined) },
);

/**
 * `GET /v1/sessions?status=&limit=&cursor=`: the tenant's sessions, newest first, a page at a
 * time — for a client that lost a session's id, or a dashboard. Each line says what the
 * session is (status, job title, how many gaps), never what the candidate wrote. A candidate's
 * link cannot list (403): it knows its one session.
 */
export function sessionListRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  router.get('/v1/sessions', async (req, res) => {
    const parsed = ListSessionsQuery.safeParse(req.query);
    if (!parsed.success) throw validationError(parsed.error);
    const { status, limit, cursor } = parsed.data;
    const page = await deps.state.sessions.list(req.tenantId, {
      limit: limit ?? SESSION_PAGE.defaultLimit,
      ...(status ? { status } : {}),
      ...(cursor !== undefined ? { cursor: decodeSessionCursor(cursor) } : {}),
    });
    const body: SessionList = { sessions: page.sessions, ...(page.nextCursor ? { nextCursor: encodeSessionCursor(page.nextCursor) } : {}) };
    res.json(body);
  });
  return router;
}
