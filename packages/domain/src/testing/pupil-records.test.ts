import { describe, expect, it } from 'vitest';
import { validatePupil } from '../validation/validate';
import {
  FIXED_CONTEXT,
  PUPIL_RNOKPP,
  PUPIL_UNZR,
  SCHOOL_EDRPOU,
  TERRITORY,
  fakeTerritories,
  validPupilRecord,
} from './pupil-records';

describe('validPupilRecord', () => {
  it('is valid without any issue, with and without the codifier', () => {
    for (const context of [FIXED_CONTEXT, { ...FIXED_CONTEXT, territories: fakeTerritories() }]) {
      const result = validatePupil(validPupilRecord(), context);
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      expect(result.normalised).toEqual(validPupilRecord());
    }
  });

  it('applies overrides, and removes the fields overridden with undefined', () => {
    const record = validPupilRecord({ firstName: 'Марʼяна', middleName: undefined });
    expect(record.firstName).toBe('Марʼяна');
    expect('middleName' in record).toBe(false);
  });

  it('has identifiers with real check digits', () => {
    expect(PUPIL_UNZR).toMatch(/^20140309-\d{5}$/);
    expect(PUPIL_RNOKPP).toMatch(/^41706\d{5}$/);
    expect(SCHOOL_EDRPOU).toMatch(/^2143658\d$/);
  });
});

describe('fakeTerritories', () => {
  it('answers from the fixed codes and periods, and adds extra periods', () => {
    const lookup = fakeTerritories({
      [TERRITORY.lvivHromada]: [{ kind: 'possible_hostilities', start: '2024-01-01', end: null }],
    });
    expect(lookup.get(TERRITORY.bakhmutCity)).toEqual({ category: 'M', level: 4, name: 'Бахмут' });
    expect(lookup.get(TERRITORY.unknown)).toBeUndefined();
    expect(lookup.hostilityPeriods(TERRITORY.bakhmutCity)).toHaveLength(2);
    expect(lookup.hostilityPeriods(TERRITORY.lvivHromada)).toHaveLength(1);
    expect(fakeTerritories().hostilityPeriods(TERRITORY.lvivHromada)).toEqual([]);
  });
});
