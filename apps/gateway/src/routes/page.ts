import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * In development mode the HTML carries the development key — only to a browser that addressed
 * this gateway by a loopback name, so a page of another site that rebinds its DNS name to
 * 127.0.0.1 never reads it.
 */
export function pageRoutes(options: PageOptions): Router {
  const router = Router();
  const buildDir = options.buildDir ?? PAGE_BUILD_DIR;
  const manifestFile = join(buildDir, 'manifest.json');
  const manifest = existsSync(manifestFile) ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as PageManifest) : undefined;

  const sendPage = (req: Request, res: Response): void => {
    if (!manifest) {
      res.status(503).type('text').send('The interview page was not built. Run `npm run build`, then reload.');
      return;
    }
    const developmentKey = options.developmentKey !== undefined && isLoopbackHost(hostnameOf(req)) ? options.developmentKey : undefined;
    res.setHeader('Content-Security-Policy', PAGE_CONTENT_SECURITY_POLICY);
    // The HTML names the current assets (and may carry the development key): never cached.
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(pageHtml(manifest, developmentKey));
  };
  router.get('/', sendPage);
  router.get('/s/:sessionId', sendPage);
  router.use('/assets', serveStatic(join(buildDir, 'assets'), { index: false, immutable: true, maxAge: '365d', redirect: false }));
  return router;
}
