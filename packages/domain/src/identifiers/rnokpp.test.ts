import { describe, expect, it } from 'vitest';
import { completeRnokpp, parseRnokpp, rnokppDatePart } from './rnokpp';

/** The check digit as DOMAIN.md § 3 states it, independently of `stdnum`. */
function checkDigit(nine: string): number {
  const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  const sum = [...nine].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return (((sum % 11) + 11) % 11) % 10;
}

describe('parseRnokpp', () => {
  it('reads the birth date and sex of a valid number', () => {
    // 17590 days after 31.12.1899 is 28.02.1948; the ninth digit 7 is odd: male.
    expect(parseRnokpp('1759013776')).toEqual({
      value: '1759013776',
      formatOk: true,
      checkDigitOk: true,
      birthDate: '1948-02-28',
      sex: 'male',
    });
  });

  it('reads an even ninth digit as female', () => {
    const number = completeRnokpp('417060128')!;
    expect(parseRnokpp(number)).toMatchObject({ birthDate: '2014-03-09', sex: 'female', checkDigitOk: true });
  });

  it('reports a wrong check digit', () => {
    expect(parseRnokpp('1759013770')).toMatchObject({ formatOk: true, checkDigitOk: false });
  });

  it('gives no birth date for the date part 00000', () => {
    const number = completeRnokpp('000001231')!;
    expect(parseRnokpp(number)).toMatchObject({ checkDigitOk: true, birthDate: null, sex: 'male' });
  });

  it('tolerates spaces', () => {
    expect(parseRnokpp(' 17590 13776 ').value).toBe('1759013776');
  });

  it.each(['175901377', '17590137761', '175901377A', '', null, undefined])('rejects %j', (raw) => {
    expect(parseRnokpp(raw)).toEqual({ value: null, formatOk: false, checkDigitOk: false, birthDate: null, sex: null });
  });

  it('agrees with the algorithm of DOMAIN.md on many numbers', () => {
    for (let i = 0; i < 500; i++) {
      const nine = String(100000000 + i * 1_799_993).slice(0, 9);
      const number = completeRnokpp(nine)!;
      expect(Number(number[9])).toBe(checkDigit(nine));
    }
  });
});

describe('rnokppDatePart', () => {
  it.each([
    ['1900-01-01', '00001'],
    ['1948-02-28', '17590'],
    ['2014-03-09', '41706'],
  ])('%s → %s', (date, part) => {
    expect(rnokppDatePart(date)).toBe(part);
  });

  it('round-trips through parseRnokpp', () => {
    for (const date of ['2008-02-29', '2012-12-31', '2019-09-01']) {
      expect(parseRnokpp(completeRnokpp(`${rnokppDatePart(date)}0001`)).birthDate).toBe(date);
    }
  });
});

describe('completeRnokpp', () => {
  it('gives null when no digit can complete the input', () => {
    expect(completeRnokpp('abcdefghi')).toBeNull();
  });
});
