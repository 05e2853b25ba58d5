import { describe, expect, it } from 'vitest';
import {
  canConfirm,
  completion,
  endOfDayKyiv,
  isLate,
  pupilDone,
  reminderDay,
  requiredRules,
  schoolStatus,
} from './campaign';

describe('requiredRules', () => {
  it('takes each indicator’s “not recorded” rule and its errors, not its advisory warnings', () => {
    const rules = requiredRules([4]);
    expect(rules).toContain('CONTACT_MISSING');
    expect(rules).toContain('CONTACT_LOST_SINCE_REQUIRED');
    expect(rules).not.toContain('CONTACT_LOST');
    expect(rules).not.toContain('CONTACT_IN_CONTACT_WITH_LOST_SINCE');
  });
  it('covers the four MON indicators and adds extra rules by code, ignoring unknown ones', () => {
    const rules = requiredRules([1, 2, 3, 4], ['UNZR_CHECK_DIGIT', 'NO_SUCH_RULE']);
    for (const c of [
      'BIRTH_CERT_MISSING',
      'BIRTH_DATE_MISSING',
      'DISPLACEMENT_MISSING',
      'CONTACT_MISSING',
      'UNZR_CHECK_DIGIT',
    ])
      expect(rules).toContain(c);
    expect(rules).not.toContain('NO_SUCH_RULE');
    expect([...rules].sort()).toEqual(rules);
  });
});

describe('pupils and schools', () => {
  const required = new Set(requiredRules([1]));
  it('a pupil is done when no required rule fails', () => {
    expect(pupilDone([], required)).toBe(true);
    expect(pupilDone(['CONTACT_LOST'], required)).toBe(true);
    expect(pupilDone(['BIRTH_CERT_MISSING'], required)).toBe(false);
  });
  it('moves a school from open to complete, confirmed and reopened', () => {
    expect(schoolStatus({ pupils: 10, done: 9, confirmedAt: null, changedAfterConfirmation: false })).toBe('open');
    expect(schoolStatus({ pupils: 10, done: 10, confirmedAt: null, changedAfterConfirmation: false })).toBe('complete');
    expect(
      schoolStatus({ pupils: 10, done: 10, confirmedAt: '2023-07-05T10:00:00Z', changedAfterConfirmation: false }),
    ).toBe('confirmed');
    expect(
      schoolStatus({ pupils: 10, done: 9, confirmedAt: '2023-07-05T10:00:00Z', changedAfterConfirmation: true }),
    ).toBe('reopened');
    expect(schoolStatus({ pupils: 0, done: 0, confirmedAt: null, changedAfterConfirmation: false })).toBe('complete');
  });
  it('allows confirmation only when nothing blocking remains', () => {
    expect(canConfirm({ pupils: 3, done: 3 })).toBe(true);
    expect(canConfirm({ pupils: 3, done: 2 })).toBe(false);
  });
  it('rounds completion down', () => {
    expect(completion(999, 1000)).toBe(99);
    expect(completion(0, 0)).toBe(100);
    expect(completion(1, 3)).toBe(33);
  });
});

describe('deadlines in Kyiv time', () => {
  it('ends a summer day at 20:59:59.999 UTC and a winter day at 21:59:59.999 UTC', () => {
    expect(endOfDayKyiv('2023-07-07').toISOString()).toBe('2023-07-07T20:59:59.999Z');
    expect(endOfDayKyiv('2025-12-01').toISOString()).toBe('2025-12-01T21:59:59.999Z');
    // Transition days: 26.03.2023 is the last Sunday of March, 29.10.2023 the last of October.
    expect(endOfDayKyiv('2023-03-25').toISOString()).toBe('2023-03-25T21:59:59.999Z');
    expect(endOfDayKyiv('2023-03-26').toISOString()).toBe('2023-03-26T20:59:59.999Z');
    expect(endOfDayKyiv('2023-10-28').toISOString()).toBe('2023-10-28T20:59:59.999Z');
    expect(endOfDayKyiv('2023-10-29').toISOString()).toBe('2023-10-29T21:59:59.999Z');
  });
  it('marks a confirmation after the deadline day as late', () => {
    expect(isLate(new Date('2023-07-07T20:00:00Z'), '2023-07-07')).toBe(false);
    expect(isLate(new Date('2023-07-07T21:00:00Z'), '2023-07-07')).toBe(true);
  });
  it('schedules reminders N days before the deadline', () => {
    expect(reminderDay('2023-07-07', 3)).toBe('2023-07-04');
    expect(reminderDay('2024-03-01', 1)).toBe('2024-02-29');
  });
});
