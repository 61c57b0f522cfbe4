import type { CallOutput, StructuredKind } from '../call-catalog';
import type { AnswerStream, CallOptions, ComposeCall, LanguageModel, ModelResult, StructuredCall } from '../language-model';
import type { ModelTier } from '../model-tier';
import type { Prompt } from '../prompt';
import { estimateTokens } from '../usage';

/** A quota shared by every process (`SharedQuota` in the state package). */
export interface Quota {
  acquire(model: string, estimatedTokens: number, signal?: AbortSignal): Promise<void>;
}

/** Output tokens assumed for a call before it is made; the reply is rarely longer. */
const EXPECTED_OUTPUT_TOKENS = 500;

function estimate(prompt: Prompt): number {
  return estimateTokens(prompt.stablePrefix) + estimateTokens(prompt.variableSuffix) + EXPECTED_OUTPUT_TOKENS;
}

/**
 * Takes each call's request and estimated tokens from a shared quota before the call is
 * made; waits when the quota is used up. Sits outside the retries: a retry after a failed
 * attempt is not metered again (see docs/providers.md).
 */
export class QuotaLanguageModel implements LanguageModel {
  constructor(
    private readonly inner: LanguageModel,
    private readonly quota: Quota,
    private readonly models: Record<ModelTier, string>,
  ) {}

  get provider(): LanguageModel['provider'] {
    return this.inner.provider;
  }

  async generate<K extends StructuredKind>(call: StructuredCall<K>, options: CallOptions = {}): Promise<ModelResult<CallOutput<K>>> {
    await this.quota.acquire(this.models[call.tier], estimate(call.prompt), options.signal);
    return this.inner.generate(call, options);
  }

  composeAnswer(call: ComposeCall, options: CallOptions = {}): AnswerStream {
    const ready = this.quota.acquire(this.models[call.tier], estimate(call.prompt), options.signal);
    const stream = ready.then(() => this.inner.composeAnswer(call, options));
    stream.catch(() => undefined);
    async function* chunks(): AsyncGenerator<string> {
      yield* (await stream).chunks;
    }
    const result = stream.then((inner) => inner.result);
    result.catch(() => undefined);
    return { chunks: chunks(), result };
  }
}
