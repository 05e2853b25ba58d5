import { describe, expect, it } from 'vitest';
import { EARLIEST_YEAR, isRealDate, swapDayMonth } from './iso-date';

describe('isRealDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-28', true],
    ['1900-01-01', true],
    ['2099-12-31', true],
    ['2023-02-29', false],
    ['2023-04-31', false],
    ['2023-13-01', false],
    ['2023-00-10', false],
    ['2023-01-00', false],
    ['1899-12-31', false],
    ['0050-01-01', false],
    ['2023-1-01', false],
    ['20230101', false],
    [' 2023-01-01', false],
    ['2023-01-01T00:00:00Z', false],
    ['', false],
  ])('%s → %s', (iso, expected) => {
    expect(isRealDate(iso)).toBe(expected);
  });

  it('starts the accepted calendar in 1900', () => {
    expect(EARLIEST_YEAR).toBe(1900);
  });
});

describe('swapDayMonth', () => {
  it.each([
    ['2012-09-03', '2012-03-09'],
    ['2012-03-09', '2012-09-03'],
    ['2012-12-01', '2012-01-12'],
    ['2012-03-25', null], // day 25 cannot be a month
    ['2024-02-29', null],
    ['2012-03-03', null], // swapping changes nothing
    ['2012-02-30', null], // not a real date to begin with
    ['garbage', null],
  ])('%s → %s', (iso, expected) => {
    expect(swapDayMonth(iso)).toBe(expected);
  });
});
