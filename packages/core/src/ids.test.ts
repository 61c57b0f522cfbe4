import { isSafeId, newId, SafeId } from './ids';

describe('ids', () => {
  it('gives each new id its kind as a prefix and never repeats', () => {
    const ids = new Set(Array.from({ length: 1_000 }, () => newId('ses')));
    expect(ids.size).toBe(1_000);
    for (const id of ids) expect(id).toMatch(/^ses_[0-9a-f]{32}$/);
  });

  it('accepts the ids it makes', () => {
    expect(isSafeId(newId('gap'))).toBe(true);
  });

  it.each(['', '*', 'a*', 'a:b', '{gapflow}', 'a b', '-leading-dash', 'x'.repeat(65), 'ünïcode'])(
    'refuses %j, which could act as a key pattern, separator or hash tag',
    (value) => {
      expect(isSafeId(value)).toBe(false);
      expect(SafeId.safeParse(value).success).toBe(false);
    },
  );
});
