import { traceSentences } from './provenance';

describe('traceSentences', () => {
  const candidate = [
    'We had a lot of meetings about the platform and the team and the roadmap and the plans for the platform team.',
    'I migrated our deploys to Argo CD.',
    'Deployment time dropped from 40 minutes to 5.',
  ].join(' ');
  const spanOf = (text: string) => ({ start: candidate.indexOf(text), end: candidate.indexOf(text) + text.length });

  it('links a reworded sentence to the span it came from, not to a long span that shares filler words', () => {
    // Shares five words with the long first span (the, platform, team, plans, for) and four with the second (i, to, argo, cd): a shared-word count picks the first.
    const [sentence] = traceSentences('As the platform team lead, with plans for the team, I was migrating the deployments to Argo CD.', candidate);
    expect(sentence?.sources[0]).toEqual(spanOf('I migrated our deploys to Argo CD.'));
  });

  it('links a sentence that merges two spans to both', () => {
    const [sentence] = traceSentences('I migrated our deploys to Argo CD and deployment time dropped from 40 minutes to 5.', candidate);
    expect(sentence?.sources).toEqual(expect.arrayContaining([spanOf('I migrated our deploys to Argo CD.'), spanOf('Deployment time dropped from 40 minutes to 5.')]));
  });

  it('leaves a sentence with nothing in common without sources', () => {
    expect(traceSentences('Quarterly budgeting was never my job.', candidate)[0]?.sources).toEqual([]);
  });
});
