import type { CallInputs, StructuredKind } from './call-catalog';
import type { ComposeCall, StructuredCall } from './language-model';
import type { ModelTier } from './model-tier';
import { buildComposePrompt, buildPrompt } from './prompts/build-prompt';
import type { ComposeTask } from './tasks';

/** The tier each kind of call runs on unless the caller says otherwise. */
export const DEFAULT_TIER: Record<StructuredKind | 'compose', ModelTier> = {
  question: 'quality',
  criterion: 'fast',
  deepDive: 'fast',
  cvExtraction: 'fast',
  jdExtraction: 'fast',
  compose: 'quality',
};

/**
 * A structured call with its prompt rendered from its input.
 *
 * @example
 * const { value } = await model.generate(structuredCall('criterion', { criterion: 'impact', ... }));
 */
export function structuredCall<K extends StructuredKind>(kind: K, input: CallInputs[K], tier: ModelTier = DEFAULT_TIER[kind]): StructuredCall<K> {
  return { kind, tier, input, prompt: buildPrompt(kind, input) };
}

export function composeCall(input: ComposeTask, tier: ModelTier = DEFAULT_TIER.compose): ComposeCall {
  return { kind: 'compose', tier, input, prompt: buildComposePrompt(input) };
}
