import fc from 'fast-check';
import { utf8ByteLength } from './limits';

describe('utf8ByteLength', () => {
  it('counts what Node encodes, for any text, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
      }),
      { numRuns: 2_000 },
    );
  });

  it('counts a lone surrogate as the three bytes of U+FFFD', () => {
    expect(utf8ByteLength('\ud83d')).toBe(3);
    expect(utf8ByteLength('\ude00a')).toBe(4);
    expect(utf8ByteLength('😀')).toBe(4);
  });
});
