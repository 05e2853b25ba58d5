import { describe, expect, it } from 'vitest';
import { isUnstorableText } from './storable-text';

describe('isUnstorableText', () => {
  it('finds U+0000 anywhere and lone surrogates of either half', () => {
    for (const s of ['\u0000', 'a\u0000', 'Шев\u0000ченко', '\uD800', 'a\uDBFFb', '\uDC00', 'x\uDFFF', '\uDE00\uD83D'])
      expect(isUnstorableText(s), JSON.stringify(s)).toBe(true);
  });

  it('accepts ordinary text, other controls and surrogate pairs', () => {
    for (const s of [
      '',
      'Ґалаґан Євгенія Їжакевич',
      '\t\r\n\u0001\u007F',
      '\uD83D\uDE00',
      'a\uD83D\uDE00b\uDBFF\uDFFF',
    ])
      expect(isUnstorableText(s), JSON.stringify(s)).toBe(false);
  });
});
