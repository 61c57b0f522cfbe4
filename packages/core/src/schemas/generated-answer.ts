import { z } from 'zod';
import { ProviderInfo } from './provider';

/** A span of the candidate's own text, as character offsets into their combined answer. */
export const SourceSpan = z.object({
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});
export type SourceSpan = z.infer<typeof SourceSpan>;

/** The polished answer, each sentence traced to the spans of the candidate's text it uses. */
export const GeneratedAnswer = z.object({
  text: z.string(),
  sentences: z.array(z.object({ text: z.string(), sources: z.array(SourceSpan) })),
  source: ProviderInfo,
});
export type GeneratedAnswer = z.infer<typeof GeneratedAnswer>;
