import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Router, static as serveStatic, type Request, type Response } from 'express';
import { isLoopbackHost } from '@gapflow/core';

/** Where `npm run build` (scripts/build-page.js) writes the bundled page: apps/gateway/dist/page. */
export const PAGE_BUILD_DIR = join(__dirname, '..', '..', 'dist', 'page');

/**
 * The page's own policy, stricter than helmet's default (which allows styles and fonts from any
 * https: origin): scripts, styles, fetches and images from this origin only, no inline code,
 * never framed.
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface PageManifest {
  script: string;
  stylesheet: string;
}

export interface PageOptions {
  /** The key the page creates sessions with (development mode), or none: the page acts with candidate links. */
  developmentKey: string | undefined;
  /** The built page; `PAGE_BUILD_DIR` unless a test builds one elsewhere. */
  buildDir?: string;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The request's host name without its port, as the browser addressed this gateway. */
function hostnameOf(req: Request): string {
  const host = req.get('host') ?? '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
}

/** Headers a proxy adds, or a browser adds to a cross-origin read: a request that carries one is not a person's own browser opening the page. */
const NOT_OPENED_HERE = ['origin', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'];

/**
 * Whether this request may be given the development key: a browser on this machine, addressing
 * the gateway by a loopback name (a site that rebinds its DNS name to 127.0.0.1 keeps its own
 * name), over a loopback connection, opening the page itself (no Origin: not another page's
 * fetch, even one CORS_ORIGINS lists) and not through a proxy that says so.
 */
function openedOnThisMachine(req: Request): boolean {
  const remote = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return isLoopbackHost(hostnameOf(req)) && isLoopbackHost(remote) && NOT_OPENED_HERE.every((header) => req.get(header) === undefined);
}

function readManifest(file: string): PageManifest | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PageManifest;
  } catch {
    return undefined;
  }
}

function pageHtml(manifest: PageManifest, developmentKey: string | undefined): string {
  const key = developmentKey === undefined ? '' : `\n<meta name="gapflow-development-key" content="${escapeAttribute(developmentKey)}">`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gapflow interview</title>${key}
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeAttribute(manifest.stylesheet)}">
<script type="module" src="${escapeAttribute(manifest.script)}"></script>
</head>
<body>
<div id="app"><noscript>This interview page needs JavaScript.</noscript></div>
</body>
</html>
`;
}

/**
 * The interview page: `/` starts an interview, `/s/{sessionId}` continues one (its candidate
 * link carries the token in the fragment, `#token=…`, which never reaches a server). Both are
 * the same HTML; the bundled script and stylesheet under `/assets/` have content-hashed names
 * and are cached for a year. The page talks to the public API like any frontend.
 *
 * In development mode the HTML carries the development key, only to a browser on this machine
 * opening the page itself (see `openedOnThisMachine`).
 */
export function pageRoutes(options: PageOptions): Router {
  const router = Router();
  const buildDir = options.buildDir ?? PAGE_BUILD_DIR;
  const manifestFile = join(buildDir, 'manifest.json');

  const sendPage = (req: Request, res: Response): void => {
    // Read each time (a few bytes): a rebuild while the gateway runs replaces the hashed assets.
    const manifest = readManifest(manifestFile);
    if (!manifest) {
      res.status(503).type('text').send('The interview page was not built. Run `npm run build`, then reload.');
      return;
    }
    const developmentKey = options.developmentKey !== undefined && openedOnThisMachine(req) ? options.developmentKey : undefined;
    res.setHeader('Content-Security-Policy', PAGE_CONTENT_SECURITY_POLICY);
    // The HTML names the current assets (and may carry the development key): never cached.
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(pageHtml(manifest, developmentKey));
  };
  router.get('/', sendPage);
  router.get('/s/:sessionId', sendPage);
  const assetsDir = join(buildDir, 'assets');
  const cacheForAYear = { index: false, immutable: true, maxAge: '365d', redirect: false } as const;
  router.get('/assets/:file', (req, res, next) => {
    const file = req.params.file;
    const type = extname(file);
    if (type !== '.js' && type !== '.css') return next();
    const accepted = req.acceptsEncodings('br', 'gzip', 'identity');
    const encoding = accepted === 'br' ? 'br' : accepted === 'gzip' ? 'gzip' : undefined;
    res.vary('Accept-Encoding');
    const compressed = encoding && join(assetsDir, `${file}.${encoding === 'br' ? 'br' : 'gz'}`);
    // The name comes from the URL: only a plain file name of this folder, never a path.
    if (!compressed || !/^[\w.-]+$/.test(file) || !existsSync(compressed)) return next();
    res.type(type).setHeader('Content-Encoding', encoding);
    res.sendFile(compressed, { ...cacheForAYear, dotfiles: 'deny' });
  });
  router.use('/assets', serveStatic(assetsDir, cacheForAYear));
  return router;
}
