import { describe, expect, it } from 'vitest';
import {
  CASE_REASON_LABELS,
  CASE_REASONS,
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  caseMove,
  isSchoolAge,
  OPEN_CASE_STATUSES,
  schoolAgeBirthWindow,
} from './missing-children';
import { ageOn } from '../school-year';

describe('school age', () => {
  it('is 6–17 full years on 1 September', () => {
    const w = schoolAgeBirthWindow(2025);
    expect(w).toEqual({ bornFrom: '2007-09-02', bornTo: '2019-09-01' });
    expect(ageOn(w.bornFrom, '2025-09-01')).toBe(17);
    expect(ageOn('2007-09-01', '2025-09-01')).toBe(18);
    expect(ageOn(w.bornTo, '2025-09-01')).toBe(6);
    expect(ageOn('2019-09-02', '2025-09-01')).toBe(5);
  });

  it.each([
    ['2007-09-02', true],
    ['2007-09-01', false],
    ['2019-09-01', true],
    ['2019-09-02', false],
    ['2012-03-09', true],
    [null, false],
  ])('%s → %s', (date, expected) => expect(isSchoolAge(date, 2025)).toBe(expected));
});

describe('cases', () => {
  it('label every reason and status in Ukrainian and English', () => {
    for (const r of CASE_REASONS) expect(CASE_REASON_LABELS[r].uk.length).toBeGreaterThan(10);
    for (const s of CASE_STATUSES) expect(CASE_STATUS_LABELS[s].en.length).toBeGreaterThan(2);
    expect([...OPEN_CASE_STATUSES].sort()).toEqual(['in_work', 'new', 'not_found']);
  });

  it('let ОУО case workers take a case through to an outcome, with a note', () => {
    expect(caseMove('ouo_specialist', 'new', 'in_work', null)).toBeNull();
    expect(caseMove('ouo_specialist', 'in_work', 'found_enrolled', 'Навчається в ліцеї № 3')).toBeNull();
    expect(caseMove('ouo_admin', 'in_work', 'found_enrolled', '')).toBe('CASE_NOTE_REQUIRED');
    expect(caseMove('ouo_admin', 'in_work', 'not_found', 'Обійшли адресу, сусіди не знають')).toBeNull();
    expect(caseMove('ouo_admin', 'not_found', 'escalated', 'Передано до ССД, лист № 12')).toBeNull();
  });

  it('refuse moves that skip the rules, and unknown statuses', () => {
    expect(caseMove('ouo_admin', 'new', 'escalated', 'так')).toBe('CASE_TRANSITION_INVALID');
    expect(caseMove('ouo_admin', 'found_enrolled', 'in_work', null)).toBe('CASE_TRANSITION_INVALID');
    expect(caseMove('ouo_admin', 'in_work', 'in_work', null)).toBe('CASE_TRANSITION_INVALID');
    expect(caseMove('ouo_admin', 'in_work', 'lost', 'x')).toBe('CASE_STATUS_UNKNOWN');
  });

  it('let only the verification officer reopen a closed case', () => {
    for (const closed of ['found_enrolled', 'abroad', 'deceased', 'escalated'] as const) {
      expect(caseMove('ministry_verifier', closed, 'in_work', null)).toBeNull();
      expect(caseMove('ouo_specialist', closed, 'in_work', null)).toBe('CASE_TRANSITION_INVALID');
    }
    expect(caseMove('ministry_verifier', 'new', 'in_work', null)).toBeNull();
  });
});
