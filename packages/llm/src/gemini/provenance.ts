import type { ComposedSentence } from '../language-model';
import { splitSentences } from '../offline/text-analysis';

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? []);
}

/**
 * Traces each sentence a remote model wrote to the sentences of the candidate's text that
 * share the most words with it, so a reader can check the final answer against what the
 * candidate said. A sentence sharing nothing is listed with no sources: visibly unsupported.
 */
export function traceSentences(answer: string, candidateText: string): ComposedSentence[] {
  const sources = splitSentences(candidateText).map((span) => ({ span, words: words(span.text) }));
  return splitSentences(answer).map((sentence) => {
    const own = words(sentence.text);
    const scored = sources
      .map((source) => ({ source, shared: [...own].filter((word) => source.words.has(word)).length }))
      .filter((candidate) => candidate.shared >= Math.min(3, own.size))
      .sort((a, b) => b.shared - a.shared)
      .slice(0, 2);
    return { text: sentence.text, sources: scored.map(({ source }) => ({ start: source.span.start, end: source.span.end })) };
  });
}
