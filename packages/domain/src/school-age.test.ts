import { describe, expect, it } from 'vitest';
import { ageOnFirstSeptember, assessAgeForGrade, GRADE_AGE_RULE } from './school-age';

describe('ageOnFirstSeptember', () => {
  it.each([
    ['2019-09-01', 2025, 6], // turns six on the day
    ['2019-09-02', 2025, 5], // turns six the day after
    ['2019-08-31', 2025, 6],
    ['2018-09-02', 2025, 6],
    ['2014-03-09', 2025, 11],
  ])('%s in %i → %i', (birthDate, year, age) => {
    expect(ageOnFirstSeptember(birthDate, year)).toBe(age);
  });
});

describe('assessAgeForGrade', () => {
  it('has the usual band grade+5 … grade+6', () => {
    expect(GRADE_AGE_RULE.usualOffset).toEqual({ from: 5, to: 6 });
  });

  it.each([
    // grade 1: usual 6–7, 5 unusual, under 5 impossible, 8–12 unusual, 13+ impossible
    [1, 3, 'impossible'],
    [1, 4, 'impossible'],
    [1, 5, 'unusual'],
    [1, 6, 'usual'],
    [1, 7, 'usual'],
    [1, 8, 'unusual'],
    [1, 12, 'unusual'],
    [1, 13, 'impossible'],
    // grade 5: usual 10–11, 8–9 unusual, under 8 impossible, 12–16 unusual, 17+ impossible
    [5, 7, 'impossible'],
    [5, 8, 'unusual'],
    [5, 9, 'unusual'],
    [5, 10, 'usual'],
    [5, 11, 'usual'],
    [5, 12, 'unusual'],
    [5, 16, 'unusual'],
    [5, 17, 'impossible'],
    // grade 2 is not grade 1: two years younger than usual is still possible
    [2, 5, 'unusual'],
    [2, 4, 'impossible'],
    // grades 11 and 12
    [11, 16, 'usual'],
    [11, 17, 'usual'],
    [11, 22, 'unusual'],
    [11, 23, 'impossible'],
    [12, 17, 'usual'],
    [12, 18, 'usual'],
    // a negative age (a birth date after 1 September)
    [1, -1, 'impossible'],
  ] as const)('grade %i at %i → %s', (grade, age, expected) => {
    expect(assessAgeForGrade(age, grade)).toBe(expected);
  });
});
