import express, { type Express } from 'express';
import helmet from 'helmet';
import { allowedMethods, methodsOfDocument } from './middleware/allowed-methods';
import { authenticate, candidateScope } from './middleware/authenticate';
import { cors } from './middleware/cors';
import { errorHandler } from './middleware/error-handler';
import { httpMetrics } from './middleware/http-metrics';
import { jsonBody } from './middleware/json-body';
import { jsonOnly } from './middleware/json-only';
import { sessionDocumentsUpload } from './middleware/session-documents-upload';
import { notFound } from './middleware/not-found';
import { rateLimit } from './middleware/rate-limit';
import { requestId } from './middleware/request-id';
import type { GatewayDependencies } from './gateway-dependencies';
import { openApiDocument } from './openapi/openapi-document';
import { adminDashboardRoutes } from './routes/admin-dashboard';
import { answerRoutes } from './routes/answers';
import { docsRoutes } from './routes/docs';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { jobRoutes } from './routes/jobs';
import { pageRoutes } from './routes/page';
import { questionRoutes } from './routes/questions';
import { sessionListRoutes } from './routes/session-list';
import { sessionRoutes } from './routes/sessions';

/**
 * A session's JSON: each of cv and jd parsed (at most 100,000 bytes of text) or as text (at
 * most 100,000 characters) — 1.2 MB when a client escapes every character as `\uXXXX`, as
 * Python's json.dumps does by default — and its gaps.
 */
export const MAX_BODY_BYTES = 1536 * 1024;

/** One answer of 10,000 bytes, even if every byte is JSON-escaped as `\u00XX`, and its envelope. */
export const MAX_ANSWER_BODY_BYTES = 64 * 1024;

/** At most 50 gap ids of at most 64 characters each, and the JSON around them. */
export const MAX_QUESTIONS_BODY_BYTES = 16 * 1024;

/** Paths served outside the OpenAPI document, for the `Allow` of a 405. */
const UNDOCUMENTED_PATHS = { '/metrics': ['GET'], '/openapi.json': ['GET'], '/docs': ['GET'], '/docs/init.js': ['GET'], '/': ['GET'], '/s/{sessionId}': ['GET'] };

/** The Express application, built from injected dependencies so tests run the real thing. */
export function createGatewayApp(deps: GatewayDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  app.use(requestId);
  app.use(httpMetrics(deps.metrics));
  app.use(helmet());
  // Before the methods check and authentication: a preflight is an OPTIONS request with no credential.
  app.use(cors(deps.config.corsOrigins));
  app.use(allowedMethods({ ...methodsOfDocument(openApiDocument()), ...UNDOCUMENTED_PATHS }));
  app.get('/metrics', async (_req, res) => {
    const { contentType, body } = await deps.metrics.render();
    res.type(contentType).send(body);
  });
  app.use(healthRoutes(() => deps.state.isResponsive(), () => deps.state.clusterState(), () => deps.lifecycle?.draining() ?? false));
  app.use(docsRoutes());
  app.use(pageRoutes({ developmentKey: deps.config.pageDevelopmentKey }));
  // Mounted only when an admin credential is configured: otherwise the path does not exist.
  if (deps.config.adminApiKey) app.use(adminDashboardRoutes({ adminApiKey: deps.config.adminApiKey, queues: deps.queues, apiKeys: deps.apiKeys }));
  // Everything under /v1 is authenticated, rate-limited and JSON; the routers match full paths.
  app.use('/v1', authenticate(deps.apiKeys, deps.state.sessions), candidateScope, rateLimit(deps.rateLimiter), jsonOnly);
  // Each endpoint reads its body with its own limit, so a 413 names what that endpoint takes.
  app.post('/v1/sessions', sessionDocumentsUpload);
  app.post('/v1/sessions', jsonBody({ limitBytes: MAX_BODY_BYTES, tooLargeMessage: 'A session is at most 1.5 MB of JSON: a CV and a JD, each parsed (at most 100,000 bytes of text) or as text (at most 100,000 characters), and its gaps. Send the documents alone, without attachments.' }));
  app.patch('/v1/sessions/:id', jsonBody({ limitBytes: MAX_BODY_BYTES, tooLargeMessage: 'A correction is at most 1.5 MB of JSON: a parsed CV and JD of at most 100,000 bytes of text each.' }));
  app.post('/v1/sessions/:id/questions', jsonBody({ limitBytes: MAX_QUESTIONS_BODY_BYTES, tooLargeMessage: 'This body only names gaps: at most 50 gap ids, 16 KB in all. Send {} to ask about every critical and important gap.' }));
  app.post('/v1/sessions/:id/questions/:qid/answers', jsonBody({ limitBytes: MAX_ANSWER_BODY_BYTES, tooLargeMessage: 'An answer is at most 10,000 bytes of text (64 KB of JSON). Shorten the answer and send it again.' }));
  app.use(sessionListRoutes(deps));
  app.use(sessionRoutes(deps));
  app.use(questionRoutes(deps));
  app.use(answerRoutes(deps));
  app.use(jobRoutes(deps));
  app.use(eventRoutes(deps));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
