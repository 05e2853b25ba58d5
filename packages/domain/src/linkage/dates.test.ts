import { describe, expect, it } from 'vitest';
import { civilFromDay, compareBirthDays, dayFromCivil, dayOfIso, isoOfDay, NO_DAY } from './dates';

describe('day numbers', () => {
  it('count days from 1970-01-01 like Date.UTC does', () => {
    for (const iso of ['1970-01-01', '1900-03-01', '2000-02-29', '2012-03-09', '2024-12-31', '1899-12-31']) {
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      expect(dayFromCivil(y, m, d), iso).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
    }
  });

  it('round-trip every day of 1900–2100', () => {
    const from = dayFromCivil(1900, 1, 1);
    const to = dayFromCivil(2100, 12, 31);
    for (let day = from; day <= to; day++) {
      const { year, month, day: d } = civilFromDay(day);
      expect(dayFromCivil(year, month, d)).toBe(day);
    }
    expect(isoOfDay(dayOfIso('2016-02-29'))).toBe('2016-02-29');
  });

  it('have no number for a missing or impossible date', () => {
    expect(dayOfIso(null)).toBe(NO_DAY);
    expect(dayOfIso('')).toBe(NO_DAY);
    expect(dayOfIso('2023-02-29')).toBe(NO_DAY);
    expect(dayOfIso('09.03.2012')).toBe(NO_DAY);
  });
});

describe('compareBirthDays', () => {
  const level = (a: string, b: string) => compareBirthDays(dayOfIso(a), dayOfIso(b));
  it.each([
    ['2012-03-09', '2012-03-09', 0],
    ['2012-03-09', '2012-09-03', 1],
    ['2012-03-09', '2012-03-19', 2], // day mistyped
    ['2012-03-09', '2012-08-09', 2], // month mistyped
    ['2012-03-09', '2013-03-09', 2], // year mistyped
    ['2012-03-09', '2012-11-30', 3],
    ['2012-12-30', '2013-01-02', 3],
    ['2012-03-09', '2015-07-21', 4],
  ])('%s ~ %s → %i', (a, b, expected) => {
    expect(level(a, b)).toBe(expected);
    expect(level(b, a)).toBe(expected);
  });

  it('is −1 when a date is missing', () => {
    expect(compareBirthDays(NO_DAY, dayOfIso('2012-03-09'))).toBe(-1);
    expect(compareBirthDays(dayOfIso('2012-03-09'), NO_DAY)).toBe(-1);
  });
});
