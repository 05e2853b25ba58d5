import type { PupilRecord } from '@aikom/domain/exchange-record';
import { describe, expect, it } from 'vitest';
import { canonicalRecord, changedFields } from './canonical';

const base: PupilRecord = {
  externalId: 'e-1',
  lastName: 'Шевченко',
  firstName: 'Тарас',
  sex: 'male',
  birthDate: '2014-03-09',
  birthCertificate: { series: 'І-БК', number: '123456', issuedCountry: 'UA' },
  enrollment: { schoolEdrpou: '12345678', schoolYear: '2025-2026', grade: 5 },
};

describe('canonical exchange records', () => {
  it('makes the registry defaults explicit and drops what the registry does not keep', () => {
    expect(canonicalRecord(base)).toEqual({
      birthCertificate: { number: '123456', series: 'І-БК' },
      birthDate: '2014-03-09',
      contact: { status: 'in_contact' },
      displacement: { status: 'none' },
      educationForm: 'day',
      enrollment: {
        classLetter: 'А',
        entryDate: '2025-09-01',
        grade: 5,
        schoolEdrpou: '12345678',
        schoolYear: '2025-2026',
      },
      firstName: 'Тарас',
      instructionLanguage: 'uk',
      lastName: 'Шевченко',
      sex: 'male',
      specialNeeds: false,
    });
  });

  it('sees no change between a record and the same data with defaults spelt out, in another key order', () => {
    const stored: PupilRecord = {
      sex: 'male',
      firstName: 'Тарас',
      lastName: 'Шевченко',
      birthDate: '2014-03-09',
      birthCertificate: { number: '123456', series: 'І-БК' },
      displacement: { status: 'none' },
      contact: { status: 'in_contact' },
      educationForm: 'day',
      specialNeeds: false,
      instructionLanguage: 'uk',
      enrollment: {
        schoolEdrpou: '12345678',
        schoolYear: '2025-2026',
        grade: 5,
        classLetter: 'А',
        entryDate: '2025-09-01',
      },
    };
    expect(changedFields(stored, base)).toEqual([]);
  });

  it('names the changed top-level fields, not their values', () => {
    expect(
      changedFields(base, {
        ...base,
        unzr: '20140309-01236',
        contact: { status: 'lost', lostSince: '2025-10-01' },
        enrollment: { ...base.enrollment!, classLetter: 'Б' },
      }),
    ).toEqual(['contact', 'enrollment', 'unzr']);
  });

  it('ignores a since date of "not displaced" but not of a displacement', () => {
    expect(changedFields(base, { ...base, displacement: { status: 'none', since: '2022-03-01' } })).toEqual([]);
    expect(
      changedFields(
        { ...base, displacement: { status: 'internal', since: '2022-03-01' } },
        { ...base, displacement: { status: 'internal', since: '2022-04-01' } },
      ),
    ).toEqual(['displacement']);
  });
});
