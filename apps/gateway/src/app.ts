import express, { type Express } from 'express';
import helmet from 'helmet';
import { authenticate } from './middleware/authenticate';
import { errorHandler } from './middleware/error-handler';
import { httpMetrics } from './middleware/http-metrics';
import { jsonOnly } from './middleware/json-only';
import { notFound } from './middleware/not-found';
import { rateLimit } from './middleware/rate-limit';
import { requestId } from './middleware/request-id';
import type { GatewayDependencies } from './gateway-dependencies';
import { answerRoutes } from './routes/answers';
import { docsRoutes } from './routes/docs';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { jobRoutes } from './routes/jobs';
import { questionRoutes } from './routes/questions';
import { sessionRoutes } from './routes/sessions';

/** Two documents of 100 KB of text each, JSON overhead and gaps: anything larger is not a session. */
export const MAX_BODY_BYTES = 300 * 1024;

/** The Express application, built from injected dependencies so tests run the real thing. */
export function createGatewayApp(deps: GatewayDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  app.use(requestId);
  app.use(httpMetrics(deps.metrics));
  app.use(helmet());
  app.get('/metrics', async (_req, res) => {
    const { contentType, body } = await deps.metrics.render();
    res.type(contentType).send(body);
  });
  app.use(healthRoutes(() => deps.state.isResponsive()));
  app.use(docsRoutes());
  // Everything under /v1 is authenticated, rate-limited and JSON; the routers match full paths.
  app.use('/v1', authenticate(deps.apiKeys), rateLimit(deps.rateLimiter), jsonOnly, express.json({ limit: MAX_BODY_BYTES, strict: true }));
  app.use(sessionRoutes(deps));
  app.use(questionRoutes(deps));
  app.use(answerRoutes(deps));
  app.use(jobRoutes(deps));
  app.use(eventRoutes(deps));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
