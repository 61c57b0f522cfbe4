import { startTracing } from '@gapflow/observability';

/**
 * Imported first by main.ts: tracing must patch http and ioredis before they are loaded.
 * Reads the one variable it needs straight from the environment for that reason.
 */
export const tracing = startTracing('gapflow-gateway', process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined);
