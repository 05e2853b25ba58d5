import { describe, expect, it } from 'vitest';
import { ageOn, parseSchoolYearLabel, schoolYear, schoolYearOf } from './school-year';

describe('schoolYear', () => {
  it('runs from 1 September to 31 August and is labelled by both years', () => {
    expect(schoolYear(2025)).toEqual({ id: 2025, label: '2025-2026', startsOn: '2025-09-01', endsOn: '2026-08-31' });
  });
});

describe('schoolYearOf', () => {
  it.each([
    ['2025-09-01', 2025],
    ['2025-12-31', 2025],
    ['2026-01-01', 2025],
    ['2026-08-31', 2025],
    ['2025-08-31', 2024],
  ])('%s is in the school year starting %i', (date, id) => {
    expect(schoolYearOf(date).id).toBe(id);
  });
});

describe('parseSchoolYearLabel', () => {
  it.each([
    ['2025-2026', 2025],
    [' 2023-2024 ', 2023],
  ])('reads %j', (label, id) => {
    expect(parseSchoolYearLabel(label)?.id).toBe(id);
  });

  it.each(['2025-2027', '2025-2025', '2026-2025', '2025/2026', '2025', '25-26', '', 'abcd-efgh'])(
    'rejects %j',
    (label) => {
      expect(parseSchoolYearLabel(label)).toBeNull();
    },
  );
});

describe('ageOn', () => {
  it.each([
    ['2014-03-09', '2025-03-08', 10],
    ['2014-03-09', '2025-03-09', 11],
    ['2014-03-09', '2025-02-28', 10],
    ['2014-03-09', '2025-04-01', 11],
    ['2012-02-29', '2025-02-28', 12], // a leap-day birthday counts from 1 March in common years
    ['2012-02-29', '2025-03-01', 13],
  ])('born %s, on %s → %i', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });
});
