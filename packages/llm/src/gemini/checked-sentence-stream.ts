import { splitSentences } from '../offline/text-analysis';
import { unsupportedFacts, type UnsupportedFact } from './fact-check';

/**
 * Lets a streamed answer through sentence by sentence, and only the sentences whose facts the
 * candidate stated (see `unsupportedFacts`); a sentence that fails is dropped and counted.
 *
 * A sentence is checked once the stream has completed it (text follows it), so what is
 * emitted is never taken back: the concatenation of everything emitted is the final answer.
 * The price is that deltas come a sentence at a time, not a token at a time.
 *
 * @example
 * const check = new CheckedSentenceStream(answerParts.join('\n\n'));
 * for await (const piece of modelStream) yield check.push(piece);
 * yield check.end();
 */
export class CheckedSentenceStream {
  /** Sentences dropped, by the kind of their first unsupported fact. */
  readonly dropped: Record<UnsupportedFact['kind'], number> = { number: 0, name: 0 };
  private buffer = '';
  /** The whitespace after the last emitted sentence, written only if another sentence follows. */
  private separator = '';
  private emittedAny = false;

  constructor(private readonly candidateText: string) {}

  /** Takes a chunk; returns the checked text of the sentences it completed ('' if none). */
  push(chunk: string): string {
    this.buffer += chunk;
    const spans = splitSentences(this.buffer);
    if (spans.length < 2) return '';
    let out = '';
    for (let index = 0; index < spans.length - 1; index += 1) {
      const span = spans[index]!;
      out += this.accept(span.text, this.buffer.slice(span.end, spans[index + 1]!.start));
    }
    this.buffer = this.buffer.slice(spans[spans.length - 1]!.start);
    return out;
  }

  /** The stream ended: checks the sentences still held. */
  end(): string {
    const spans = splitSentences(this.buffer);
    this.buffer = '';
    return spans.map((span, index) => this.accept(span.text, index + 1 < spans.length ? ' ' : '')).join('');
  }

  get droppedTotal(): number {
    return this.dropped.number + this.dropped.name;
  }

  private accept(sentence: string, separatorAfter: string): string {
    const unsupported = unsupportedFacts(sentence, this.candidateText)[0];
    if (unsupported) {
      this.dropped[unsupported.kind] += 1;
      // Keep a paragraph break that the dropped sentence carried.
      if (separatorAfter.includes('\n') && !this.separator.includes('\n')) this.separator = separatorAfter;
      return '';
    }
    const out = (this.emittedAny ? this.separator || ' ' : '') + sentence;
    this.separator = separatorAfter;
    this.emittedAny = true;
    return out;
  }
}
