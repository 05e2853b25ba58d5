import { describe, expect, it } from 'vitest';
import { FIXED_CONTEXT, validPupilRecord } from '../testing/pupil-records';
import { issueOf } from './issue';
import { qualitySummary } from './quality-summary';
import { validatePupil } from './validate';

const summaryOf = (input: unknown) => {
  const { errors, warnings } = validatePupil(input, FIXED_CONTEXT);
  return qualitySummary([...errors, ...warnings]);
};

describe('qualitySummary', () => {
  it('finds a valid record clean, every indicator satisfied', () => {
    expect(summaryOf(validPupilRecord())).toEqual({
      errorCount: 0,
      warningCount: 0,
      canSave: true,
      codes: [],
      indicators: {
        1: { satisfied: true, codes: [] },
        2: { satisfied: true, codes: [] },
        3: { satisfied: true, codes: [] },
        4: { satisfied: true, codes: [] },
      },
    });
  });

  it('finds no indicator satisfied in a record that has none of them', () => {
    const summary = summaryOf(
      validPupilRecord({
        birthCertificate: undefined,
        birthDate: undefined,
        displacement: undefined,
        contact: undefined,
      }),
    );
    expect(summary.canSave).toBe(true);
    expect(summary.warningCount).toBe(4);
    expect(summary.codes).toEqual([
      'BIRTH_DATE_MISSING',
      'BIRTH_CERT_MISSING',
      'DISPLACEMENT_MISSING',
      'CONTACT_MISSING',
    ]);
    for (const n of [1, 2, 3, 4] as const) expect(summary.indicators[n].satisfied).toBe(false);
  });

  it('counts a lost contact as recorded: the indicator is satisfied, the warning listed', () => {
    const summary = summaryOf(validPupilRecord({ contact: { status: 'lost', lostSince: '2023-05-01' } }));
    expect(summary.indicators[4]).toEqual({ satisfied: true, codes: ['CONTACT_LOST'] });
    expect(summary.warningCount).toBe(1);
  });

  it('does not count an indicator with an error as satisfied, nor a record with errors as savable', () => {
    const summary = summaryOf(validPupilRecord({ birthCertificate: { series: 'І-БКК', number: '123456' } }));
    expect(summary.indicators[1]).toEqual({ satisfied: false, codes: ['BIRTH_CERT_SERIES_FORMAT'] });
    expect(summary.canSave).toBe(false);
    expect(summary.errorCount).toBe(1);
  });

  it('keeps a normalised look-alike from failing the indicator', () => {
    const summary = summaryOf(validPupilRecord({ birthCertificate: { series: 'I-BK', number: '123456' } }));
    expect(summary.indicators[1]).toEqual({ satisfied: true, codes: ['BIRTH_CERT_SERIES_LATIN_LOOKALIKE'] });
  });

  it('lists each code once', () => {
    const issue = issueOf('SCHEMA_UNKNOWN_FIELD', '/a');
    const summary = qualitySummary([issue, { ...issue, path: '/b' }]);
    expect(summary.codes).toEqual(['SCHEMA_UNKNOWN_FIELD']);
    expect(summary.errorCount).toBe(2);
  });
});
