import { unsupportedFacts } from './fact-check';

describe('unsupportedFacts', () => {
  const candidate = 'At Acme I cut the bill by $1,200 a month in March 2023. Latency fell 3.5x on AWS.';

  it('accepts numbers and names the candidate wrote, however formatted', () => {
    expect(unsupportedFacts('At Acme I saved 1200 dollars a month.', candidate)).toEqual([]);
    expect(unsupportedFacts('Latency fell by 3.5 times on AWS, in March 2023.', candidate)).toEqual([]);
  });

  it('flags a number the candidate never wrote', () => {
    expect(unsupportedFacts('I raised revenue by 37%.', candidate)).toEqual([{ kind: 'number' }]);
    expect(unsupportedFacts('That was in 2021.', candidate)).toEqual([{ kind: 'number' }]);
  });

  it('flags a name the candidate never wrote, at the start of a sentence too when it is clearly a name', () => {
    expect(unsupportedFacts('I then moved everything to Google Cloud.', candidate)).toEqual([{ kind: 'name' }, { kind: 'name' }]);
    expect(unsupportedFacts('GCP was next.', candidate)).toEqual([{ kind: 'name' }]);
    expect(unsupportedFacts('Then I wrote the plan.', candidate)).toEqual([]);
  });
});
