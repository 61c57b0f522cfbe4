import { documentLines } from './document-lines';

describe('documentLines: a document’s lines as the parsers read them', () => {
  it('joins a list item wrapped onto the next line, in lower case or, mid-sentence, with a number', () => {
    const lines = documentLines(['• Cut p95 latency from 620 ms to 140 ms by rewriting the hot queries', 'and adding a cache.', '• Own the tracking API, a Django service handling', '40 million requests a day.'].join('\n'));
    expect(lines.map((line) => line.text)).toEqual(['Cut p95 latency from 620 ms to 140 ms by rewriting the hot queries and adding a cache.', 'Own the tracking API, a Django service handling 40 million requests a day.']);
  });

  it('does not join years asked for under an item that has no full stop: they are the next requirement', () => {
    expect(documentLines(['- Django', '5+ years of PostgreSQL'].join('\n')).map((line) => line.text)).toEqual(['Django', '5+ years of PostgreSQL']);
  });

  it('does not join a line that starts the next role: a date range, a capital after a finished item, or after a blank line', () => {
    const lines = documentLines(['• Ran the on-call rotation', '2017 – 2019 DevOps Engineer, Globex', '• Wrote the Terraform modules.', '300 servers were managed', '• Led the migration', '', 'and more'].join('\n'));
    expect(lines.map((line) => line.text)).toEqual(['Ran the on-call rotation', '2017 – 2019 DevOps Engineer, Globex', 'Wrote the Terraform modules.', '300 servers were managed', 'Led the migration', 'and more']);
  });
});
