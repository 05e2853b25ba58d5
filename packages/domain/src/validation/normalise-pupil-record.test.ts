import { describe, expect, it } from 'vitest';
import { PUPIL_UNZR, validPupilRecord } from '../testing/pupil-records';
import { normalisePupilRecord, normaliseWithNotes } from './normalise-pupil-record';

const notesOf = (input: unknown) => normaliseWithNotes(input).notes.map((n) => `${n.code}@${n.path}`);

describe('normalisePupilRecord', () => {
  it('leaves a canonical record as it is', () => {
    expect(normalisePupilRecord(validPupilRecord())).toEqual(validPupilRecord());
  });

  it('does not change its input', () => {
    const input = { lastName: ' ШЕВЧЕНКО ', displacement: { status: 'none', country: 'PL' } };
    const copy = structuredClone(input);
    normalisePupilRecord(input);
    expect(input).toEqual(copy);
  });

  it('gives an empty object for input that is not an object', () => {
    for (const input of [null, 42, 'x', [], undefined]) expect(normalisePupilRecord(input)).toEqual({});
    expect(normaliseWithNotes([]).record).toBeNull();
  });

  it('trims, collapses spaces in one-line fields and keeps line breaks in a note', () => {
    expect(
      normalisePupilRecord({
        externalId: '  ej  12 ',
        residence: { address: ' вул.  Хрещатик,\n1 ' },
        contact: { status: 'lost', lostSince: ' 2023-05-01 ', note: '  Телефон не відповідає.\nЛист без відповіді.  ' },
      }),
    ).toEqual({
      externalId: 'ej 12',
      residence: { address: 'вул. Хрещатик, 1' },
      contact: { status: 'lost', lostSince: '2023-05-01', note: 'Телефон не відповідає.\nЛист без відповіді.' },
    });
  });

  it('treats null and empty strings of known fields as absent, and keeps unknown fields as they are', () => {
    expect(
      normalisePupilRecord({
        middleName: null,
        rnokpp: '',
        unzr: '  ',
        extra: null,
        enrollment: { orderNumber: '', x: '' },
      }),
    ).toEqual({ extra: null, enrollment: { x: '' } });
  });

  it('puts codes in their canonical case', () => {
    expect(
      normalisePupilRecord({
        sex: ' Female ',
        citizenship: 'pl',
        educationForm: 'DAY',
        instructionLanguage: 'UK',
        displacement: { status: 'External', country: 'de' },
        contact: { status: 'LOST' },
        birthCertificate: { number: '1', issuedCountry: 'de' },
      }),
    ).toEqual({
      sex: 'female',
      citizenship: 'PL',
      educationForm: 'day',
      instructionLanguage: 'uk',
      displacement: { status: 'external', country: 'DE' },
      contact: { status: 'lost' },
      birthCertificate: { number: '1', issuedCountry: 'DE' },
    });
  });

  it('drops the spaces of digit codes and of KATOTTH codes', () => {
    expect(
      normalisePupilRecord({
        rnokpp: '41706 01235',
        enrollment: { schoolEdrpou: '2143 6581' },
        residence: { katottg: ' ua80000000000093317' },
        displacement: { status: 'internal', originKatottg: 'UA14020010010059145 ' },
      }),
    ).toEqual({
      rnokpp: '4170601235',
      enrollment: { schoolEdrpou: '21436581' },
      residence: { katottg: 'UA80000000000093317' },
      displacement: { status: 'internal', originKatottg: 'UA14020010010059145' },
    });
  });

  it('writes the УНЗР with its hyphen and the school year with a hyphen', () => {
    expect(
      normalisePupilRecord({ unzr: PUPIL_UNZR.replace('-', ' '), enrollment: { schoolYear: '2025 / 2026' } }),
    ).toEqual({ unzr: PUPIL_UNZR, enrollment: { schoolYear: '2025-2026' } });
    expect(normalisePupilRecord({ unzr: ' not a УНЗР ' })).toEqual({ unzr: 'not a УНЗР' });
  });

  it('keeps values of the wrong type for validation to report', () => {
    const input = { lastName: 42, unzr: [1], enrollment: 'x', residence: 5, grade: '5', specialNeeds: 'так' };
    expect(normalisePupilRecord(input)).toEqual(input);
  });

  it('drops an empty residence', () => {
    expect(normalisePupilRecord({ residence: {} })).toEqual({});
    expect(normalisePupilRecord({ residence: { address: ' ', katottg: null } })).toEqual({});
  });
});

describe('names', () => {
  it('gives the canonical spelling and notes look-alikes with the original', () => {
    const { record, notes } = normaliseWithNotes({
      lastName: ' ШЕВЧЕНКО ',
      firstName: 'Тaрac',
      middleName: "григор'євич",
    });
    expect(record).toEqual({ lastName: 'Шевченко', firstName: 'Тарас', middleName: 'Григорʼєвич' });
    expect(notes).toEqual([
      expect.objectContaining({ code: 'FIRST_NAME_LATIN_LOOKALIKE', params: { original: 'Тaрac' } }),
    ]);
  });

  it('notes each name part by its own code', () => {
    expect(notesOf({ lastName: 'ШевчEнко', firstName: 'Тaрас', middleName: 'Григoрович' })).toEqual([
      'LAST_NAME_LATIN_LOOKALIKE@/lastName',
      'FIRST_NAME_LATIN_LOOKALIKE@/firstName',
      'MIDDLE_NAME_LATIN_LOOKALIKE@/middleName',
    ]);
  });
});

describe('birth certificate', () => {
  it('gives a Ukrainian certificate its canonical series and number', () => {
    expect(
      normalisePupilRecord({ birthCertificate: { series: 'xiv бк', number: '12 34 56', issuedCountry: 'ua' } }),
    ).toEqual({ birthCertificate: { series: 'ХІV-БК', number: '123456', issuedCountry: 'UA' } });
  });

  it('notes Latin look-alikes in the letters of the series', () => {
    const { record, notes } = normaliseWithNotes({ birthCertificate: { series: 'I-BK', number: '123456' } });
    expect(record).toEqual({ birthCertificate: { series: 'І-ВК', number: '123456' } });
    expect(notes).toEqual([
      expect.objectContaining({
        code: 'BIRTH_CERT_SERIES_LATIN_LOOKALIKE',
        path: '/birthCertificate/series',
        params: { original: 'I-BK' },
      }),
    ]);
  });

  it('keeps what it cannot read', () => {
    expect(normalisePupilRecord({ birthCertificate: { series: 'І-БКК', number: '12345' } })).toEqual({
      birthCertificate: { series: 'І-БКК', number: '12345' },
    });
    expect(normalisePupilRecord({ birthCertificate: { series: 5 } })).toEqual({ birthCertificate: { series: 5 } });
  });

  it('leaves a foreign certificate as typed', () => {
    expect(
      normalisePupilRecord({ birthCertificate: { series: 'i-bk', number: ' 12 / 2015 ', issuedCountry: 'pl' } }),
    ).toEqual({
      birthCertificate: { series: 'i-bk', number: '12 / 2015', issuedCountry: 'PL' },
    });
  });
});

describe('statuses', () => {
  it('removes the details of a pupil who is not displaced, and notes which', () => {
    const { record, notes } = normaliseWithNotes({
      displacement: { status: 'none', since: '2023-06-01', originKatottg: 'UA14020010010059145', idpCertificate: '1' },
    });
    expect(record).toEqual({ displacement: { status: 'none', since: '2023-06-01' } });
    expect(notes).toEqual([
      expect.objectContaining({
        code: 'DISPLACEMENT_NONE_WITH_DETAILS',
        params: { removed: 'originKatottg, idpCertificate' },
      }),
    ]);
  });

  it('removes the country of an internally displaced pupil', () => {
    expect(notesOf({ displacement: { status: 'internal', country: 'PL' } })).toEqual([
      'DISPLACEMENT_INTERNAL_WITH_COUNTRY@/displacement/country',
    ]);
    expect(normalisePupilRecord({ displacement: { status: 'internal', country: 'PL' } })).toEqual({
      displacement: { status: 'internal' },
    });
  });

  it('keeps the country of a pupil abroad and the origin of any displaced pupil', () => {
    const displacement = { status: 'external', country: 'PL', originKatottg: 'UA14020010010059145' };
    expect(normaliseWithNotes({ displacement })).toEqual({ record: { displacement }, notes: [] });
  });

  it('removes the date of lost contact of a pupil in contact, but keeps it for a restored contact', () => {
    expect(normaliseWithNotes({ contact: { status: 'in_contact', lostSince: '2023-05-01' } })).toEqual({
      record: { contact: { status: 'in_contact' } },
      notes: [expect.objectContaining({ code: 'CONTACT_IN_CONTACT_WITH_LOST_SINCE', path: '/contact/lostSince' })],
    });
    expect(normalisePupilRecord({ contact: { status: 'restored', lostSince: '2023-05-01' } })).toEqual({
      contact: { status: 'restored', lostSince: '2023-05-01' },
    });
  });

  it('notes a Latin class letter', () => {
    expect(normaliseWithNotes({ enrollment: { classLetter: ' b ' } })).toEqual({
      record: { enrollment: { classLetter: 'В' } },
      notes: [expect.objectContaining({ code: 'ENROLLMENT_CLASS_LETTER_LATIN_LOOKALIKE', params: { original: 'b' } })],
    });
  });
});
