import { monthIndex, yearsCovered } from './cv-months';

const asOf = new Date('2026-06-15T00:00:00Z');

describe('years covered by CV periods', () => {
  it('reads years, months and "present"', () => {
    expect(monthIndex('2020', asOf)).toBe(2020 * 12);
    expect(monthIndex('2020-04', asOf)).toBe(2020 * 12 + 3);
    expect(monthIndex('Present', asOf)).toBe(2026 * 12 + 5);
    expect(monthIndex('spring', asOf)).toBeUndefined();
  });

  it('counts a period inclusively, month to month', () => {
    expect(yearsCovered([{ start: '2020-01', end: '2020-12' }], asOf)).toBe(1);
  });

  it('counts overlapping periods once', () => {
    const years = yearsCovered(
      [
        { start: '2018-01', end: '2019-12' },
        { start: '2019-01', end: '2020-12' },
      ],
      asOf,
    );
    expect(years).toBe(3);
  });

  it('runs an open period to the as-of date and ignores one without a start', () => {
    expect(yearsCovered([{ start: '2025-07' }], asOf)).toBe(1);
    expect(yearsCovered([{ end: '2020-01' }], asOf)).toBe(0);
  });
});
