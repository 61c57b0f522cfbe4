/** @gapflow/observability — structured logging that keeps personal text out; metrics and tracing later. */
export { createLogger, type Logger, type LoggerOptions } from './logger';
export { PERSONAL_TEXT_KEYS, REDACTED, redactionPaths, withoutQueryToken } from './redaction';
export { GapflowMetrics } from './gapflow-metrics';
export { startTracing, type Tracing } from './tracing';
export { activeTraceId, contextFrom, currentTraceCarrier, inSpan, tracer, type TraceCarrier } from './trace-context';
