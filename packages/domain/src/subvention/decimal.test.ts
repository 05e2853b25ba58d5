import { describe, expect, it } from 'vitest';
import {
  compareRatios,
  decimalToText,
  formatDecimal,
  integerToText,
  isDecimal,
  parseDecimal,
  ratioToPlain,
  ratioToText,
} from './decimal';
import { formatUah, kopiykyToNumber, kopiykyToUahPlain, parseKopiyky } from './money';

describe('decimals', () => {
  it.each([
    ['0', 0n],
    ['13.5', 13_500_000n],
    ['0.000001', 1n],
    ['123456789.999999', 123_456_789_999_999n],
  ])('reads %s exactly', (text, scaled) => {
    expect(isDecimal(text)).toBe(true);
    expect(parseDecimal(text)).toBe(scaled);
    expect(formatDecimal(scaled)).toBe(text);
  });

  it.each(['', '-1', '1,5', '01', '1.', '.5', '1.0000001', '1e3', '1234567890'])('rejects %j', (text) => {
    expect(isDecimal(text)).toBe(false);
    expect(() => parseDecimal(text)).toThrow(RangeError);
  });

  it('prints ratios rounded half up, plain and in Ukrainian notation', () => {
    expect(ratioToPlain({ num: 2n, den: 3n }, 4)).toBe('0.6667');
    expect(ratioToPlain({ num: 5n, den: 2n }, 0)).toBe('3');
    expect(ratioToPlain({ num: 1n, den: 8n }, 2)).toBe('0.13');
    expect(ratioToText({ num: 370_370n, den: 300n }, 2)).toBe('1\u00a0234,57');
    expect(ratioToText({ num: 1_234_567n, den: 1n }, 0)).toBe('1\u00a0234\u00a0567');
    expect(decimalToText(13_500_000n)).toBe('13,5');
    expect(decimalToText(1_000_000_000n)).toBe('1\u00a0000');
    expect(integerToText(-1234)).toBe('−1\u00a0234');
    expect(integerToText(12n)).toBe('12');
  });

  it('compares ratios exactly', () => {
    expect(compareRatios({ num: 1n, den: 3n }, { num: 333_333n, den: 1_000_000n })).toBe(1);
    expect(compareRatios({ num: 2n, den: 4n }, { num: 1n, den: 2n })).toBe(0);
    expect(compareRatios({ num: 1n, den: 4n }, { num: 1n, den: 2n })).toBe(-1);
  });
});

describe('money', () => {
  it('formats kopiyky as hryvnias', () => {
    expect(formatUah(123_456_789n)).toBe('1\u00a0234\u00a0567,89 грн');
    expect(formatUah(-5n)).toBe('−0,05 грн');
    expect(formatUah(500, { sign: true })).toBe('+5,00 грн');
    expect(formatUah(0n, { sign: true })).toBe('0,00 грн');
    expect(kopiykyToUahPlain(123_456_789n)).toBe('1234567.89');
    expect(kopiykyToUahPlain(-7n)).toBe('-0.07');
  });

  it('reads kopiyky as digits, within what JSON carries exactly', () => {
    expect(parseKopiyky('10320000000000')).toBe(10_320_000_000_000n);
    expect(parseKopiyky('0')).toBe(0n);
    for (const bad of ['', '-1', '1.5', '007', '99999999999999999'])
      expect(() => parseKopiyky(bad), bad).toThrow(RangeError);
    expect(kopiykyToNumber(9_007_199_254_740_991n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => kopiykyToNumber(9_007_199_254_740_992n)).toThrow(RangeError);
  });
});
