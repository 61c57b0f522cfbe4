import { isGapflowError } from '@gapflow/core';
import type { AnswerStream, CallOptions, CallOutput, ComposeCall, LanguageModel, ModelResult, StructuredCall, StructuredKind, Usage } from '@gapflow/llm';
import { SpanKind, trace, context } from '@opentelemetry/api';
import { inSpan, tracer, type GapflowMetrics } from '@gapflow/observability';

/** Latency, errors, tokens and cost of every model call, as Prometheus series. */
export class ObservedLanguageModel implements LanguageModel {
  constructor(
    private readonly inner: LanguageModel,
    private readonly metrics: GapflowMetrics,
  ) {}

  get provider(): LanguageModel['provider'] {
    return this.inner.provider;
  }

  async generate<K extends StructuredKind>(call: StructuredCall<K>, options?: CallOptions): Promise<ModelResult<CallOutput<K>>> {
    // GenAI semantic conventions: "{operation} {model}"; the model is known after the call
    // (a fallback changes it), so the span is named for the tier and given the model after.
    return inSpan(`chat ${call.tier}`, { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat', 'gapflow.call_kind': call.kind } }, async () => {
      const started = process.hrtime.bigint();
      try {
        const result = await this.inner.generate(call, options);
        this.record(call.kind, result.source, result.usage, started, 'ok');
        if (result.contextCache) this.metrics.contextCacheCalls.inc({ kind: call.kind, result: result.contextCache });
        return result;
      } catch (error) {
        this.failed(call.kind, error, started);
        throw error;
      }
    });
  }

  composeAnswer(call: ComposeCall, options?: CallOptions): AnswerStream {
    const started = process.hrtime.bigint();
    const span = tracer.startSpan(`chat ${call.tier}`, { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat', 'gapflow.call_kind': 'compose' } });
    const stream = context.with(trace.setSpan(context.active(), span), () => this.inner.composeAnswer(call, options));
    const result = stream.result.then(
      (settled) => {
        this.record('compose', settled.source, settled.usage, started, 'ok', span);
        if (settled.contextCache) this.metrics.contextCacheCalls.inc({ kind: 'compose', result: settled.contextCache });
        for (const [reason, count] of Object.entries(settled.value.droppedSentences ?? {})) if (count > 0) this.metrics.answerSentencesDropped.inc({ reason }, count);
        span.end();
        return settled;
      },
      (error: unknown) => {
        this.failed('compose', error, started);
        span.setAttribute('error.type', (error as { code?: string })?.code ?? 'Error');
        span.end();
        throw error;
      },
    );
    result.catch(() => undefined);
    return { chunks: stream.chunks, result };
  }

  private record(kind: string, source: { provider: string; model: string }, usage: Usage, started: bigint, outcome: string, span = trace.getActiveSpan()): void {
    // Token counts and models only: no prompt or reply text on any span.
    span?.setAttributes({
      'gen_ai.provider.name': source.provider,
      'gen_ai.request.model': source.model,
      'gen_ai.response.model': source.model,
      'gen_ai.usage.input_tokens': usage.promptTokens,
      'gen_ai.usage.output_tokens': usage.outputTokens,
      'gapflow.usage.cached_tokens': usage.cachedTokens,
    });
    span?.updateName(`chat ${source.model}`);
    const labels = { provider: source.provider, model: source.model, kind };
    this.metrics.llmDuration.observe({ ...labels, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    this.metrics.llmTokens.inc({ ...labels, type: 'prompt' }, usage.promptTokens);
    this.metrics.llmTokens.inc({ ...labels, type: 'cached' }, usage.cachedTokens);
    this.metrics.llmTokens.inc({ ...labels, type: 'output' }, usage.outputTokens);
    this.metrics.llmCost.inc(labels, usage.costUsd);
  }

  private failed(kind: string, error: unknown, started: bigint): void {
    const code = isGapflowError(error) ? error.code : 'INTERNAL';
    this.metrics.llmErrors.inc({ kind, code });
    this.metrics.llmDuration.observe({ provider: this.inner.provider, model: 'unknown', kind, outcome: 'error' }, Number(process.hrtime.bigint() - started) / 1e9);
  }
}
