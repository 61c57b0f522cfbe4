import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { withoutQueryToken } from './redaction';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';

export interface Tracing {
  readonly enabled: boolean;
  /** Flushes the spans not exported yet, then stops. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry for one process: on when OTEL_EXPORTER_OTLP_ENDPOINT is set, off (and free:
 * the API is a no-op) otherwise. Instruments HTTP and ioredis; Redis spans carry the command
 * name only — never its arguments, which hold CV and answer text. Must run before express,
 * http or ioredis are loaded, so the apps call it from their first import.
 *
 * @example
 * // apps/gateway/src/tracing-bootstrap.ts, imported first by main.ts
 * startTracing('gapflow-gateway', process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
 */
export function startTracing(serviceName: string, endpoint: string | undefined): Tracing {
  if (!endpoint) return { enabled: false, shutdown: async () => undefined };
  const sdk = new NodeSDK({
    serviceName,
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }),
    instrumentations: [
      new HttpInstrumentation({
        // Health checks and scrapes would drown the traces that matter.
        ignoreIncomingRequestHook: (request) => ['/healthz', '/readyz', '/metrics'].includes(request.url ?? ''),
        // A candidate's link may come as `?token=` (EventSource sends no header): no span keeps it. Redacted
        // when the span starts (beside the instrumentation's own list), and again when it ends, as a second layer.
        redactedQueryParamsServer: ['sig', 'Signature', 'AWSAccessKeyId', 'X-Goog-Signature', 'X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'token'],
        applyCustomAttributesOnSpan: (span) => {
          const attributes = (span as unknown as { attributes?: Record<string, unknown> }).attributes ?? {};
          for (const [name, value] of Object.entries(attributes)) {
            if (typeof value === 'string' && value.includes('token=')) span.setAttribute(name, withoutQueryToken(value));
          }
        },
      }),
      new IORedisInstrumentation({ dbStatementSerializer: (command) => command }),
    ],
  });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}
