import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { GapflowError } from '@gapflow/core';
import { QUEUE_NAMES, type GapflowQueues } from '@gapflow/queue';
import type { ApiKeyStore } from '@gapflow/state';

export const ADMIN_DASHBOARD_PATH = '/admin/queues';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The credential a request carries: the password of HTTP Basic auth (what a browser prompts for), or a bearer token. */
function credentialOf(req: Request): string | undefined {
  const header = req.get('authorization') ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/**
 * What the dashboard may change: pausing, resuming, retrying, cleaning and promoting jobs —
 * what `gapflow queues` does. Not adding jobs or editing their data (which could put personal
 * text into a job), emptying or obliterating a queue (in-flight flows with it), nor changing
 * concurrency, rate limits or schedulers. Reading is always allowed.
 */
const ALLOWED_CHANGES = [
  /^\/api\/queues\/(?:pause|resume)$/,
  /^\/api\/queues\/[^/]+\/(?:pause|resume|promote)$/,
  /^\/api\/queues\/[^/]+\/(?:retry|clean)\/[a-z-]+$/,
  /^\/api\/queues\/[^/]+\/[^/]+\/(?:retry|clean|promote)$/,
];

function onlyOperatorActions(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') {
    next();
    return;
  }
  // A change comes from the dashboard's own page, never from another site riding the browser's Basic credentials.
  const site = req.get('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') {
    next(new GapflowError('FORBIDDEN', 'Changes to the queues come from the dashboard\'s own page only.'));
    return;
  }
  if (req.method === 'PUT' && ALLOWED_CHANGES.some((pattern) => pattern.test(req.path))) {
    next();
    return;
  }
  next(new GapflowError('FORBIDDEN', 'The dashboard may pause, resume, retry, clean and promote jobs; it does not add, edit, empty or obliterate (npx gapflow queues has the same operations).'));
}

/**
 * Bull Board's page links its fonts from Google's CDN: nothing of gapflow's loads from another
 * origin (and an offline machine would log the failure), so the link is taken out of the HTML
 * and the page falls back to the system's fonts.
 */
function withoutFontCdn(_req: Request, res: Response, next: NextFunction): void {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => send(typeof body === 'string' ? body.replace(/<link[^>]*fonts\.(?:googleapis|gstatic)\.com[^>]*>/g, '') : body);
  next();
}

/**
 * The operators' queue dashboard (Bull Board) at `/admin/queues`: every queue of every shard,
 * with its jobs — which carry ids, never CV or answer text — and the dashboard's retry, clean,
 * pause, resume and promote (nothing that adds, edits, empties or obliterates). Behind the
 * admin credential: `ADMIN_API_KEY` (compared as its hash)
 * or a key of admin scope; the browser asks for it as the password of HTTP Basic auth.
 */
export function adminDashboardRoutes(options: { adminApiKey: string; queues: GapflowQueues; apiKeys: ApiKeyStore }): Router {
  const adminKeyHash = sha256(options.adminApiKey);
  const router = Router();
  const serverAdapter = new ExpressAdapter().setBasePath(ADMIN_DASHBOARD_PATH);
  createBullBoard({
    queues: options.queues.prefixes.flatMap((prefix) =>
      Object.values(QUEUE_NAMES).map((name) => new BullMQAdapter(options.queues.queue(name, prefix), { displayName: options.queues.prefixes.length > 1 ? `${name} ${prefix}` : name, prefix })),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'gapflow queues' } },
  });

  const requireAdmin = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const credential = credentialOf(req);
    const allowed = credential !== undefined && (timingSafeEqual(sha256(credential), adminKeyHash) || (await options.apiKeys.ownerOf(credential))?.scope === 'admin');
    if (allowed) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', 'Basic realm="gapflow admin", charset="UTF-8"');
    next(new GapflowError('UNAUTHORIZED', credential === undefined ? 'The queue dashboard needs the admin credential: ADMIN_API_KEY, or a key of admin scope, as the password (any user name).' : 'That is not an admin credential: use ADMIN_API_KEY or a key made with gapflow keys create --scope admin.'));
  };
  router.use(ADMIN_DASHBOARD_PATH, (req, res, next) => void requireAdmin(req, res, next).catch(next), onlyOperatorActions, withoutFontCdn, serverAdapter.getRouter() as Router);
  return router;
}
