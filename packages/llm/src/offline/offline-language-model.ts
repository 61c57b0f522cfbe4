import type { ProviderInfo } from '@gapflow/core';
import { OUTPUT_SCHEMAS, type CallOutput, type StructuredKind } from '../call-catalog';
import type {
  AnswerStream,
  CallOptions,
  ComposeCall,
  ComposedAnswer,
  LanguageModel,
  ModelResult,
  StructuredCall,
} from '../language-model';
import type { Prompt } from '../prompt';
import type { CallInputs } from '../call-catalog';
import { deferred } from '../deferred';
import { estimateTokens, type Usage } from '../usage';
import { composeAnswer } from './compose-answer';
import { scoreCriterion } from './criteria/score-criterion';
import { writeDeepDives } from './write-deep-dives';
import { writeQuestion } from './write-question';

export const OFFLINE_MODEL = 'gapflow-offline-1';

export interface OfflineLanguageModelOptions {
  /**
   * Characters per streamed chunk of a composed answer (cut at word boundaries).
   * @defaultValue 48
   */
  chunkChars?: number;
}

function usageOf(prompt: Prompt, output: string): Usage {
  return {
    promptTokens: estimateTokens(prompt.stablePrefix) + estimateTokens(prompt.variableSuffix),
    cachedTokens: 0,
    outputTokens: estimateTokens(output),
    costUsd: 0,
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new Error('aborted');
}

/** Word-boundary chunks of about `size` characters; joined, they are the text again. */
export function chunkText(text: string, size: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > size) {
    // The space ends the chunk, so it must fall within the first `size` characters.
    const cut = rest.lastIndexOf(' ', size - 1);
    const at = cut > 0 ? cut + 1 : size;
    chunks.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}

/**
 * The offline model: deterministic, rule-based, no network. The embedded default, and the
 * fallback that keeps a session alive when Gemini is down, so its output stands on its own.
 * Every result says `provider: "offline"`.
 */
export class OfflineLanguageModel implements LanguageModel {
  readonly provider = 'offline' as const;
  private readonly chunkChars: number;
  private readonly source: ProviderInfo = { provider: 'offline', model: OFFLINE_MODEL };

  constructor(options: OfflineLanguageModelOptions = {}) {
    this.chunkChars = options.chunkChars ?? 48;
  }

  async generate<K extends StructuredKind>(call: StructuredCall<K>, options: CallOptions = {}): Promise<ModelResult<CallOutput<K>>> {
    throwIfAborted(options.signal);
    const raw = this.answer(call.kind, call.input);
    // Held to the same schema as a remote model's reply: the offline rules are not trusted more.
    const value = OUTPUT_SCHEMAS[call.kind].parse(raw) as CallOutput<K>;
    return { value, usage: usageOf(call.prompt, JSON.stringify(value)), source: this.source };
  }

  composeAnswer(call: ComposeCall, options: CallOptions = {}): AnswerStream {
    const composed = composeAnswer(call.input);
    const chunks = chunkText(composed.text, this.chunkChars);
    const { promise: result, resolve: settle, reject: fail } = deferred<ModelResult<ComposedAnswer>>();
    const source = this.source;
    const usage = usageOf(call.prompt, composed.text);
    async function* stream(): AsyncGenerator<string> {
      try {
        for (const chunk of chunks) {
          throwIfAborted(options.signal);
          // Yield to the event loop between chunks, as a network stream would.
          await new Promise((resolve) => setImmediate(resolve));
          yield chunk;
        }
        settle({ value: composed, usage, source });
      } catch (error) {
        fail(error);
        throw error;
      }
    }
    return { chunks: stream(), result };
  }

  private answer(kind: StructuredKind, input: CallInputs[StructuredKind]): unknown {
    switch (kind) {
      case 'question':
        return writeQuestion(input as CallInputs['question']);
      case 'criterion':
        return scoreCriterion(input as CallInputs['criterion']);
      case 'deepDive':
        return writeDeepDives(input as CallInputs['deepDive']);
      case 'cvExtraction':
      case 'jdExtraction':
        // Reading documents offline needs the knowledge base: @gapflow/documents' parsers do it.
        throw new Error(`the offline model does not read documents (${kind}); the offline parsers of @gapflow/documents do`);
      default:
        throw new Error(`the offline model has no rule for call kind ${String(kind)}`);
    }
  }
}
