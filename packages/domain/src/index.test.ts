import { describe, expect, it } from 'vitest';
import * as domain from './index';

describe('the package entry point', () => {
  it('exports the public API of every module', () => {
    const functions = [
      // identifiers
      'parseUkrainianBirthCertificate',
      'birthCertificateKey',
      'isValidEdrpou',
      'completeEdrpou',
      'parseRnokpp',
      'rnokppDatePart',
      'completeRnokpp',
      'parseUnzr',
      'makeUnzr',
      'icao9303CheckDigit',
      // names, territories, dates
      'canonicalName',
      'normaliseName',
      'nameKey',
      'phoneticKey',
      'isUkrainianName',
      'patronymicSex',
      'transliterate',
      'isKatottg',
      'parseCodifierRow',
      'territoryDisplayName',
      'periodCovers',
      'schoolYear',
      'schoolYearOf',
      'parseSchoolYearLabel',
      'ageOn',
      'ageOnFirstSeptember',
      'assessAgeForGrade',
      'isRealDate',
      'swapDayMonth',
      'isCountryCode',
      'countryName',
      'isClassLetter',
      'normaliseClassLetter',
      // validation
      'validatePupil',
      'normalisePupilRecord',
      'qualitySummary',
      'indicatorRules',
      'isRuleCode',
    ] as const;
    for (const name of functions) expect(typeof domain[name], name).toBe('function');
    for (const name of [
      'VALIDATION_RULES',
      'INDICATORS',
      'COUNTRIES',
      'SEXES',
      'EDUCATION_FORMS',
      'PupilRecordSchema',
    ] as const) {
      expect(typeof domain[name], name).toBe('object');
    }
  });

  it('exports isRealDate unambiguously, though two modules export it', () => {
    expect(domain.isRealDate('2024-02-29')).toBe(true);
  });
});
