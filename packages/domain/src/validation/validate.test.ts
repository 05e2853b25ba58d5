import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { PupilRecordSchema, type PupilRecord } from '../exchange-record';
import { completeRnokpp, rnokppDatePart } from '../identifiers/rnokpp';
import { makeUnzr } from '../identifiers/unzr';
import {
  FIXED_CONTEXT,
  PUPIL_RNOKPP,
  PUPIL_UNZR,
  SCHOOL_EDRPOU,
  TERRITORY,
  fakeTerritories,
  validPupilRecord,
} from '../testing/pupil-records';
import type { ValidationContext } from './context';
import { normalisePupilRecord } from './normalise-pupil-record';
import { RULE_CODES, VALIDATION_RULES, type RuleCode } from './rules';
import { validatePupil } from './validate';

const base = validPupilRecord();
const WITH_TERRITORIES: ValidationContext = { ...FIXED_CONTEXT, territories: fakeTerritories() };
const FEMALE_RNOKPP = completeRnokpp(`${rnokppDatePart('2014-03-09')}0124`)!;
const OTHER_DATE_RNOKPP = completeRnokpp(`${rnokppDatePart('2014-03-10')}0123`)!;
const WRONG_CHECK_UNZR = PUPIL_UNZR.slice(0, -1) + String((Number(PUPIL_UNZR.at(-1)) + 1) % 10);
const WRONG_CHECK_RNOKPP = PUPIL_RNOKPP.slice(0, -1) + String((Number(PUPIL_RNOKPP.at(-1)) + 1) % 10);
const WRONG_EDRPOU = SCHOOL_EDRPOU.slice(0, -1) + String((Number(SCHOOL_EDRPOU.at(-1)) + 1) % 10);

/** The valid record with some fields replaced (undefined removes a field); values are deliberately untyped. */
const rec = (overrides: Record<string, unknown>): Record<string, unknown> => {
  const r: Record<string, unknown> = { ...base, ...overrides };
  for (const key of Object.keys(r)) if (r[key] === undefined) delete r[key];
  return r;
};
const enrol = (overrides: Record<string, unknown>) => rec({ enrollment: { ...base.enrollment, ...overrides } });
/** A pupil born on `birthDate`, without identifiers that encode the birth date. */
const born = (birthDate: string, overrides: Record<string, unknown> = {}) =>
  rec({ birthDate, unzr: undefined, rnokpp: undefined, ...overrides });

/** `CODE@/path`; a rule with a fixed path may be written as `CODE`. */
type Expected = string;
const withPath = (e: Expected): string => (e.includes('@') ? e : `${e}@${VALIDATION_RULES[e as RuleCode].path}`);
const found = (input: unknown, context: ValidationContext = FIXED_CONTEXT) => {
  const result = validatePupil(input, context);
  return [...result.errors, ...result.warnings].map((i) => `${i.code}@${i.path}`).sort();
};

type Scenario = [title: string, input: unknown, expected: Expected[], context?: ValidationContext];

const SCENARIOS: Record<string, Scenario[]> = {
  'the record itself': [
    ['a valid record', base, []],
    ['null', null, ['SCHEMA_NOT_OBJECT']],
    ['an array', [base], ['SCHEMA_NOT_OBJECT']],
    ['a string', JSON.stringify(base), ['SCHEMA_NOT_OBJECT']],
    ['an unknown field', rec({ nickname: 'Тарасик' }), ['SCHEMA_UNKNOWN_FIELD@/nickname']],
    ['an unknown field named with / and ~', rec({ 'a/b~c': 1 }), ['SCHEMA_UNKNOWN_FIELD@/a~1b~0c']],
    ['an unknown nested field', enrol({ shift: 2 }), ['SCHEMA_UNKNOWN_FIELD@/enrollment/shift']],
    ['a number for a text', rec({ externalId: 123 }), ['SCHEMA_TYPE@/externalId']],
    ['a text for a flag', rec({ specialNeeds: 'так' }), ['SCHEMA_TYPE@/specialNeeds']],
    ['an unknown form of education', rec({ educationForm: 'home' }), ['SCHEMA_ENUM@/educationForm']],
    ['an unknown language', rec({ instructionLanguage: 'ua' }), ['SCHEMA_ENUM@/instructionLanguage']],
    ['a too long external id', rec({ externalId: 'x'.repeat(101) }), ['SCHEMA_TOO_LONG@/externalId']],
    ['a too long address', rec({ residence: { address: 'а'.repeat(501) } }), ['SCHEMA_TOO_LONG@/residence/address']],
    [
      'grade 13, allowed by the deployment but not by the exchange format',
      born('2007-03-09', { enrollment: { ...base.enrollment, grade: 13 } }),
      ['SCHEMA_INVALID_VALUE@/enrollment/grade'],
      { ...FIXED_CONTEXT, grades: { min: 1, max: 13 } },
    ],
  ],
  names: [
    ['no last name', rec({ lastName: undefined }), ['LAST_NAME_REQUIRED']],
    ['an empty last name', rec({ lastName: '' }), ['LAST_NAME_REQUIRED']],
    ['a blank last name', rec({ lastName: '   ' }), ['LAST_NAME_REQUIRED']],
    ['a null last name', rec({ lastName: null }), ['LAST_NAME_REQUIRED']],
    ['no first name', rec({ firstName: undefined }), ['FIRST_NAME_REQUIRED']],
    ['no patronymic', rec({ middleName: undefined }), []],
    ['a digit in the last name', rec({ lastName: 'Шевченко2' }), ['LAST_NAME_DIGITS']],
    ['an Arabic-Indic digit in the first name', rec({ firstName: 'Тарас٣' }), ['FIRST_NAME_DIGITS']],
    ['a digit in the patronymic', rec({ middleName: 'Григорович1' }), ['MIDDLE_NAME_DIGITS']],
    ['a name in Latin letters', rec({ lastName: 'Shevchenko' }), ['LAST_NAME_CHARACTERS']],
    ['a Russian letter', rec({ firstName: 'Эдуард' }), ['FIRST_NAME_CHARACTERS']],
    ['punctuation', rec({ lastName: 'Шевченко!' }), ['LAST_NAME_CHARACTERS']],
    ['an emoji', rec({ middleName: 'Григорович 😀' }), ['MIDDLE_NAME_CHARACTERS']],
    ['a Latin E in a Cyrillic last name', rec({ lastName: 'ШевчEнко' }), ['LAST_NAME_LATIN_LOOKALIKE']],
    ['Latin a and c in a Cyrillic first name', rec({ firstName: 'Тaрac' }), ['FIRST_NAME_LATIN_LOOKALIKE']],
    ['a Latin o in the patronymic', rec({ middleName: 'Григорoвич' }), ['MIDDLE_NAME_LATIN_LOOKALIKE']],
    ['a look-alike and a digit', rec({ lastName: 'ШевчEнко1' }), ['LAST_NAME_LATIN_LOOKALIKE', 'LAST_NAME_DIGITS']],
    [
      "an apostrophe typed as '",
      rec({ firstName: "мар'яна", sex: 'female', middleName: 'Григорівна', rnokpp: FEMALE_RNOKPP }),
      [],
    ],
    ['a female patronymic of a boy', rec({ middleName: 'Григорівна' }), ['MIDDLE_NAME_SEX_MISMATCH']],
    [
      'a male patronymic of a girl',
      rec({ sex: 'female', firstName: 'Оксана', rnokpp: FEMALE_RNOKPP }),
      ['MIDDLE_NAME_SEX_MISMATCH'],
    ],
    ['a patronymic of a minority custom', rec({ middleName: 'Мамед огли' }), []],
    ['a number for a name', rec({ lastName: 42 }), ['SCHEMA_TYPE@/lastName']],
    ['a name of 101 letters', rec({ lastName: 'Ш'.repeat(101) }), ['SCHEMA_TOO_LONG@/lastName']],
  ],
  sex: [
    ['no sex', rec({ sex: undefined, middleName: undefined, rnokpp: undefined }), ['SEX_REQUIRED']],
    ['sex in capitals', rec({ sex: 'FEMALE', middleName: 'Григорівна', rnokpp: FEMALE_RNOKPP }), []],
    ['an unknown sex code', rec({ sex: 'm', middleName: undefined, rnokpp: undefined }), ['SCHEMA_ENUM@/sex']],
  ],
  'birth date': [
    ['no birth date', rec({ birthDate: undefined }), ['BIRTH_DATE_MISSING']],
    ['30 February', rec({ birthDate: '2014-02-30' }), ['BIRTH_DATE_INVALID']],
    ['a date before 1900', rec({ birthDate: '1899-12-31' }), ['BIRTH_DATE_INVALID']],
    ['the Ukrainian notation', rec({ birthDate: '09.03.2014' }), ['BIRTH_DATE_INVALID']],
    ['a number', rec({ birthDate: 20140309 }), ['SCHEMA_TYPE@/birthDate']],
    ['in the future', born('2026-01-01', { enrollment: undefined }), ['BIRTH_DATE_IN_FUTURE']],
    [
      'in the future, in grade 5',
      born('2026-01-01', { enrollment: { ...base.enrollment, entryDate: undefined } }),
      ['BIRTH_DATE_IN_FUTURE'],
    ],
    ['today', born('2025-10-01', { enrollment: undefined }), []],
    // Grade 5 in 2025-2026: usually 10–11 on 1 September 2025.
    ['grade 5, just eleven', born('2013-09-02'), []],
    ['grade 5, twelve on 1 September', born('2013-09-01'), ['BIRTH_DATE_AGE_UNUSUAL']],
    ['grade 5, ten on 1 September', born('2015-09-01'), []],
    ['grade 5, nine (not swappable)', born('2015-09-13'), ['BIRTH_DATE_AGE_UNUSUAL']],
    ['grade 5, sixteen', born('2009-03-09'), ['BIRTH_DATE_AGE_UNUSUAL']],
    ['grade 5, seventeen', born('2008-03-09'), ['BIRTH_DATE_AGE_IMPOSSIBLE']],
    ['grade 5, six', born('2019-03-09'), ['BIRTH_DATE_AGE_IMPOSSIBLE']],
    ['grade 1, six', born('2019-03-09', { enrollment: { ...base.enrollment, grade: 1 } }), []],
    ['grade 1, seven', born('2018-03-09', { enrollment: { ...base.enrollment, grade: 1 } }), []],
    ['grade 1, five', born('2020-03-13', { enrollment: { ...base.enrollment, grade: 1 } }), ['BIRTH_DATE_AGE_UNUSUAL']],
    [
      'grade 1, four',
      born('2021-03-13', { enrollment: { ...base.enrollment, grade: 1 } }),
      ['BIRTH_DATE_AGE_IMPOSSIBLE'],
    ],
    [
      'the school year of the enrolment decides the age',
      born('2013-09-01', {
        enrollment: { ...base.enrollment, schoolYear: '2024-2025', grade: 5, entryDate: '2024-09-01' },
      }),
      [],
    ],
    ['no grade, no age rule', born('2000-01-01', { enrollment: undefined }), []],
  ],
  'day and month swapped': [
    [
      'implausible for grade 5, the swapped date plausible',
      born('2015-09-02'),
      ['BIRTH_DATE_AGE_UNUSUAL', 'BIRTH_DATE_DAY_MONTH_SWAP'],
    ],
    [
      'unusual for grade 1, the swapped date usual',
      born('2019-12-03', { enrollment: { ...base.enrollment, grade: 1 } }),
      ['BIRTH_DATE_AGE_UNUSUAL', 'BIRTH_DATE_DAY_MONTH_SWAP'],
    ],
    [
      'impossible for grade 1, the swapped date not usual either',
      born('2020-12-03', { enrollment: { ...base.enrollment, grade: 1 } }),
      ['BIRTH_DATE_AGE_IMPOSSIBLE'],
    ],
    ['plausible as it is', born('2014-09-03'), []],
    [
      'the УНЗР and the РНОКПП encode the swapped date',
      rec({ birthDate: '2014-09-03' }),
      ['UNZR_BIRTH_DATE_MISMATCH', 'RNOKPP_BIRTH_DATE_MISMATCH', 'BIRTH_DATE_DAY_MONTH_SWAP'],
    ],
    [
      'only the РНОКПП encodes the swapped date',
      rec({ birthDate: '2014-09-03', unzr: undefined }),
      ['RNOKPP_BIRTH_DATE_MISMATCH', 'BIRTH_DATE_DAY_MONTH_SWAP'],
    ],
    [
      'an РНОКПП with a wrong check digit is no evidence',
      rec({ birthDate: '2014-09-03', unzr: undefined, rnokpp: WRONG_CHECK_RNOKPP }),
      ['RNOKPP_CHECK_DIGIT'],
    ],
    [
      'a birth date in the future whose swap the УНЗР encodes',
      rec({ birthDate: '2025-11-03', unzr: makeUnzr('2025-03-11', 1), rnokpp: undefined, enrollment: undefined }),
      ['BIRTH_DATE_IN_FUTURE', 'UNZR_BIRTH_DATE_MISMATCH', 'BIRTH_DATE_DAY_MONTH_SWAP'],
    ],
    [
      'a swapped date still in the future is not suggested',
      rec({ birthDate: '2025-01-05', unzr: makeUnzr('2025-05-01', 1), rnokpp: undefined, enrollment: undefined }),
      ['UNZR_BIRTH_DATE_MISMATCH'],
      { ...FIXED_CONTEXT, today: '2025-02-01' },
    ],
  ],
  'birth certificate': [
    ['no certificate', rec({ birthCertificate: undefined }), ['BIRTH_CERT_MISSING']],
    ['a null certificate', rec({ birthCertificate: null }), ['BIRTH_CERT_MISSING']],
    ['Ukrainian without the country', rec({ birthCertificate: { series: 'І-БК', number: '123456' } }), []],
    ['Latin I in the numeral, lower case', rec({ birthCertificate: { series: 'ii-бк', number: '123 456' } }), []],
    [
      'Latin look-alikes in the letters',
      rec({ birthCertificate: { series: 'I-BK', number: '123456' } }),
      ['BIRTH_CERT_SERIES_LATIN_LOOKALIKE'],
    ],
    [
      'a wrong numeral',
      rec({ birthCertificate: { series: 'IIII-БК', number: '123456' } }),
      ['BIRTH_CERT_SERIES_NUMERAL'],
    ],
    ['three letters', rec({ birthCertificate: { series: 'І-БКК', number: '123456' } }), ['BIRTH_CERT_SERIES_FORMAT']],
    [
      'a digit for the numeral',
      rec({ birthCertificate: { series: '1-БК', number: '123456' } }),
      ['BIRTH_CERT_SERIES_FORMAT'],
    ],
    ['five digits', rec({ birthCertificate: { series: 'І-БК', number: '12345' } }), ['BIRTH_CERT_NUMBER_FORMAT']],
    ['no series', rec({ birthCertificate: { number: '123456' } }), ['BIRTH_CERT_SERIES_REQUIRED']],
    ['no number', rec({ birthCertificate: { series: 'І-БК' } }), ['BIRTH_CERT_NUMBER_REQUIRED']],
    [
      'an empty certificate',
      rec({ birthCertificate: {} }),
      ['BIRTH_CERT_SERIES_REQUIRED', 'BIRTH_CERT_NUMBER_REQUIRED'],
    ],
    [
      'a foreign series without the country',
      rec({ birthCertificate: { series: 'USC 12', number: '123/2015' } }),
      ['BIRTH_CERT_COUNTRY_REQUIRED'],
    ],
    [
      'foreign, the country in lower case',
      rec({ birthCertificate: { series: 'USC', number: '1', issuedCountry: 'pl' } }),
      [],
    ],
    ['foreign, no series', rec({ birthCertificate: { number: 'A-77', issuedCountry: 'DE' } }), []],
    [
      'foreign, an unknown country',
      rec({ birthCertificate: { number: '1', issuedCountry: 'XK' } }),
      ['BIRTH_CERT_COUNTRY_INVALID'],
    ],
    [
      'foreign, no number',
      rec({ birthCertificate: { series: 'X', issuedCountry: 'DE' } }),
      ['BIRTH_CERT_NUMBER_REQUIRED'],
    ],
    [
      'a foreign-looking series said to be Ukrainian',
      rec({ birthCertificate: { series: 'USC', number: '1', issuedCountry: 'UA' } }),
      ['BIRTH_CERT_SERIES_FORMAT', 'BIRTH_CERT_NUMBER_FORMAT'],
    ],
    [
      'a number for the series',
      rec({ birthCertificate: { series: 5, number: '123456' } }),
      ['SCHEMA_TYPE@/birthCertificate/series'],
    ],
    [
      'a number for the country',
      rec({ birthCertificate: { series: 'X', number: '1', issuedCountry: 5 } }),
      ['SCHEMA_ENUM@/birthCertificate/issuedCountry'],
    ],
    ['a text for the certificate', rec({ birthCertificate: 'І-БК 123456' }), ['SCHEMA_TYPE@/birthCertificate']],
    [
      'an unknown field in the certificate',
      rec({ birthCertificate: { series: 'І-БК', number: '123456', note: 'копія' } }),
      ['SCHEMA_UNKNOWN_FIELD@/birthCertificate/note'],
    ],
  ],
  УНЗР: [
    ['without the hyphen', rec({ unzr: PUPIL_UNZR.replace('-', '') }), []],
    ['not a УНЗР', rec({ unzr: 'abc' }), ['UNZR_FORMAT']],
    ['a date part that is no date', rec({ unzr: '20140230-12345' }), ['UNZR_DATE_INVALID']],
    ['another date', rec({ unzr: makeUnzr('2014-03-10', 1) }), ['UNZR_BIRTH_DATE_MISMATCH']],
    ['a wrong check digit', rec({ unzr: WRONG_CHECK_UNZR }), ['UNZR_CHECK_DIGIT']],
    [
      'no birth date to compare',
      rec({ unzr: makeUnzr('2014-03-10', 1), birthDate: undefined }),
      ['BIRTH_DATE_MISSING'],
    ],
    ['a number', rec({ unzr: 2014030901234 }), ['SCHEMA_TYPE@/unzr']],
  ],
  РНОКПП: [
    ['with spaces', rec({ rnokpp: `${PUPIL_RNOKPP.slice(0, 5)} ${PUPIL_RNOKPP.slice(5)}` }), []],
    ['five digits', rec({ rnokpp: '12345' }), ['RNOKPP_FORMAT']],
    ['a wrong check digit', rec({ rnokpp: WRONG_CHECK_RNOKPP }), ['RNOKPP_CHECK_DIGIT']],
    ['another birth date', rec({ rnokpp: OTHER_DATE_RNOKPP }), ['RNOKPP_BIRTH_DATE_MISMATCH']],
    ['the date part 00000', rec({ rnokpp: completeRnokpp('000000123') }), ['RNOKPP_BIRTH_DATE_MISMATCH']],
    ['a female number of a boy', rec({ rnokpp: FEMALE_RNOKPP }), ['RNOKPP_SEX_MISMATCH']],
    ['no sex to compare', rec({ rnokpp: FEMALE_RNOKPP, sex: undefined, middleName: undefined }), ['SEX_REQUIRED']],
  ],
  'citizenship and residence': [
    ['citizenship in lower case', rec({ citizenship: 'ua' }), []],
    ['an unassigned code', rec({ citizenship: 'XK' }), ['CITIZENSHIP_INVALID']],
    ['a country name', rec({ citizenship: 'Україна' }), ['CITIZENSHIP_INVALID']],
    ['a malformed KATOTTH code', rec({ residence: { katottg: 'UA123' } }), ['RESIDENCE_KATOTTG_FORMAT']],
    ['a code in lower case with spaces', rec({ residence: { katottg: ' ua80000000000093317 ' } }), []],
    [
      'a code the codifier lacks',
      rec({ residence: { katottg: TERRITORY.unknown } }),
      ['RESIDENCE_KATOTTG_UNKNOWN'],
      WITH_TERRITORIES,
    ],
    ['a code the codifier lacks, no codifier', rec({ residence: { katottg: TERRITORY.unknown } }), []],
    ['an address only', rec({ residence: { address: 'вул. Хрещатик, 1' } }), []],
    ['an empty residence', rec({ residence: { address: ' ' } }), []],
    ['a number for the code', rec({ residence: { katottg: 5 } }), ['SCHEMA_TYPE@/residence/katottg']],
  ],
  displacement: [
    ['no status recorded', rec({ displacement: undefined }), ['DISPLACEMENT_MISSING']],
    ['no status in the object', rec({ displacement: {} }), ['DISPLACEMENT_STATUS_REQUIRED']],
    ['status in capitals', rec({ displacement: { status: 'NONE' } }), []],
    ['not displaced since a date (returned home)', rec({ displacement: { status: 'none', since: '2023-06-01' } }), []],
    [
      'not displaced, with details',
      rec({
        displacement: { status: 'none', originKatottg: TERRITORY.bakhmutCity, country: 'PL', idpCertificate: '1' },
      }),
      ['DISPLACEMENT_NONE_WITH_DETAILS'],
    ],
    ['an unknown status', rec({ displacement: { status: 'moved' } }), ['SCHEMA_ENUM@/displacement/status']],
    ['a text for the object', rec({ displacement: 'none' }), ['SCHEMA_TYPE@/displacement']],
    [
      'IDP without origin or date',
      rec({ displacement: { status: 'internal' } }),
      ['DISPLACEMENT_ORIGIN_REQUIRED', 'DISPLACEMENT_SINCE_MISSING'],
    ],
    [
      'IDP from Bakhmut',
      rec({ displacement: { status: 'internal', since: '2022-03-01', originKatottg: TERRITORY.bakhmutCity } }),
      [],
      WITH_TERRITORIES,
    ],
    [
      'IDP, a malformed origin',
      rec({ displacement: { status: 'internal', since: '2022-03-01', originKatottg: 'UA14' } }),
      ['DISPLACEMENT_ORIGIN_FORMAT'],
    ],
    [
      'IDP, an origin the codifier lacks',
      rec({ displacement: { status: 'internal', since: '2022-03-01', originKatottg: TERRITORY.unknown } }),
      ['DISPLACEMENT_ORIGIN_UNKNOWN'],
      WITH_TERRITORIES,
    ],
    [
      'IDP, an origin the codifier lacks, no codifier',
      rec({ displacement: { status: 'internal', since: '2022-03-01', originKatottg: TERRITORY.unknown } }),
      [],
    ],
    [
      'IDP from an oblast',
      rec({ displacement: { status: 'internal', since: '2022-03-01', originKatottg: TERRITORY.donetskOblast } }),
      ['DISPLACEMENT_ORIGIN_LEVEL'],
      WITH_TERRITORIES,
    ],
    [
      'IDP from a raion',
      rec({ displacement: { status: 'internal', since: '2022-03-01', originKatottg: TERRITORY.bakhmutRaion } }),
      ['DISPLACEMENT_ORIGIN_LEVEL'],
      WITH_TERRITORIES,
    ],
    [
      'IDP from Lviv, not on the list',
      rec({ displacement: { status: 'internal', since: '2022-03-01', originKatottg: TERRITORY.lvivHromada } }),
      ['DISPLACEMENT_ORIGIN_NOT_LISTED'],
      WITH_TERRITORIES,
    ],
    [
      'IDP from a hromada listed only by its settlements',
      rec({ displacement: { status: 'internal', since: '2022-03-01', originKatottg: TERRITORY.bakhmutHromada } }),
      ['DISPLACEMENT_ORIGIN_NOT_LISTED'],
      WITH_TERRITORIES,
    ],
    [
      'IDP from Bakhmut before the hostilities began',
      rec({ displacement: { status: 'internal', since: '2021-06-01', originKatottg: TERRITORY.bakhmutCity } }),
      ['DISPLACEMENT_SINCE_BEFORE_LISTED'],
      WITH_TERRITORIES,
    ],
    [
      'IDP from Crimea in 2014',
      rec({ displacement: { status: 'internal', since: '2014-03-15', originKatottg: TERRITORY.andriivskaHromada } }),
      [],
      WITH_TERRITORIES,
    ],
    [
      'IDP without a date, from a listed place',
      rec({ displacement: { status: 'internal', originKatottg: TERRITORY.bakhmutCity } }),
      ['DISPLACEMENT_SINCE_MISSING'],
      WITH_TERRITORIES,
    ],
    [
      'IDP from a place listed without a start date',
      rec({ displacement: { status: 'internal', since: '2015-01-01', originKatottg: TERRITORY.lvivHromada } }),
      [],
      {
        ...FIXED_CONTEXT,
        territories: fakeTerritories({
          [TERRITORY.lvivHromada]: [{ kind: 'possible_hostilities', start: null, end: null }],
        }),
      },
    ],
    [
      'IDP from a place listed twice, the second time earlier: the earliest start counts',
      rec({ displacement: { status: 'internal', since: '2015-01-01', originKatottg: TERRITORY.bakhmutCity } }),
      [],
      {
        ...FIXED_CONTEXT,
        territories: fakeTerritories({
          [TERRITORY.bakhmutCity]: [{ kind: 'active_hostilities', start: '2014-04-14', end: '2015-02-18' }],
        }),
      },
    ],
    [
      'IDP, an invalid date',
      rec({ displacement: { status: 'internal', since: '2022-02-30', originKatottg: TERRITORY.bakhmutCity } }),
      ['DISPLACEMENT_SINCE_INVALID'],
      WITH_TERRITORIES,
    ],
    [
      'IDP, a date in the future',
      rec({ displacement: { status: 'internal', since: '2026-01-01', originKatottg: TERRITORY.bakhmutCity } }),
      ['DISPLACEMENT_SINCE_IN_FUTURE'],
    ],
    [
      'IDP, a date before birth',
      rec({ displacement: { status: 'internal', since: '2010-01-01', originKatottg: TERRITORY.bakhmutCity } }),
      ['DISPLACEMENT_SINCE_BEFORE_BIRTH'],
    ],
    [
      'IDP with a country',
      rec({
        displacement: { status: 'internal', since: '2022-03-01', originKatottg: TERRITORY.bakhmutCity, country: 'PL' },
      }),
      ['DISPLACEMENT_INTERNAL_WITH_COUNTRY'],
    ],
    [
      'abroad without a country',
      rec({ displacement: { status: 'external', since: '2022-03-05' } }),
      ['DISPLACEMENT_COUNTRY_REQUIRED'],
    ],
    [
      'abroad in Ukraine',
      rec({ displacement: { status: 'external', since: '2022-03-05', country: 'UA' } }),
      ['DISPLACEMENT_COUNTRY_UKRAINE'],
    ],
    [
      'abroad in an unassigned country',
      rec({ displacement: { status: 'external', since: '2022-03-05', country: 'XK' } }),
      ['DISPLACEMENT_COUNTRY_INVALID'],
    ],
    [
      'abroad, a number for the country',
      rec({ displacement: { status: 'external', since: '2022-03-05', country: 5 } }),
      ['SCHEMA_ENUM@/displacement/country'],
    ],
    ['abroad in Poland', rec({ displacement: { status: 'external', since: '2022-03-05', country: 'pl' } }), []],
    [
      'abroad without a date',
      rec({ displacement: { status: 'external', country: 'PL' } }),
      ['DISPLACEMENT_SINCE_MISSING'],
    ],
    [
      'abroad, naming where they lived (not listed: no matter)',
      rec({
        displacement: { status: 'external', since: '2022-03-05', country: 'PL', originKatottg: TERRITORY.lvivHromada },
      }),
      [],
      WITH_TERRITORIES,
    ],
    [
      'abroad, naming a place the codifier lacks',
      rec({
        displacement: { status: 'external', since: '2022-03-05', country: 'PL', originKatottg: TERRITORY.unknown },
      }),
      ['DISPLACEMENT_ORIGIN_UNKNOWN'],
      WITH_TERRITORIES,
    ],
  ],
  contact: [
    ['no status recorded', rec({ contact: undefined }), ['CONTACT_MISSING']],
    ['no status in the object', rec({ contact: {} }), ['CONTACT_STATUS_REQUIRED']],
    ['in contact, in mixed case', rec({ contact: { status: 'In_Contact' } }), []],
    ['lost, with the date', rec({ contact: { status: 'lost', lostSince: '2023-05-01' } }), ['CONTACT_LOST']],
    ['lost, without the date', rec({ contact: { status: 'lost' } }), ['CONTACT_LOST', 'CONTACT_LOST_SINCE_REQUIRED']],
    [
      'lost, an invalid date',
      rec({ contact: { status: 'lost', lostSince: '2023-02-30' } }),
      ['CONTACT_LOST', 'CONTACT_LOST_SINCE_INVALID'],
    ],
    [
      'lost, in the future',
      rec({ contact: { status: 'lost', lostSince: '2026-01-01' } }),
      ['CONTACT_LOST', 'CONTACT_LOST_SINCE_IN_FUTURE'],
    ],
    [
      'lost before birth',
      rec({ contact: { status: 'lost', lostSince: '2010-01-01' } }),
      ['CONTACT_LOST', 'CONTACT_LOST_SINCE_BEFORE_BIRTH'],
    ],
    ['restored, with the date it was lost', rec({ contact: { status: 'restored', lostSince: '2023-05-01' } }), []],
    ['restored', rec({ contact: { status: 'restored' } }), []],
    [
      'in contact with a date of loss',
      rec({ contact: { status: 'in_contact', lostSince: '2023-05-01' } }),
      ['CONTACT_IN_CONTACT_WITH_LOST_SINCE'],
    ],
    ['an unknown status', rec({ contact: { status: 'unknown' } }), ['SCHEMA_ENUM@/contact/status']],
    [
      'a too long note',
      rec({ contact: { status: 'lost', lostSince: '2023-05-01', note: 'н'.repeat(1001) } }),
      ['CONTACT_LOST', 'SCHEMA_TOO_LONG@/contact/note'],
    ],
  ],
  enrolment: [
    ['no enrolment', rec({ enrollment: undefined }), []],
    [
      'an empty enrolment',
      rec({ enrollment: {} }),
      ['ENROLLMENT_SCHOOL_REQUIRED', 'ENROLLMENT_SCHOOL_YEAR_REQUIRED', 'ENROLLMENT_GRADE_REQUIRED'],
    ],
    ['a text for the enrolment', rec({ enrollment: '5-А' }), ['SCHEMA_TYPE@/enrollment']],
    ['a wrong check digit of ЄДРПОУ', enrol({ schoolEdrpou: WRONG_EDRPOU }), ['ENROLLMENT_SCHOOL_EDRPOU_INVALID']],
    ['a short ЄДРПОУ', enrol({ schoolEdrpou: '1234' }), ['ENROLLMENT_SCHOOL_EDRPOU_INVALID']],
    ['ЄДРПОУ with spaces', enrol({ schoolEdrpou: ` ${SCHOOL_EDRPOU.slice(0, 4)} ${SCHOOL_EDRPOU.slice(4)} ` }), []],
    ['a number for ЄДРПОУ', enrol({ schoolEdrpou: 21436581 }), ['SCHEMA_TYPE@/enrollment/schoolEdrpou']],
    ['the school year with a slash', enrol({ schoolYear: '2025/2026' }), []],
    ['the school year with an en dash', enrol({ schoolYear: '2025 – 2026' }), []],
    ['a school year of two years', enrol({ schoolYear: '2025-2027' }), ['ENROLLMENT_SCHOOL_YEAR_FORMAT']],
    ['the next school year', enrol({ schoolYear: '2026-2027', grade: 6 }), []],
    ['two years ahead', enrol({ schoolYear: '2027-2028', grade: 7 }), ['ENROLLMENT_SCHOOL_YEAR_IN_FUTURE']],
    ['grade 0', enrol({ grade: 0 }), ['ENROLLMENT_GRADE_RANGE']],
    [
      'grade 12 by default',
      born('2008-03-09', { enrollment: { ...base.enrollment, grade: 12 } }),
      ['ENROLLMENT_GRADE_RANGE'],
    ],
    [
      'grade 12 where the reform has come',
      born('2008-03-09', { enrollment: { ...base.enrollment, grade: 12 } }),
      [],
      { ...FIXED_CONTEXT, grades: { min: 1, max: 12 } },
    ],
    ['grade 13', enrol({ grade: 13 }), ['ENROLLMENT_GRADE_RANGE']],
    ['grade 5.5', enrol({ grade: 5.5 }), ['ENROLLMENT_GRADE_RANGE']],
    ['grade NaN', enrol({ grade: Number.NaN }), ['ENROLLMENT_GRADE_RANGE']],
    ['grade as text', enrol({ grade: '5' }), ['SCHEMA_TYPE@/enrollment/grade']],
    ['class letter in lower case', enrol({ classLetter: 'б' }), []],
    ['a Latin class letter', enrol({ classLetter: 'a' }), ['ENROLLMENT_CLASS_LETTER_LATIN_LOOKALIKE']],
    ['a numbered class', enrol({ classLetter: '2' }), []],
    ['the grade with the letter', enrol({ classLetter: '5-А' }), ['ENROLLMENT_CLASS_LETTER_FORMAT']],
    ['the soft sign', enrol({ classLetter: 'ь' }), ['ENROLLMENT_CLASS_LETTER_FORMAT']],
    ['no class letter', enrol({ classLetter: undefined }), []],
    ['an invalid entry date', enrol({ entryDate: '2025-02-30' }), ['ENROLLMENT_ENTRY_DATE_INVALID']],
    ['an entry date years before (joined the school earlier)', enrol({ entryDate: '2020-09-01' }), []],
    [
      'an entry date after the school year',
      enrol({ schoolYear: '2024-2025', grade: 4, entryDate: '2025-09-01' }),
      ['ENROLLMENT_ENTRY_DATE_AFTER_SCHOOL_YEAR'],
    ],
    ['an entry date before birth', enrol({ entryDate: '2010-09-01' }), ['ENROLLMENT_ENTRY_DATE_BEFORE_BIRTH']],
    ['an entry date ahead', enrol({ entryDate: '2025-12-01' }), ['ENROLLMENT_ENTRY_DATE_IN_FUTURE']],
    [
      'an entry date ahead in a school year that cannot be read',
      enrol({ schoolYear: '2025', entryDate: '2027-12-01' }),
      ['ENROLLMENT_SCHOOL_YEAR_FORMAT', 'ENROLLMENT_ENTRY_DATE_IN_FUTURE'],
    ],
    ['an empty order number', enrol({ orderNumber: '' }), []],
  ],
};

describe('validatePupil', () => {
  for (const [group, scenarios] of Object.entries(SCENARIOS)) {
    describe(group, () => {
      it.each(scenarios)('%s', (_title, input, expected, context) => {
        expect(found(input, context)).toEqual(expected.map(withPath).sort());
      });
    });
  }

  it('has a scenario for every rule it can produce', () => {
    const covered = new Set(
      Object.values(SCENARIOS)
        .flat()
        .flatMap(([, , expected]) => expected.map((e) => e.split('@')[0])),
    );
    // SCHEMA_REQUIRED is the shape's safety net: every required field has a rule of its own (schema-issues.test.ts).
    // DUPLICATE_SUSPECTED needs the whole registry: the server checks it (modules/pupils/service.ts).
    expect(RULE_CODES.filter((code) => !covered.has(code))).toEqual(['SCHEMA_REQUIRED', 'DUPLICATE_SUSPECTED']);
  });

  it('sorts issues by severity and gives each the severity and message of its rule', () => {
    const result = validatePupil(rec({ lastName: 'Шевченко2', contact: { status: 'lost' } }), FIXED_CONTEXT);
    expect(result.errors.map((i) => i.code)).toEqual(['LAST_NAME_DIGITS', 'CONTACT_LOST_SINCE_REQUIRED']);
    expect(result.warnings.map((i) => i.code)).toEqual(['CONTACT_LOST']);
    for (const issue of [...result.errors, ...result.warnings]) {
      expect(issue.severity).toBe(VALIDATION_RULES[issue.code].severity);
      expect(issue.message).toBe(VALIDATION_RULES[issue.code].message.uk);
    }
  });

  it('suggests the swapped birth date', () => {
    const result = validatePupil(born('2015-09-02'), FIXED_CONTEXT);
    expect(result.warnings.find((i) => i.code === 'BIRTH_DATE_DAY_MONTH_SWAP')?.params).toEqual({
      suggested: '2015-02-09',
    });
    expect(result.warnings.find((i) => i.code === 'BIRTH_DATE_AGE_UNUSUAL')?.params).toEqual({ age: 9, grade: 5 });
  });

  it('tells the encoded date of a mismatching identifier', () => {
    const result = validatePupil(
      rec({ unzr: makeUnzr('2014-03-10', 1), rnokpp: completeRnokpp('000000123') }),
      FIXED_CONTEXT,
    );
    expect(result.errors.find((i) => i.code === 'UNZR_BIRTH_DATE_MISMATCH')?.params).toEqual({
      encodedDate: '2014-03-10',
    });
    expect(result.warnings.find((i) => i.code === 'RNOKPP_BIRTH_DATE_MISMATCH')?.params).toEqual({ encodedDate: '' });
  });

  it('tells the allowed grades and the date the origin was listed from', () => {
    const grade = validatePupil(enrol({ grade: 0 }), FIXED_CONTEXT).errors[0];
    expect(grade?.params).toEqual({ min: 1, max: 11 });
    const listed = validatePupil(
      rec({ displacement: { status: 'internal', since: '2021-06-01', originKatottg: TERRITORY.bakhmutCity } }),
      WITH_TERRITORIES,
    ).warnings[0];
    expect(listed?.params).toEqual({ listedSince: '2022-02-24' });
  });

  it('returns the normalised record', () => {
    const { normalised } = validatePupil(
      {
        lastName: '  ШЕВЧЕНКО ',
        firstName: 'тарас',
        sex: 'Male',
        birthDate: ' 2014-03-09 ',
        birthCertificate: { series: 'i-bk', number: ' 123456 ' },
        unzr: PUPIL_UNZR.replace('-', ''),
        citizenship: 'ua',
        displacement: { status: 'none', country: 'PL' },
        contact: { status: 'in_contact', lostSince: '2023-01-01' },
        enrollment: {
          schoolEdrpou: SCHOOL_EDRPOU,
          schoolYear: '2025/2026',
          grade: 5,
          classLetter: 'a',
          orderNumber: '',
        },
      },
      FIXED_CONTEXT,
    );
    expect(normalised).toEqual({
      lastName: 'Шевченко',
      firstName: 'Тарас',
      sex: 'male',
      birthDate: '2014-03-09',
      birthCertificate: { series: 'І-ВК', number: '123456' },
      unzr: PUPIL_UNZR,
      citizenship: 'UA',
      displacement: { status: 'none' },
      contact: { status: 'in_contact' },
      enrollment: { schoolEdrpou: SCHOOL_EDRPOU, schoolYear: '2025-2026', grade: 5, classLetter: 'А' },
    });
  });

  it('gives an empty normalised record for input that is not an object', () => {
    expect(validatePupil(42, FIXED_CONTEXT)).toEqual({
      errors: [expect.objectContaining({ code: 'SCHEMA_NOT_OBJECT', path: '' })],
      warnings: [],
      normalised: {},
    });
  });

  it('does not read the territories when the codifier rules do not apply', () => {
    const untouchable: ValidationContext = {
      ...FIXED_CONTEXT,
      territories: {
        get: () => {
          throw new Error('read');
        },
        hostilityPeriods: () => {
          throw new Error('read');
        },
      },
    };
    expect(validatePupil(rec({ residence: undefined }), untouchable).errors).toEqual([]);
  });
});

describe('validatePupil on exotic input', () => {
  const cyclic: Record<string, unknown> = { katottg: TERRITORY.kyiv };
  cyclic.self = cyclic;
  const exotic: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['a number', 42],
    ['NaN', Number.NaN],
    ['a boolean', true],
    ['a function', () => base],
    ['a symbol', Symbol('pupil')],
    ['a bigint', 10n],
    ['a Date', new Date(0)],
    ['a Map', new Map([['lastName', 'Шевченко']])],
    ['a cyclic residence', rec({ residence: cyclic })],
    ['nested arrays everywhere', Object.fromEntries(Object.keys(base).map((k) => [k, [[[k]]]]))],
    ['nulls everywhere', Object.fromEntries(Object.keys(base).map((k) => [k, null]))],
    ['numbers everywhere', Object.fromEntries(Object.keys(base).map((k) => [k, 1]))],
    ['objects everywhere', Object.fromEntries(Object.keys(base).map((k) => [k, { [k]: {} }]))],
    ['emoji everywhere', Object.fromEntries(Object.keys(base).map((k) => [k, '👩‍🎓😀']))],
    ['a huge name', rec({ lastName: 'Шевченко'.repeat(200_000) })],
    ['a huge unknown field', rec({ blob: 'x'.repeat(1_000_000) })],
    ['a JSON __proto__ key', JSON.parse('{"__proto__": {"polluted": true}, "lastName": "Шевченко"}')],
    ['a constructor key', rec({ constructor: 'x', toString: 1 })],
  ];

  it.each(exotic)('never throws on %s', (_title, input) => {
    const result = validatePupil(input, FIXED_CONTEXT);
    expect(Array.isArray(result.errors)).toBe(true);
    expect(result.errors.length).toBeGreaterThan(0);
  });

  it('reads an object without a prototype like any other', () => {
    const record = Object.assign(Object.create(null) as object, base);
    expect(validatePupil(record, FIXED_CONTEXT)).toEqual({ errors: [], warnings: [], normalised: base });
  });

  it('does not let a __proto__ key reach the prototype', () => {
    const { normalised, errors } = validatePupil(JSON.parse('{"__proto__": {"polluted": true}}'), FIXED_CONTEXT);
    expect(Object.getPrototypeOf(normalised)).toBe(Object.prototype);
    expect(Object.hasOwn(normalised, '__proto__')).toBe(true);
    expect((normalised as Record<string, unknown>).polluted).toBeUndefined();
    expect(errors.map((i) => `${i.code}@${i.path}`)).toContain('SCHEMA_UNKNOWN_FIELD@/__proto__');
  });

  it('reports each wrong field once', () => {
    const result = validatePupil(Object.fromEntries(Object.keys(base).map((k) => [k, 1])), FIXED_CONTEXT);
    const paths = result.errors.map((i) => i.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});

/** A deterministic generator (a linear congruential one): the same records on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const POOL: unknown[] = [
  null,
  undefined,
  '',
  ' ',
  0,
  1,
  -1,
  5.5,
  Number.NaN,
  true,
  [],
  {},
  ['a'],
  'x',
  '😀',
  'a'.repeat(600),
  'UA',
  'ua',
  'PL',
  'XK',
  'І-БК',
  'I-BK',
  '123456',
  '2014-03-09',
  '2014-09-03',
  '2014-02-30',
  '2026-01-01',
  '2025-2026',
  'male',
  'female',
  'none',
  'internal',
  'external',
  'lost',
  'restored',
  'in_contact',
  'А',
  'a',
  'Шевченко',
  'ШевчEнко',
  'Григорівна',
  TERRITORY.bakhmutCity,
  TERRITORY.donetskOblast,
  TERRITORY.unknown,
  PUPIL_UNZR,
  PUPIL_RNOKPP,
  SCHOOL_EDRPOU,
  { status: 'lost' },
  { series: 'USC', number: '1' },
];

function mutate(record: PupilRecord, next: () => number): unknown {
  const pick = () => POOL[Math.floor(next() * POOL.length)];
  const copy = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  const changes = 1 + Math.floor(next() * 2);
  for (let i = 0; i < changes; i++) {
    const keys = Object.keys(copy);
    const key = keys[Math.floor(next() * keys.length)]!;
    const value = copy[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && next() < 0.7) {
      const inner = value as Record<string, unknown>;
      const innerKeys = [...Object.keys(inner), 'unexpected'];
      inner[innerKeys[Math.floor(next() * innerKeys.length)]!] = pick();
    } else {
      copy[next() < 0.1 ? 'unexpected' : key] = pick();
    }
  }
  return copy;
}

describe('validatePupil on generated records', () => {
  const next = random(20250901);
  const contexts = [FIXED_CONTEXT, WITH_TERRITORIES];
  const inputs = Array.from({ length: 1500 }, () => mutate(base, next));

  it('never throws, and saves only records of the exchange shape', () => {
    let saved = 0;
    for (const [i, input] of inputs.entries()) {
      const context = contexts[i % 2]!;
      const result = validatePupil(input, context);
      if (result.errors.length === 0) {
        saved++;
        expect(Value.Check(PupilRecordSchema, result.normalised), JSON.stringify(input)).toBe(true);
      }
    }
    // The generator must exercise both outcomes for the property to mean anything.
    expect(saved).toBeGreaterThan(100);
    expect(saved).toBeLessThan(inputs.length - 100);
  });

  it('normalises idempotently, and finds the same errors in the normalised record', () => {
    for (const input of inputs) {
      const first = validatePupil(input, WITH_TERRITORIES);
      expect(normalisePupilRecord(first.normalised)).toEqual(first.normalised);
      const second = validatePupil(first.normalised, WITH_TERRITORIES);
      expect(second.errors).toEqual(first.errors);
    }
  });

  it('lists only catalogue codes, with JSON Pointer paths', () => {
    for (const input of inputs.slice(0, 300)) {
      const { errors, warnings } = validatePupil(input, FIXED_CONTEXT);
      for (const issue of [...errors, ...warnings]) {
        expect(RULE_CODES).toContain(issue.code);
        expect(issue.path).toMatch(/^(?:\/[^/]*)*$/);
      }
    }
  });
});
