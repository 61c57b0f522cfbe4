const NUMBER_WORDS: Record<number, string> = { 1: 'one', 2: 'two', 3: 'three', 4: 'four', 5: 'five', 6: 'six', 7: 'seven', 8: 'eight', 9: 'nine', 10: 'ten' };

/** Text compared as a reader compares it: case, runs of spaces and line breaks, dashes and quotes aside. */
function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * A document's text, made ready to ask "does the document say this?" of the items a model
 * extracted from it: a phrase occurs when the text holds it as whole words, whatever its case,
 * spacing or line breaks (a highlight the model joined from two wrapped lines still occurs).
 */
export class DocumentTextIndex {
  private readonly text: string;

  constructor(text: string) {
    this.text = comparable(text);
  }

  /** True when the text states this many years ("5 years", "five years", "5+ yrs", "3-5 years", "3 to 5 years"): a number alone ("5 engineers") is not years. */
  statesYears(years: number): boolean {
    if (!Number.isInteger(years) || years < 0 || years > 60) return false;
    const written = `(?:${years}${NUMBER_WORDS[years] ? `|${NUMBER_WORDS[years]}` : ''})`;
    return new RegExp(`(?<![\\d.\\p{L}])${written}\\s*(?:\\+|(?:[-–]|to)\\s*\\d{1,2})?\\s*\\+?\\s*(?:years?|yrs?)\\b`, 'u').test(this.text);
  }

  /** True when the phrase is in the text, starting and ending at word boundaries. */
  contains(phrase: string): boolean {
    const wanted = comparable(phrase);
    if (wanted.length === 0) return false;
    for (let at = this.text.indexOf(wanted); at >= 0; at = this.text.indexOf(wanted, at + 1)) {
      const before = this.text[at - 1];
      const after = this.text[at + wanted.length];
      // "Go" is not in "going"; "C++" is in "C++," (a boundary is only needed next to a word character).
      const startsWord = !WORD_CHAR.test(wanted[0]!) || before === undefined || !WORD_CHAR.test(before);
      const endsWord = !WORD_CHAR.test(wanted[wanted.length - 1]!) || after === undefined || !WORD_CHAR.test(after);
      if (startsWord && endsWord) return true;
    }
    return false;
  }
}
