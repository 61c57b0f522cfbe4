import { DocumentTextIndex } from './document-text-index';

describe('DocumentTextIndex: does the document say this?', () => {
  const text = new DocumentTextIndex('Senior  SRE — Acme\nLed the migration of 120 services\nto Kubernetes. Wrote C++, Go and “Node.js”; going on.');

  it('finds a phrase whatever its case, spacing and line breaks', () => {
    expect(text.contains('senior sre - acme')).toBe(true);
    expect(text.contains('Led the migration of 120 services to Kubernetes')).toBe(true);
    expect(text.contains('"Node.js"')).toBe(true);
  });

  it('finds whole words only, with a boundary needed only beside a word character', () => {
    expect(text.contains('Go')).toBe(true);
    expect(text.contains('goin')).toBe(false);
    expect(text.contains('C++')).toBe(true);
    expect(text.contains('12')).toBe(false);
    expect(text.contains('120')).toBe(true);
  });

  it('finds nothing for what is not there, or for nothing', () => {
    expect(text.contains('Rust')).toBe(false);
    expect(text.contains('  ')).toBe(false);
  });

  it('finds years only where the text states years, not a bare number', () => {
    const years = new DocumentTextIndex('Go (5 years), 3-4 yrs of Rust, 7+ years leading teams of 12 engineers, eight years in all, 9 to 11 years of C');
    expect([5, 3, 7, 8, 9].map((count) => years.statesYears(count))).toEqual([true, true, true, true, true]);
    expect([12, 2, 61].map((count) => years.statesYears(count))).toEqual([false, false, false]);
  });
});
