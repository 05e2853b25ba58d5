import { describe, expect, it } from 'vitest';
import { EXTRACT_COLUMNS, EXTRACT_KINDS, EXTRACT_SOURCES, missingColumns, readExtractRow } from './extract-formats';
import { makeUnzr } from '../identifiers/unzr';
import { completeRnokpp, rnokppDatePart } from '../identifiers/rnokpp';

const UNZR = makeUnzr('2014-03-09', 1234);
const RNOKPP = completeRnokpp(`${rnokppDatePart('2014-03-09')}0123`)!;

const births = {
  record_id: 'АЗ-2014-000123',
  last_name: 'ШЕВЧEНКО', // a Latin E
  first_name: 'тарас',
  middle_name: 'Григорович',
  sex: 'ч',
  birth_date: '09.03.2014',
  birth_cert_series: 'і-бK', // a Latin K
  birth_cert_number: '123456',
  unzr: UNZR.replace('-', ''),
  rnokpp: RNOKPP,
  residence_katottg: 'UA32080150010013421',
};

describe('extract formats', () => {
  it('describe every kind: its source and columns, each with a Ukrainian description', () => {
    for (const kind of EXTRACT_KINDS) {
      expect(EXTRACT_SOURCES[kind].uk.length).toBeGreaterThan(10);
      expect(EXTRACT_COLUMNS[kind][0]!.name).toBe('record_id');
      for (const c of EXTRACT_COLUMNS[kind]) expect(c.uk.length, `${kind}.${c.name}`).toBeGreaterThan(3);
    }
  });

  it('name the required columns a header lacks', () => {
    expect(missingColumns('births', ['record_id', 'last_name', 'first_name', 'birth_date'])).toEqual([]);
    expect(missingColumns('border', ['RECORD_ID', 'last_name'])).toEqual([
      'first_name',
      'birth_date',
      'direction',
      'crossed_on',
    ]);
  });
});

describe('readExtractRow', () => {
  it('normalises names, dates and identifiers of a births record', () => {
    const { record, errors } = readExtractRow('births', births);
    expect(errors).toEqual([]);
    expect(record).toMatchObject({
      recordId: 'АЗ-2014-000123',
      lastName: 'Шевченко',
      firstName: 'Тарас',
      middleName: 'Григорович',
      script: 'cyrillic',
      sex: 'male',
      birthDate: '2014-03-09',
      birthCertificate: { series: 'І-БК', number: '123456', key: 'UA І-БК 123456' },
      unzr: UNZR,
      rnokpp: RNOKPP,
      residenceKatottg: 'UA32080150010013421',
      eventDate: null,
    });
    expect(record!.notes).toEqual(['LAST_NAME_LATIN_LOOKALIKE', 'BIRTH_CERT_SERIES_LATIN_LOOKALIKE']);
  });

  it('drops identifiers that are not ones, and says so', () => {
    const { record } = readExtractRow('births', { ...births, birth_cert_series: 'ZZ', unzr: '12', rnokpp: 'abc' });
    expect(record!.birthCertificate).toBeNull();
    expect(record!.unzr).toBeNull();
    expect(record!.rnokpp).toBeNull();
    expect(record!.notes).toEqual(expect.arrayContaining(['BIRTH_CERT_DROPPED', 'UNZR_DROPPED', 'RNOKPP_DROPPED']));
    const bad = readExtractRow('births', { ...births, unzr: UNZR.slice(0, -1) + ((Number(UNZR.at(-1)) + 1) % 10) });
    expect(bad.record!.notes).toContain('UNZR_CHECK_DIGIT');
  });

  it('rejects a row without its required facts', () => {
    expect(readExtractRow('births', { ...births, record_id: ' ', birth_date: '2014-02-30', sex: 'x' }).errors).toEqual([
      'RECORD_ID_MISSING',
      'SEX_INVALID',
      'BIRTH_DATE_INVALID',
    ]);
    expect(readExtractRow('births', { ...births, birth_date: '' }).errors).toEqual(['BIRTH_DATE_MISSING']);
    expect(readExtractRow('births', { ...births, residence_katottg: 'UA12' }).errors).toEqual(['KATOTTG_INVALID']);
    expect(readExtractRow('deaths', births).errors).toEqual(['EVENT_DATE_INVALID']);
  });

  it('rejects a row damaged in the export: a NUL byte or a lone surrogate in any cell, even an unread one', () => {
    for (const damaged of ['\u0000', 'Шев\u0000ченко', '\uD800', 'a\uDC00b']) {
      expect(readExtractRow('births', { ...births, last_name: damaged })).toEqual({
        record: null,
        errors: ['TEXT_INVALID'],
      });
      expect(readExtractRow('births', { ...births, extra_column: damaged }).errors).toEqual(['TEXT_INVALID']);
    }
    // A surrogate pair is a character like any other (here U+1F600).
    expect(readExtractRow('births', { ...births, extra_column: '\uD83D\uDE00' }).errors).toEqual([]);
  });

  it('reads a border crossing in Latin script', () => {
    const { record, errors } = readExtractRow('border', {
      record_id: 'DPSU-1',
      last_name: 'Shevchenko',
      first_name: 'Taras',
      sex: 'M',
      birth_date: '2014-03-09',
      unzr: UNZR,
      citizenship: 'ua',
      direction: 'EXIT',
      crossed_on: '2022-03-05',
      checkpoint: 'Шегині',
      country: 'PL',
    });
    expect(errors).toEqual([]);
    expect(record).toMatchObject({
      lastName: 'SHEVCHENKO',
      script: 'latin',
      middleName: null,
      eventDate: '2022-03-05',
      details: { direction: 'exit', country: 'PL', citizenship: 'UA', checkpoint: 'Шегині' },
    });
    expect(
      readExtractRow('border', {
        record_id: '1',
        last_name: 'A',
        first_name: 'B',
        birth_date: '2014-03-09',
        direction: 'x',
        crossed_on: '2022-03-05',
      }).errors,
    ).toEqual(['DIRECTION_INVALID']);
  });

  it('reads IDP and sought records with their own facts', () => {
    const idp = readExtractRow('idp', {
      ...births,
      origin_katottg: 'UA14000000000091971',
      registered_on: '2022-04-01',
      idp_certificate: '1234-5678901234',
    });
    expect(idp.record!.details).toEqual({ originKatottg: 'UA14000000000091971' });
    expect(idp.record!.sealedDetails).toEqual({ idpCertificate: '1234-5678901234' });
    const sought = readExtractRow('sought', {
      ...births,
      birth_date: '',
      status: 'Deported',
      since: '2022-05-01',
      last_known_katottg: 'UA14000000000091971',
      list: 'Діти війни',
    });
    expect(sought.errors).toEqual([]);
    expect(sought.record).toMatchObject({
      birthDate: null,
      eventDate: '2022-05-01',
      residenceKatottg: 'UA14000000000091971',
      details: { status: 'deported', list: 'Діти війни' },
    });
    expect(readExtractRow('sought', { ...births, status: 'found' }).errors).toEqual(['STATUS_INVALID']);
  });
});
