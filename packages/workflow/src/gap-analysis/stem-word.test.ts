import { stemWord } from './stem-word';

describe('stemWord', () => {
  it.each([
    [['test', 'tests', 'testing', 'tested', 'tester']],
    [['led', 'leading', 'lead', 'leader', 'leadership']],
    [['managed', 'management', 'manager', 'managing', 'manage']],
    [['negotiation', 'negotiated', 'negotiating', 'negotiate']],
    [['model', 'modelling', 'modeling', 'modeled']],
    [['plan', 'planning', 'planned']],
    [['process', 'processes']],
    [['install', 'installing', 'installed']],
    [['skill', 'skills']],
    [['hire', 'hiring', 'hired']],
    [['company', 'companies']],
    [['budget', 'budgeting', 'budgets']],
    [['stakeholder', 'stakeholders']],
    [['design', 'designing', 'designed', 'designer']],
    [['ran', 'run', 'running', 'runs']],
    [['engineer', 'engineers', 'engineering']],
    [['negotiations', 'negotiation']],
  ])('gives the forms of one word one stem: %j', (forms) => {
    expect(new Set(forms.map(stemWord)).size).toBe(1);
  });

  it('keeps different words apart, and leaves short words and tokens with symbols as written', () => {
    expect(stemWord('test')).not.toBe(stemWord('text'));
    expect(stemWord('go')).toBe('go');
    expect(stemWord('going')).not.toBe(stemWord('go'));
    expect(stemWord('A/B')).toBe('a/b');
    expect(stemWord('C++')).toBe('c++');
  });
});
