import { mentions, numbersIn, properNounsIn } from '../offline/text-analysis';

/** A fact of a written sentence that the candidate never stated. */
export interface UnsupportedFact {
  /** `number`: a number, amount, percentage or year; `name`: a proper noun (a person, employer, product, month). */
  kind: 'number' | 'name';
}

/** The digits of a number as written (`$1,200` → `1200`, `37%` → `37`, `3.5x` → `3.5`). */
function numericCore(written: string): string | undefined {
  return written.match(/\d[\d,.]*/)?.[0].replace(/,/g, '').replace(/\.+$/, '');
}

/**
 * The facts of `sentence` that do not occur in the candidate's own text: every number
 * (amounts, percentages, durations, years) must appear among the candidate's numbers, and
 * every proper noun (names of people, employers, products, months) among the candidate's
 * words. A model that writes "raised revenue by 37%" when the candidate never said 37 is
 * inventing, however fluent the sentence.
 *
 * Proper nouns are capitalised words that do not start the sentence (a sentence-initial
 * capital says nothing), plus a sentence-initial word whose inner capitals or digits mark
 * it as a name ("AWS", "GitHub", "Q3").
 */
export function unsupportedFacts(sentence: string, candidateText: string): UnsupportedFact[] {
  const candidateNumbers = new Set((candidateText.match(/\d[\d,.]*/g) ?? []).map((written) => numericCore(written)));
  const facts: UnsupportedFact[] = [];
  for (const written of numbersIn(sentence)) {
    if (!candidateNumbers.has(numericCore(written))) facts.push({ kind: 'number' });
  }
  const first = sentence.trim().match(/^[A-Za-z][A-Za-z0-9'+#.-]*/)?.[0];
  const names = [...properNounsIn(sentence), ...(first && /^[A-Z].*[A-Z0-9]/.test(first.replace(/[.'-]+$/, '')) ? [first.replace(/[.'-]+$/, '')] : [])];
  for (const name of names) {
    if (!mentions(candidateText, name)) facts.push({ kind: 'name' });
  }
  return facts;
}
