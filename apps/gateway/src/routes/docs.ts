import { Router, static as serveStatic } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { openApiDocument } from '../openapi/openapi-document';

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gapflow API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>`;

/** `/openapi.json`, and interactive docs at `/docs` served from the local swagger-ui-dist (no CDN). */
export function docsRoutes(): Router {
  const router = Router();
  const document = openApiDocument();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  // A script file rather than inline code, so the page works under helmet's Content-Security-Policy.
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send("window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });");
  });
  router.use('/docs/assets', serveStatic(getAbsoluteFSPath(), { index: false }));
  return router;
}
