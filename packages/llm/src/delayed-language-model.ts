import type { CallOutput, StructuredKind } from './call-catalog';
import type { AnswerStream, CallOptions, ComposeCall, LanguageModel, ModelResult, StructuredCall } from './language-model';

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason ?? new Error('aborted'));
    }, { once: true });
  });
}

/**
 * Adds a fixed latency to every call of another model: what a remote LLM costs in time,
 * without the network. For benchmarks and demos (SIMULATED_LLM_LATENCY_MS); 0 adds nothing.
 */
export class DelayedLanguageModel implements LanguageModel {
  constructor(
    private readonly inner: LanguageModel,
    private readonly latencyMs: number,
  ) {}

  get provider(): LanguageModel['provider'] {
    return this.inner.provider;
  }

  async generate<K extends StructuredKind>(call: StructuredCall<K>, options: CallOptions = {}): Promise<ModelResult<CallOutput<K>>> {
    if (this.latencyMs > 0) await delay(this.latencyMs, options.signal);
    return this.inner.generate(call, options);
  }

  composeAnswer(call: ComposeCall, options: CallOptions = {}): AnswerStream {
    if (this.latencyMs <= 0) return this.inner.composeAnswer(call, options);
    // The first chunk arrives after the latency; the rest stream as the inner model gives them.
    const started = delay(this.latencyMs, options.signal);
    const inner = started.then(() => this.inner.composeAnswer(call, options));
    inner.catch(() => undefined);
    async function* chunks(): AsyncGenerator<string> {
      yield* (await inner).chunks;
    }
    return { chunks: chunks(), result: inner.then((stream) => stream.result) };
  }
}
