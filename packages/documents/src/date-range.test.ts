import { findDateRange } from './date-range';

describe('findDateRange', () => {
  it.each([
    ['Senior SRE, Acme — Jan 2020 – Present', '2020-01', 'present'],
    ['Acme | January 2020 - December 2021', '2020-01', '2021-12'],
    ['Globex (2019–2021)', '2019', '2021'],
    ['Initech 03/2018 - 11/2020', '2018-03', '2020-11'],
    ['Freelance since 2022', '2022', 'present'],
    ['Hooli, 2018.03 to 2020.11', '2018-03', '2020-11'],
    ['Sept. 2016 — Current', '2016-09', 'present'],
    ['Umbrella  2015 - now', '2015', 'present'],
    ['Stark Industries, 2014-06 – 2015-02', '2014-06', '2015-02'],
    ['Intern, Wayne Enterprises, Summer 2013', '2013', undefined],
    ['2019–21: Senior QA Engineer, Infosys', '2019', '2021'],
    ['Globex 2019-21', '2019', '2021'],
    ['Initech, 2019-11', '2019-11', undefined],
    ['Test Lead, Thoughtworks — Sept. 2021 to date', '2021-09', 'present'],
    ['Wipro, Jan 2015 - till date', '2015-01', 'present'],
  ])('reads %s as %s to %s', (line, start, end) => {
    const range = findDateRange(line);
    expect(range?.start).toBe(start);
    expect(range?.end).toBe(end);
  });

  it('says where the range is, so the rest of the line can be read without it', () => {
    const line = 'Senior SRE, Acme — Jan 2020 – Present';
    const range = findDateRange(line)!;
    expect(line.slice(range.index, range.index + range.length)).toBe('Jan 2020 – Present');
  });

  it('finds nothing in a line without a date, and takes no count or version for a year', () => {
    expect(findDateRange('Cut deploy time from 40 to 8 minutes')).toBeUndefined();
    expect(findDateRange('Migrated 1200 services to Kubernetes 1.29')).toBeUndefined();
    // "Date of birth" is no end of a range.
    expect(findDateRange('Graduated 2018 - Date of birth on request')?.end).toBeUndefined();
  });
});
