import type { CallOutput, StructuredKind } from './call-catalog';
import type { AnswerStream, CallOptions, ComposeCall, LanguageModel, ModelResult, StructuredCall } from './language-model';
import type { Usage } from './usage';

export interface UsageTotals extends Usage {
  calls: number;
}

/**
 * Adds up the usage of every call by kind and provider (`question/gemini`, `criterion/offline`
 * …): tokens, cached tokens, cost. The cached-token share of a kind is `cachedTokens /
 * promptTokens`. In-process totals; the metrics exporter reads them.
 */
export class UsageRecorder implements LanguageModel {
  constructor(
    private readonly inner: LanguageModel,
    readonly totals = new Map<string, UsageTotals>(),
  ) {}

  /** A recorder of another model that adds to these same totals. */
  alongside(inner: LanguageModel): UsageRecorder {
    return new UsageRecorder(inner, this.totals);
  }

  get provider(): LanguageModel['provider'] {
    return this.inner.provider;
  }

  async generate<K extends StructuredKind>(call: StructuredCall<K>, options?: CallOptions): Promise<ModelResult<CallOutput<K>>> {
    const result = await this.inner.generate(call, options);
    this.add(`${call.kind}/${result.source.provider}`, result.usage);
    return result;
  }

  composeAnswer(call: ComposeCall, options?: CallOptions): AnswerStream {
    const stream = this.inner.composeAnswer(call, options);
    const result = stream.result.then((settled) => {
      this.add(`compose/${settled.source.provider}`, settled.usage);
      return settled;
    });
    result.catch(() => undefined);
    return { chunks: stream.chunks, result };
  }

  /** Totals over every kind and provider. */
  overall(): UsageTotals {
    const sum: UsageTotals = { calls: 0, promptTokens: 0, cachedTokens: 0, outputTokens: 0, costUsd: 0 };
    for (const totals of this.totals.values()) {
      sum.calls += totals.calls;
      sum.promptTokens += totals.promptTokens;
      sum.cachedTokens += totals.cachedTokens;
      sum.outputTokens += totals.outputTokens;
      sum.costUsd += totals.costUsd;
    }
    return sum;
  }

  private add(key: string, usage: Usage): void {
    const totals = this.totals.get(key) ?? { calls: 0, promptTokens: 0, cachedTokens: 0, outputTokens: 0, costUsd: 0 };
    totals.calls += 1;
    totals.promptTokens += usage.promptTokens;
    totals.cachedTokens += usage.cachedTokens;
    totals.outputTokens += usage.outputTokens;
    totals.costUsd += usage.costUsd;
    this.totals.set(key, totals);
  }
}
