import { describe, expect, it } from 'vitest';
import { kyivDate, kyivDayStart, kyivOffsetHours } from './kyiv-time';

describe('Kyiv time', () => {
  it('is UTC+2 in winter and UTC+3 in summer, switching at 01:00 UTC on the last Sundays of March and October', () => {
    expect(kyivOffsetHours(new Date('2025-01-15T12:00:00Z'))).toBe(2);
    expect(kyivOffsetHours(new Date('2025-07-15T12:00:00Z'))).toBe(3);
    expect(kyivOffsetHours(new Date('2025-03-30T00:59:59Z'))).toBe(2);
    expect(kyivOffsetHours(new Date('2025-03-30T01:00:00Z'))).toBe(3);
    expect(kyivOffsetHours(new Date('2025-10-26T00:59:59Z'))).toBe(3);
    expect(kyivOffsetHours(new Date('2025-10-26T01:00:00Z'))).toBe(2);
  });
  it('gives the Kyiv date, which runs ahead of UTC’s after midnight', () => {
    expect(kyivDate(new Date('2025-12-01T21:30:00Z'))).toBe('2025-12-01');
    expect(kyivDate(new Date('2025-12-01T22:30:00Z'))).toBe('2025-12-02');
    expect(kyivDate(new Date('2025-07-06T21:30:00Z'))).toBe('2025-07-07');
  });
  it('gives the instant a Kyiv day begins', () => {
    expect(kyivDayStart('2025-12-02').toISOString()).toBe('2025-12-01T22:00:00.000Z');
    expect(kyivDayStart('2025-07-07').toISOString()).toBe('2025-07-06T21:00:00.000Z');
  });
});
