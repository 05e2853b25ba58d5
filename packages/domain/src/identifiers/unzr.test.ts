import { describe, expect, it } from 'vitest';
import { icao9303CheckDigit, isRealDate, makeUnzr, parseUnzr, UNZR_PATTERN } from './unzr';
import { isRealDate as isRealDateOfIsoDate } from '../iso-date';

describe('icao9303CheckDigit', () => {
  it('weights the digits 7, 3, 1 repeating and takes the sum mod 10', () => {
    // 2·7 + 0·3 + 1·1 + 2·7 + 0·3 + 3·1 + 0·7 + 9·3 + 0·1 + 1·7 + 2·3 + 3·1 = 14+1+14+3+27+7+6+3 = 75 → 5
    expect(icao9303CheckDigit('201203090123')).toBe(5);
  });

  it('matches the worked example of ICAO 9303 part 3 (date of birth 740812 → check digit 2)', () => {
    expect(icao9303CheckDigit('740812')).toBe(2);
  });

  it('is 0 for no digits', () => {
    expect(icao9303CheckDigit('')).toBe(0);
  });
});

describe('parseUnzr', () => {
  it('reads a well-formed number', () => {
    expect(parseUnzr('20120309-01235')).toEqual({
      value: '20120309-01235',
      birthDate: '2012-03-09',
      formatOk: true,
      dateOk: true,
      checkDigitOk: true,
    });
  });

  it.each([
    ['2012030901235', '20120309-01235'],
    [' 20120309 - 01235 ', '20120309-01235'],
    ['20120309–01235', '20120309-01235'],
    ['20120309_01235', '20120309-01235'],
  ])('accepts %j as %s', (raw, value) => {
    expect(parseUnzr(raw).value).toBe(value);
  });

  it('reports a wrong check digit without rejecting the number', () => {
    expect(parseUnzr('20120309-01234')).toMatchObject({ value: '20120309-01234', formatOk: true, checkDigitOk: false });
  });

  it('reports a date part that is not a real date', () => {
    expect(parseUnzr('20120230-01234')).toMatchObject({ formatOk: true, dateOk: false, birthDate: null });
  });

  it.each(['2012030901', '20120309-0123', '20120309-012345', '2012-03-09-0123', 'abcdefgh-01234', '', null, undefined])(
    'rejects %j',
    (raw) => {
      expect(parseUnzr(raw)).toEqual({
        value: null,
        birthDate: null,
        formatOk: false,
        dateOk: false,
        checkDigitOk: false,
      });
    },
  );

  it('matches the pattern only with the hyphen', () => {
    expect(UNZR_PATTERN.test('20120309-01235')).toBe(true);
    expect(UNZR_PATTERN.test('2012030901235')).toBe(false);
  });
});

describe('makeUnzr', () => {
  it('builds a number that parses back with a valid check digit', () => {
    const unzr = makeUnzr('2012-03-09', 123);
    expect(unzr).toBe('20120309-01235');
    expect(parseUnzr(unzr)).toMatchObject({ birthDate: '2012-03-09', checkDigitOk: true });
  });
});

describe('isRealDate re-export', () => {
  it('is the function of iso-date', () => {
    expect(isRealDate).toBe(isRealDateOfIsoDate);
  });
});
