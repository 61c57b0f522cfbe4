import type { ComposedSentence } from '../language-model';
import { contentWords, splitSentences } from '../offline/text-analysis';

type Vector = Map<string, number>;

/**
 * Character trigrams of the content words (lower-cased, stop words out, each word once), each
 * word padded so its ends count too.
 */
function trigrams(text: string): string[] {
  const grams: string[] = [];
  for (const word of [...contentWords(text)].flatMap((content) => content.match(/[a-z0-9]+/g) ?? [])) {
    const padded = ` ${word} `;
    for (let index = 0; index + 3 <= padded.length; index += 1) grams.push(padded.slice(index, index + 3));
  }
  return grams;
}

function weighted(grams: string[], idf: Map<string, number>): Vector {
  const vector: Vector = new Map();
  for (const gram of grams) vector.set(gram, (vector.get(gram) ?? 0) + (idf.get(gram) ?? 1));
  return vector;
}

function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  for (const [gram, weight] of a) dot += weight * (b.get(gram) ?? 0);
  const norm = (vector: Vector) => Math.sqrt([...vector.values()].reduce((sum, weight) => sum + weight * weight, 0));
  const denominator = norm(a) * norm(b);
  return denominator === 0 ? 0 : dot / denominator;
}

/** Below this similarity a span is not a source: sentences sharing only filler score lower. */
const MIN_SIMILARITY = 0.3;

/**
 * Traces each sentence a remote model wrote to the span(s) of the candidate's text it came
 * from, so a reader can check the final answer against what the candidate said. A sentence
 * with no span above the threshold is listed with no sources: visibly unsupported.
 *
 * The measure is the cosine of IDF-weighted character trigrams of the content words, the IDF
 * taken over the candidate's own sentences. Why not shared words: a rewrite inflects and
 * reorders ("I migrated" → "migrating", "deploys" → "deployment"), which trigrams still match
 * while whole words do not; IDF makes the trigrams many sentences have count little and the
 * distinctive ones (a product, a number) count most; each word counts once and the cosine is
 * normalised by length, so one long sentence that repeats the topic's words no longer outranks
 * the short one that holds the fact, as it does under a shared-word count.
 */
export function traceSentences(answer: string, candidateText: string): ComposedSentence[] {
  const spans = splitSentences(candidateText);
  const gramsOf = spans.map((span) => trigrams(span.text));
  const documentFrequency = new Map<string, number>();
  for (const grams of gramsOf) for (const gram of new Set(grams)) documentFrequency.set(gram, (documentFrequency.get(gram) ?? 0) + 1);
  const idf = new Map([...documentFrequency].map(([gram, count]) => [gram, Math.log((spans.length + 1) / (count + 1)) + 1]));
  const sources = spans.map((span, index) => ({ span, vector: weighted(gramsOf[index] ?? [], idf) }));
  return splitSentences(answer).map((sentence) => {
    const own = weighted(trigrams(sentence.text), idf);
    const scored = sources
      .map((source) => ({ source, similarity: cosine(own, source.vector) }))
      .filter((candidate) => candidate.similarity >= MIN_SIMILARITY)
      .sort((a, b) => b.similarity - a.similarity);
    const best = scored[0]?.similarity ?? 0;
    // A second span only when it is nearly as close: a sentence that merges two of the candidate's.
    const kept = scored.filter((candidate, index) => index === 0 || candidate.similarity >= best * 0.75).slice(0, 2);
    return { text: sentence.text, sources: kept.map(({ source }) => ({ start: source.span.start, end: source.span.end })) };
  });
}
