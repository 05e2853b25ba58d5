import { validatePupil } from '@aikom/domain/validation/validate';
import type { PupilRecord } from '@aikom/sdk';
import { describe, expect, it } from 'vitest';
import {
  changedFields,
  emptyPupilForm,
  fieldOfPointer,
  formToRecord,
  issuesByField,
  recordToForm,
  type PupilFormValues,
} from './pupilForm';

const CONTEXT = { today: '2025-10-15', schoolYearStart: 2025 };

const complete: PupilRecord = {
  externalId: 'ej-1842',
  lastName: 'Шевченко',
  firstName: 'Тарас',
  middleName: 'Григорович',
  sex: 'male',
  birthDate: '2013-03-09',
  birthCertificate: { series: 'І-БК', number: '123456' },
  unzr: '20130309-01232',
  rnokpp: '4134100130',
  citizenship: 'UA',
  residence: { katottg: 'UA32080070010087821', address: 'вул. Вокзальна, 5' },
  displacement: {
    status: 'internal',
    since: '2022-03-15',
    originKatottg: 'UA23080070000068953',
    idpCertificate: '1234-5678',
  },
  contact: { status: 'lost', lostSince: '2024-05-01', note: 'Телефонували батькам' },
  educationForm: 'distance',
  specialNeeds: true,
  instructionLanguage: 'uk',
  enrollment: {
    schoolEdrpou: '32855961',
    schoolYear: '2025-2026',
    grade: 7,
    classLetter: 'Б',
    entryDate: '2025-09-01',
    orderNumber: '12-у',
  },
};

const form = (over: Partial<PupilFormValues> = {}): PupilFormValues => ({
  ...emptyPupilForm({ schoolEdrpou: '32855961', schoolYear: '2025-2026' }),
  ...over,
});

describe('formToRecord and recordToForm', () => {
  it('carry every field of the exchange record both ways', () => {
    expect(formToRecord(recordToForm(complete))).toEqual(complete);
  });

  it('keep a foreign birth certificate with its country', () => {
    const record: PupilRecord = {
      ...complete,
      birthCertificate: { series: 'AB', number: 'X-99', issuedCountry: 'PL' },
    };
    const values = recordToForm(record);
    expect([values.certificateKind, values.certificateCountry]).toEqual(['foreign', 'PL']);
    expect(formToRecord(values).birthCertificate).toEqual({ series: 'AB', number: 'X-99', issuedCountry: 'PL' });
  });

  it('leave out what is empty and trim what is typed', () => {
    const record = formToRecord(form({ lastName: '  Коваль ', firstName: 'Марія', sex: 'female', grade: '5' }));
    expect(record).toEqual({
      lastName: 'Коваль',
      firstName: 'Марія',
      sex: 'female',
      citizenship: 'UA',
      educationForm: 'day',
      instructionLanguage: 'uk',
      displacement: { status: 'none' },
      contact: { status: 'in_contact' },
      specialNeeds: false,
      enrollment: { schoolEdrpou: '32855961', schoolYear: '2025-2026', grade: 5 },
    });
  });

  it('send only the details of the chosen status, so switching back leaves no stray data', () => {
    const values = recordToForm(complete);
    const none = formToRecord({ ...values, displacementStatus: 'none', contactStatus: 'in_contact' });
    expect(none.displacement).toEqual({ status: 'none' });
    expect(none.contact).toEqual({ status: 'in_contact' });
    const abroad = formToRecord({ ...values, displacementStatus: 'external', displacementCountry: 'DE' });
    expect(abroad.displacement).toEqual({ status: 'external', since: '2022-03-15', country: 'DE' });
    expect(formToRecord({ ...values, contactStatus: 'restored' }).contact).toEqual({
      status: 'restored',
      note: 'Телефонували батькам',
    });
    expect(formToRecord({ ...values, certificateKind: 'none' }).birthCertificate).toBeUndefined();
  });

  it('give a record the browser validator checks like the server, with findings at the form’s fields', () => {
    const record = formToRecord(
      form({
        lastName: 'Шевченко',
        firstName: 'Тарас',
        sex: 'male',
        certificateSeries: 'БК-12',
        certificateNumber: '123456',
        grade: '6',
      }),
    );
    const { errors } = validatePupil(record, CONTEXT);
    expect(errors.map((e) => [e.code, fieldOfPointer(e.path)])).toEqual([
      ['BIRTH_CERT_SERIES_FORMAT', 'certificateSeries'],
    ]);
    expect(validatePupil(formToRecord(recordToForm(complete)), CONTEXT).errors).toEqual([]);
  });
});

describe('fieldOfPointer', () => {
  it('maps a JSON Pointer of the record to the field that shows it', () => {
    expect(fieldOfPointer('/birthCertificate/series')).toBe('certificateSeries');
    expect(fieldOfPointer('/displacement/originKatottg')).toBe('originKatottg');
    expect(fieldOfPointer('/enrollment/grade')).toBe('grade');
    expect(fieldOfPointer('/contact/lostSince')).toBe('contactLostSince');
  });

  it('sends a group’s pointer, or one below a field, to the nearest field above it', () => {
    expect(fieldOfPointer('/birthCertificate')).toBe('certificateKind');
    expect(fieldOfPointer('/displacement')).toBe('displacementStatus');
    expect(fieldOfPointer('/enrollment')).toBe('grade');
    expect(fieldOfPointer('/residence/katottg/extra')).toBe('residenceKatottg');
    expect(fieldOfPointer('/birthCertificate/somethingNew')).toBe('certificateKind');
  });

  it('has no field for the record itself or for what the form does not edit', () => {
    expect(fieldOfPointer('')).toBeNull();
    expect(fieldOfPointer('/externalId')).toBeNull();
    expect(fieldOfPointer('/unknownField')).toBeNull();
  });
});

describe('issuesByField and changedFields', () => {
  it('groups issues by field and keeps those without one for the summary', () => {
    const issues = [
      { code: 'A', path: '/lastName', message: 'a' },
      { code: 'B', path: '/lastName', message: 'b' },
      { code: 'C', path: '', message: 'c' },
      { code: 'D', path: '/enrollment/classLetter', message: 'd' },
    ];
    const { fields, form: rest } = issuesByField(issues);
    expect(fields.lastName?.map((i) => i.code)).toEqual(['A', 'B']);
    expect(fields.classLetter?.map((i) => i.code)).toEqual(['D']);
    expect(rest.map((i) => i.code)).toEqual(['C']);
  });

  it('names the fields a change touched', () => {
    const before = form();
    expect(changedFields(before, { ...before, lastName: 'Коваль', specialNeeds: true })).toEqual([
      'lastName',
      'specialNeeds',
    ]);
    expect(changedFields(before, { ...before, externalId: 'x' })).toEqual([]);
  });
});
