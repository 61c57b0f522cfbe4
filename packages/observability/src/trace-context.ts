import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context } from '@opentelemetry/api';

/** The W3C trace context as it travels in job data. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

export const tracer = trace.getTracer('gapflow');

/** The current trace context, for a job's data (empty when tracing is off). */
export function currentTraceCarrier(): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The context a job's data carries, to continue its trace in the worker. */
export function contextFrom(carrier: TraceCarrier | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, carrier ?? {});
}

/** The active trace id, for log lines and error bodies; undefined when tracing is off. */
export function activeTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/**
 * Runs `work` in a new span (a child of `parent`, or of the active span), recording an
 * error's type — never its message, which may quote input — and ending the span.
 */
export async function inSpan<T>(name: string, options: { kind?: SpanKind; attributes?: Attributes; parent?: Context }, work: () => Promise<T>): Promise<T> {
  const span = tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}) }, options.parent ?? context.active());
  try {
    return await context.with(trace.setSpan(options.parent ?? context.active(), span), work);
  } catch (error) {
    const type = (error as { code?: string; name?: string })?.code ?? (error as { name?: string })?.name ?? 'Error';
    span.setAttribute('error.type', type);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
