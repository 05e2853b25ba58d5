import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES } from './countries';
import {
  BirthCertificateSchema,
  CONTACT_STATUSES,
  DISPLACEMENT_STATUSES,
  EDUCATION_FORMS,
  EDUCATION_FORM_GROUPS,
  EXIT_REASONS,
  INSTRUCTION_LANGUAGES,
  PupilRecordSchema,
  SCHEMA_GRADES,
  SEXES,
  type Label,
} from './exchange-record';
import { validPupilRecord } from './testing/pupil-records';

const check = (value: unknown) => Value.Check(PupilRecordSchema, value);

describe('PupilRecordSchema', () => {
  it('accepts the record of ARCHITECTURE.md with valid values', () => {
    expect(check(validPupilRecord())).toBe(true);
  });

  it('accepts a record with only the required fields', () => {
    expect(check({ lastName: 'Шевченко', firstName: 'Тарас', sex: 'male' })).toBe(true);
  });

  it.each(['lastName', 'firstName', 'sex'])('requires %s', (field) => {
    const record: Record<string, unknown> = { ...validPupilRecord() };
    delete record[field];
    expect(check(record)).toBe(false);
  });

  it.each([
    ['the record', (r: Record<string, unknown>) => ({ ...r, nickname: 'Тарасик' })],
    [
      'the birth certificate',
      (r: Record<string, unknown>) => ({ ...r, birthCertificate: { series: 'І-БК', number: '123456', note: 'x' } }),
    ],
    [
      'the residence',
      (r: Record<string, unknown>) => ({ ...r, residence: { katottg: 'UA80000000000093317', flat: '2' } }),
    ],
    ['the displacement', (r: Record<string, unknown>) => ({ ...r, displacement: { status: 'none', reason: 'x' } })],
    ['the contact', (r: Record<string, unknown>) => ({ ...r, contact: { status: 'in_contact', phone: '+380' } })],
    [
      'the enrolment',
      (r: Record<string, unknown>) => ({ ...r, enrollment: { ...(r.enrollment as object), shift: 2 } }),
    ],
  ])('rejects an unknown field in %s', (_where, change) => {
    expect(check(change({ ...validPupilRecord() }))).toBe(false);
  });

  it.each([
    ['birthDate', '2014-02-30'],
    ['birthDate', '09.03.2014'],
    ['sex', 'm'],
    ['unzr', '2014030901234'],
    ['rnokpp', '123456789'],
    ['citizenship', 'XK'],
    ['educationForm', 'home'],
    ['instructionLanguage', 'ua'],
    ['specialNeeds', 'no'],
    ['lastName', ''],
    ['lastName', 'Ш'.repeat(101)],
  ])('rejects %s = %j', (field, value) => {
    expect(check({ ...validPupilRecord(), [field]: value })).toBe(false);
  });

  it.each([
    [0, false],
    [1, true],
    [12, true],
    [13, false],
    [5.5, false],
  ])('admits grade %s: %s', (grade, ok) => {
    expect(check(validPupilRecord({ enrollment: { ...validPupilRecord().enrollment!, grade } }))).toBe(ok);
  });

  it('admits the grades of the reform', () => {
    expect(SCHEMA_GRADES).toEqual({ min: 1, max: 12 });
  });
});

describe('BirthCertificateSchema', () => {
  const ok = (value: unknown) => Value.Check(BirthCertificateSchema, value);

  it.each([
    { series: 'І-БК', number: '123456' },
    { series: 'ХХХІХ-ЯЮ', number: '000000', issuedCountry: 'UA' },
    { series: 'ІV-АБ', number: '123456' },
    { series: 'USC/2015', number: '12/2015/A', issuedCountry: 'PL' },
    { number: '1234', issuedCountry: 'DE' },
  ])('accepts %j', (value) => {
    expect(ok(value)).toBe(true);
  });

  it.each([
    { series: 'I-БК', number: '123456' }, // Latin I: the stored form is canonical
    { series: 'ІІІІ-БК', number: '123456' },
    { series: 'І-БК', number: '12345' },
    { series: 'USC', number: '1' }, // foreign without the country
    { series: 'USC', number: '1', issuedCountry: 'UA' },
    { number: '1', issuedCountry: 'XK' },
    { series: 'І-БК', issuedCountry: 'PL' }, // no number
  ])('rejects %j', (value) => {
    expect(ok(value)).toBe(false);
  });
});

describe('enumerations', () => {
  const labelled: Array<[string, Readonly<Record<string, Label>>]> = [
    ['SEXES', SEXES],
    ['DISPLACEMENT_STATUSES', DISPLACEMENT_STATUSES],
    ['CONTACT_STATUSES', CONTACT_STATUSES],
    ['EDUCATION_FORMS', EDUCATION_FORMS],
    ['EDUCATION_FORM_GROUPS', EDUCATION_FORM_GROUPS],
    ['EXIT_REASONS', EXIT_REASONS],
    ['INSTRUCTION_LANGUAGES', INSTRUCTION_LANGUAGES],
  ];

  it.each(labelled)('%s have snake_case codes and labels in Ukrainian and English', (_name, labels) => {
    for (const [code, label] of Object.entries(labels)) {
      expect(code).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
      expect(label.uk, code).toMatch(/^[а-яіїєґʼ(]/u);
      expect(label.en, code).toMatch(/^[A-Za-z]/);
    }
  });

  it('list the codes of the exchange record', () => {
    expect(Object.keys(SEXES)).toEqual(['male', 'female']);
    expect(Object.keys(DISPLACEMENT_STATUSES)).toEqual(['none', 'internal', 'external']);
    expect(Object.keys(CONTACT_STATUSES)).toEqual(['in_contact', 'lost', 'restored']);
    expect(Object.keys(EDUCATION_FORMS)).toEqual([
      'day',
      'evening',
      'part_time',
      'distance',
      'network',
      'externship',
      'family',
      'patronage',
      'dual',
    ]);
    expect(Object.keys(EXIT_REASONS)).toEqual(['transfer', 'abroad', 'vocational', 'completed', 'deceased', 'other']);
  });

  it('group the forms of education as the law does (ст. 9)', () => {
    const byGroup = (group: string) =>
      Object.entries(EDUCATION_FORMS)
        .filter(([, f]) => f.group === group)
        .map(([code]) => code);
    expect(byGroup('institutional')).toEqual(['day', 'evening', 'part_time', 'distance', 'network']);
    expect(byGroup('individual')).toEqual(['externship', 'family', 'patronage']);
    expect(byGroup('dual')).toEqual(['dual']);
  });

  it('list the languages of instruction by ISO 639 codes, Ukrainian and Crimean Tatar among them', () => {
    for (const code of Object.keys(INSTRUCTION_LANGUAGES)) expect(code).toMatch(/^[a-z]{2,3}$/);
    for (const code of ['uk', 'en', 'pl', 'hu', 'ro', 'bg', 'crh', 'de', 'fr', 'es', 'he']) {
      expect(INSTRUCTION_LANGUAGES).toHaveProperty(code);
    }
    expect(INSTRUCTION_LANGUAGES.uk.uk).toBe('українська');
    expect(INSTRUCTION_LANGUAGES.crh.uk).toBe('кримськотатарська');
  });

  it('accept every country code for citizenship', () => {
    for (const citizenship of COUNTRY_CODES) expect(check(validPupilRecord({ citizenship }))).toBe(true);
  });
});
