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
    expect(finds(['OKRs'], 'Set Objectives and Key Results for three teams each quarter.')).toBe(true);
    expect(finds(['Site reliability engineering'], 'Sre is mentioned only in lower case.')).toBe(false);
  });

  it('does not spell an acronym out of any words that happen to start with its letters', () => {
    for (const [name, text] of [
      ['SQL', 'Sold quarterly licences to 40 schools.'],
      ['AWS', 'Automated weekly shipments.'],
      ['ETL', 'Ensured timely launches.'],
      ['GCP', 'Grew customer pipeline by 30%.'],
      ['OKRs', 'Organised kickoffs regularly.'],
      ['OKRs', 'Set objectives and key results for three teams.'],
    ]) {
      expect([name, text, finds([name!], text!)]).toEqual([name, text, false]);
    }
  });

  it('does not find a derived name in the plain plural of its root, nor a compound name in its words apart', () => {
    for (const [name, text] of [
      ['Leadership', 'Generated 300 qualified leads.'],
      ['Accounting', 'Managed 40 key accounts.'],
      ['Marketing', 'Expanded into 3 new markets.'],
      ['Machine learning', 'Learned to operate a CNC machine.'],
      ['Event sourcing', 'Sourced three suppliers for the launch event.'],
      ['Unit testing', 'Tested 40 units.'],
    ]) {
      expect([name, text, finds([name!], text!)]).toEqual([name, text, false]);
    }
    expect(finds(['Engineering management'], 'Managed a team of 6 engineers.')).toBe(true);
    expect(finds(['Leadership'], 'Led the move to a monorepo.')).toBe(true);
  });

  it('does not take a one-word name in another word’s form, nor a word that only contains the name', () => {
    expect(finds(['Spark'], 'Sparked a discussion about the roadmap.')).toBe(false);
    expect(finds(['Rust'], 'The pipes rusted.')).toBe(false);
    expect(finds(['A/B testing'], 'Tested the AB switch.')).toBe(false);
    expect(finds(['Negotiation'], 'Navigated a hard renewal.')).toBe(false);
  });
});
