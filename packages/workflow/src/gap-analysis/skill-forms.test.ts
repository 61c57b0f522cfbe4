import { skillFormMatcher } from './skill-forms';

const finds = (names: string[], text: string): boolean => skillFormMatcher(names)?.matches(text) ?? false;

describe('skillFormMatcher: a skill written in other forms than its name', () => {
  it('finds inflections and derivations of the name’s words', () => {
    expect(finds(['A/B testing'], 'Ran an A/B test on guest checkout.')).toBe(true);
    expect(finds(['Technical leadership'], 'Led the technical redesign of billing.')).toBe(true);
    expect(finds(['Stakeholder management'], 'Managed stakeholders across finance and sales.')).toBe(true);
    expect(finds(['Negotiation'], 'Negotiated a 3-year renewal at 12% uplift.')).toBe(true);
    expect(finds(['Budgeting'], 'Owned the budget of a 40-person department.')).toBe(true);
  });

  it('finds a several-word skill whose words are apart within one sentence, but not across sentences', () => {
    expect(finds(['People management'], 'I managed a team of 8 people through a reorganisation.')).toBe(true);
    expect(finds(['Menu costing'], 'Menu development & costing')).toBe(true);
    expect(finds(['People management'], 'I managed the launch. Twelve people joined later.')).toBe(false);
  });

  it('finds an acronym of a name of three words or more, and the words an acronym stands for', () => {
    expect(finds(['Site reliability engineering'], 'Built the SRE practice from scratch.')).toBe(true);
    expect(finds(['OKRs'], 'Set objectives and key results for three teams each quarter.')).toBe(true);
    expect(finds(['Site reliability engineering'], 'Sre is mentioned only in lower case.')).toBe(false);
  });

  it('does not take a one-word name in another word’s form, nor a word that only contains the name', () => {
    expect(finds(['Spark'], 'Sparked a discussion about the roadmap.')).toBe(false);
    expect(finds(['Rust'], 'The pipes rusted.')).toBe(false);
    expect(finds(['A/B testing'], 'Tested the AB switch.')).toBe(false);
    expect(finds(['Negotiation'], 'Navigated a hard renewal.')).toBe(false);
  });
});
