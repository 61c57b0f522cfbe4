import fc from 'fast-check';
import { ServerSentEventParser, type ServerSentEventMessage } from './server-sent-event-parser';

function parseAll(...chunks: string[]): { messages: ServerSentEventMessage[]; parser: ServerSentEventParser } {
  const parser = new ServerSentEventParser();
  const messages = chunks.flatMap((chunk) => parser.push(chunk));
  return { messages, parser };
}

describe('the Server-Sent Events parser', () => {
  it('reads the id, event and data of what the gateway sends, and its retry hint', () => {
    const { messages, parser } = parseAll('retry: 2000\n\nid: 1-0\nevent: session.created\ndata: {"type":"session.created"}\n\n');
    expect(messages).toEqual([{ lastEventId: '1-0', event: 'session.created', data: '{"type":"session.created"}' }]);
    expect(parser.reconnectionTimeMs).toBe(2000);
  });

  it('skips comments such as heartbeats', () => {
    const { messages } = parseAll(': heartbeat\n\n: another\ndata: x\n\n');
    expect(messages).toEqual([{ lastEventId: undefined, event: 'message', data: 'x' }]);
  });

  it('joins data lines with a line feed, and takes a field without a colon as empty', () => {
    const { messages } = parseAll('data: one\ndata\ndata:  two\n\n');
    expect(messages.map((message) => message.data)).toEqual(['one\n\n two']);
  });

  it('ends lines at CRLF, LF or CR alike, a CRLF split between chunks included', () => {
    const { messages } = parseAll('id: 1-0\r\ndata: a\r', '\n\r', '\nid: 2-0\rdata: b\r\r');
    expect(messages).toEqual([
      { lastEventId: '1-0', event: 'message', data: 'a' },
      { lastEventId: '2-0', event: 'message', data: 'b' },
    ]);
  });

  it('keeps the last id for an event that names none, ignores an id holding NUL, and a retry that is not digits', () => {
    const { messages, parser } = parseAll('id: 5-0\ndata: a\n\ndata: b\n\nid: 6\u00000\ndata: c\n\nretry: soon\n\n');
    expect(messages.map((message) => message.lastEventId)).toEqual(['5-0', '5-0', '5-0']);
    expect(parser.reconnectionTimeMs).toBeUndefined();
  });

  it('dispatches nothing for a block without data, and ignores unknown fields and a leading BOM', () => {
    const { messages } = parseAll('\ufeffevent: lonely\n\nfoo: bar\ndata: d\n\n');
    expect(messages).toEqual([{ lastEventId: undefined, event: 'message', data: 'd' }]);
  });

  it('keeps an unfinished event until its blank line arrives', () => {
    const parser = new ServerSentEventParser();
    expect(parser.push('id: 1-0\nda')).toEqual([]);
    expect(parser.push('ta: x\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ lastEventId: '1-0', event: 'message', data: 'x' }]);
  });

  it('reads the same events however the stream is cut into chunks', () => {
    const events = fc.array(
      fc.record({ id: fc.stringMatching(/^\d{1,5}-\d{1,3}$/), type: fc.stringMatching(/^[a-z.]{1,12}$/), data: fc.string({ unit: 'grapheme' }).filter((s) => !/[\r\n]/.test(s)) }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(events, fc.constantFrom('\n', '\r\n', '\r'), fc.array(fc.nat(), { maxLength: 6 }), (list, eol, cuts) => {
        const wire = list.map((e) => `: beat${eol}id: ${e.id}${eol}event: ${e.type}${eol}data: ${e.data}${eol}${eol}`).join('');
        const points = [...new Set(cuts.map((cut) => cut % (wire.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points, wire.length].slice(1).map((end, index, ends) => wire.slice(index === 0 ? 0 : ends[index - 1], end));
        const { messages } = parseAll(...chunks);
        expect(messages).toEqual(list.map((e) => ({ lastEventId: e.id, event: e.type, data: e.data })));
      }),
      { numRuns: 500 },
    );
  });
});
