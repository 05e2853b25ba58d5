import { describe, expect, it } from 'vitest';
import { addDays, isSchoolDay, schoolDaysBetween, transitCutoff } from './school-days';

describe('isSchoolDay', () => {
  it.each([
    ['2025-10-13', true], // Monday
    ['2025-10-17', true], // Friday
    ['2025-10-18', false], // Saturday
    ['2025-10-19', false], // Sunday
    ['1970-01-01', true], // Thursday, day 0
    ['1969-12-28', false], // Sunday before day 0
  ])('%s → %s', (date, expected) => {
    expect(isSchoolDay(date)).toBe(expected);
  });

  it('refuses what is not a date', () => {
    expect(() => isSchoolDay('2025-02-30')).toThrow(RangeError);
  });
});

describe('schoolDaysBetween', () => {
  it.each([
    ['2025-10-10', '2025-10-13', 1], // Friday → Monday
    ['2025-10-10', '2025-10-12', 0], // Friday → Sunday
    ['2025-10-11', '2025-10-13', 1], // Saturday → Monday
    ['2025-10-01', '2025-10-15', 10], // two weeks
    ['2025-10-01', '2025-10-16', 11],
    ['2025-08-31', '2025-09-12', 10], // Sunday → the second Friday
    ['2025-10-15', '2025-10-15', 0],
    ['2025-10-15', '2025-10-01', 0], // backwards
    ['2024-12-31', '2025-01-02', 2], // over the year end
  ])('%s → %s: %i', (from, to, n) => {
    expect(schoolDaysBetween(from, to)).toBe(n);
  });

  it('agrees with counting day by day over a year of pairs', () => {
    const start = '2025-01-01';
    for (let a = 0; a < 30; a++) {
      for (let len = 0; len < 40; len++) {
        const from = addDays(start, a);
        const to = addDays(from, len);
        let n = 0;
        for (let d = 1; d <= len; d++) if (isSchoolDay(addDays(from, d))) n++;
        expect(schoolDaysBetween(from, to), `${from} → ${to}`).toBe(n);
      }
    }
  });
});

describe('transitCutoff', () => {
  it.each([
    ['2025-10-15', 10, '2025-10-01'], // Wednesday
    ['2025-10-13', 1, '2025-10-12'], // Monday: Friday, Saturday and Sunday exits all count one day
    ['2025-10-18', 5, '2025-10-12'], // Saturday: back to Sunday, not to the Saturday before
    ['2025-10-15', 0, '2025-10-15'],
  ])('%s, %i school days → %s', (today, days, cutoff) => {
    expect(transitCutoff(today, days)).toBe(cutoff);
  });

  it('is the latest exit date with at least that many school days since', () => {
    for (let t = 0; t < 14; t++) {
      const today = addDays('2025-09-01', t);
      for (const days of [1, 3, 5, 10, 11]) {
        const cutoff = transitCutoff(today, days);
        expect(schoolDaysBetween(cutoff, today)).toBeGreaterThanOrEqual(days);
        expect(schoolDaysBetween(addDays(cutoff, 1), today)).toBeLessThan(days);
      }
    }
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => transitCutoff('2025-10-15', -1)).toThrow(RangeError);
    expect(() => transitCutoff('2025-10-15', 1.5)).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('moves over month and year ends', () => {
    expect(addDays('2025-08-31', 1)).toBe('2025-09-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});
