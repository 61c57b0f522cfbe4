import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from '@gapflow/observability';
import { errorHandler } from './middleware/error-handler';
import { notFound } from './middleware/not-found';
import { requestId } from './middleware/request-id';
import { healthRoutes } from './routes/health';

export interface GatewayDependencies {
  redis: Redis;
  logger: Logger;
}

/** The Express application, built from injected dependencies so tests run the real thing. */
export function createGatewayApp(deps: GatewayDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestId);
  app.use(healthRoutes(deps.redis));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
