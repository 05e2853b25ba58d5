import { describe, expect, it } from 'vitest';
import { checkException, EXCEPTION_LABELS, LEAVE_REASONS, REPEAT_BASES, type RolloverException } from './exceptions';

const ctx = (grade: number, gradeMax = 11) => ({ grade, gradeMax, fromYear: 2024 });
const codes = (e: RolloverException, grade: number, gradeMax = 11) =>
  checkException(e, ctx(grade, gradeMax)).map((i) => i.code);

describe('checkException: repeating a grade', () => {
  it.each([
    [1, 'parent_request', []],
    [2, 'parent_request', []],
    [1, 'council_decision', ['REPEAT_PARENT_REQUEST_REQUIRED']],
    [2, 'council_decision', ['REPEAT_PARENT_REQUEST_REQUIRED']],
    [3, 'council_decision', []],
    [10, 'council_decision', []],
    [3, 'parent_request', ['REPEAT_COUNCIL_DECISION_REQUIRED']],
    [11, 'council_decision', ['REPEAT_GRADE_NOT_ALLOWED']],
  ] as const)('grade %i by %s → %j', (grade, basis, expected) => {
    expect(codes({ kind: 'repeat', basis }, grade)).toEqual(expected);
  });

  it('checks the class letter of the class joined next year', () => {
    expect(codes({ kind: 'repeat', basis: 'council_decision', classLetter: 'Б' }, 5)).toEqual([]);
    expect(codes({ kind: 'repeat', basis: 'council_decision', classLetter: null }, 5)).toEqual([]);
    expect(codes({ kind: 'repeat', basis: 'council_decision', classLetter: 'b' }, 5)).toEqual([
      'REPEAT_CLASS_LETTER_FORMAT',
    ]);
  });

  it('points at the field and says what to do, in Ukrainian', () => {
    const [issue] = checkException({ kind: 'repeat', basis: 'council_decision' }, ctx(2));
    expect(issue).toEqual({
      code: 'REPEAT_PARENT_REQUEST_REQUIRED',
      path: '/basis',
      message: expect.stringContaining('заявою одного з батьків') as string,
    });
  });
});

describe('checkException: leaving at the end of the year', () => {
  const leave = (over: Partial<Extract<RolloverException, { kind: 'leave' }>>): RolloverException => ({
    kind: 'leave',
    reason: 'transfer',
    confirmed: true,
    ...over,
  });

  it('accepts a transfer with or without a destination school', () => {
    expect(codes(leave({}), 7)).toEqual([]);
    expect(codes(leave({ destinationSchoolId: 'school-b' }), 7)).toEqual([]);
  });

  it('refuses leaving from the last grade: graduates leave anyway', () => {
    expect(codes(leave({}), 11)).toEqual(['LEAVE_GRADUATE']);
    expect(codes(leave({}), 9, 9)).toEqual(['LEAVE_GRADUATE']);
  });

  it('allows vocational education after basic secondary education only', () => {
    expect(codes(leave({ reason: 'vocational' }), 9)).toEqual([]);
    expect(codes(leave({ reason: 'vocational' }), 10)).toEqual([]);
    expect(codes(leave({ reason: 'vocational' }), 8)).toEqual(['LEAVE_VOCATIONAL_GRADE']);
  });

  it('needs a country to leave abroad, and a country only then', () => {
    expect(codes(leave({ reason: 'abroad' }), 5)).toEqual(['LEAVE_COUNTRY_REQUIRED']);
    expect(codes(leave({ reason: 'abroad', destinationCountry: 'PL' }), 5)).toEqual([]);
    expect(codes(leave({ reason: 'transfer', destinationCountry: 'PL' }), 5)).toEqual(['LEAVE_COUNTRY_NOT_ABROAD']);
  });

  it('names a destination school for transfers only', () => {
    expect(codes(leave({ reason: 'other', destinationSchoolId: 'school-b' }), 5)).toEqual([
      'LEAVE_SCHOOL_NOT_TRANSFER',
    ]);
  });

  it('keeps the exit date within the school year that ends', () => {
    expect(codes(leave({ date: '2025-06-10' }), 5)).toEqual([]);
    expect(codes(leave({ date: '2024-09-01' }), 5)).toEqual([]);
    expect(codes(leave({ date: '2025-08-31' }), 5)).toEqual([]);
    expect(codes(leave({ date: null }), 5)).toEqual([]);
    expect(codes(leave({ date: '2025-09-01' }), 5)).toEqual(['LEAVE_DATE_OUTSIDE_YEAR']);
    expect(codes(leave({ date: '2024-08-31' }), 5)).toEqual(['LEAVE_DATE_OUTSIDE_YEAR']);
    expect(codes(leave({ date: '2025-02-30' }), 5)).toEqual(['LEAVE_DATE_OUTSIDE_YEAR']);
  });

  it('reports every problem at once', () => {
    expect(codes(leave({ reason: 'vocational', destinationCountry: 'PL', date: '2026-01-01' }), 11)).toEqual([
      'LEAVE_GRADUATE',
      'LEAVE_COUNTRY_NOT_ABROAD',
      'LEAVE_DATE_OUTSIDE_YEAR',
    ]);
  });
});

describe('EXCEPTION_LABELS', () => {
  it('labels every kind, basis and reason in Ukrainian and English', () => {
    for (const key of ['repeat', 'leave', ...REPEAT_BASES, ...LEAVE_REASONS] as const) {
      expect(EXCEPTION_LABELS[key].uk.length).toBeGreaterThan(3);
      expect(EXCEPTION_LABELS[key].en.length).toBeGreaterThan(3);
    }
  });
});
