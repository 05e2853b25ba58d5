import { describe, expect, it } from 'vitest';
import { formatDate, localIsoDate } from './date';

describe('formatDate', () => {
  it('writes an ISO date as дд.мм.рррр without shifting it across time zones', () => {
    expect(formatDate('2022-02-24')).toBe('24.02.2022');
    expect(formatDate('2014-02-20')).toBe('20.02.2014');
    expect(formatDate('2000-01-01')).toBe('01.01.2000');
    expect(formatDate('2024-12-31')).toBe('31.12.2024');
  });

  it('accepts 29 February only in leap years', () => {
    expect(formatDate('2024-02-29')).toBe('29.02.2024');
    expect(formatDate('2023-02-29')).toBe('');
    expect(formatDate('2100-02-29')).toBe('');
    expect(formatDate('2000-02-29')).toBe('29.02.2000');
  });

  it('gives an empty string for what is not a date', () => {
    for (const bad of [
      null,
      undefined,
      '',
      '24.02.2022',
      '2022-2-4',
      '2022-13-01',
      '2022-00-10',
      '2022-04-31',
      'завтра',
    ]) {
      expect(formatDate(bad), String(bad)).toBe('');
    }
    expect(formatDate(new Date(Number.NaN))).toBe('');
  });

  it('shows a Date and an ISO date-time in local time, with leading zeros', () => {
    expect(formatDate(new Date(2023, 0, 5))).toBe('05.01.2023');
    expect(formatDate(new Date(2023, 10, 15, 23, 59))).toBe('15.11.2023');
    const local = new Date(2025, 8, 1, 12, 0);
    expect(formatDate(local.toISOString())).toBe('01.09.2025');
    expect(formatDate(new Date(987, 5, 9))).toBe('09.06.0987');
  });
});

describe('localIsoDate', () => {
  it('is the local calendar date in ISO form', () => {
    expect(localIsoDate(new Date(2022, 1, 24, 4, 30))).toBe('2022-02-24');
    expect(localIsoDate(new Date(2025, 11, 31, 23, 59))).toBe('2025-12-31');
  });
});
