/**
 * The formats of state-registry extracts, one per source, and the reading of one row into a normalised extract
 * record. The CSV files (docs/registry-extracts.md) are what the registries hand over today; an online exchange over
 * «Трембіта» yields the same rows through another adapter, so the rules here do not change with the transport.
 *
 * Every format has a `record_id`: the source's own id of the record (the number of the act record in ДРАЦС, the
 * record of ЄДДР or ЄІБД ВПО, the crossing's id) — stable across versions of an extract, so that reviewers'
 * decisions about a record apply to the next version too.
 */
import { COUNTRIES } from '../countries';
import { birthCertificateKey, parseUkrainianBirthCertificate } from '../identifiers/birth-certificate';
import { parseRnokpp } from '../identifiers/rnokpp';
import { parseUnzr } from '../identifiers/unzr';
import { isRealDate } from '../iso-date';
import { normaliseName } from '../names';
import { isUnstorableText } from '../storable-text';
import { isKatottg } from '../territory';
import { scriptOf } from './name-forms';

export const EXTRACT_KINDS = ['births', 'deaths', 'idp', 'border', 'sought'] as const;
export type ExtractKind = (typeof EXTRACT_KINDS)[number];

export const isExtractKind = (v: string): v is ExtractKind => (EXTRACT_KINDS as readonly string[]).includes(v);

/** What each source is, for provenance and the portal. */
export const EXTRACT_SOURCES: Readonly<Record<ExtractKind, { uk: string; en: string; holder: string }>> = {
  births: {
    uk: 'Народження: Єдиний державний демографічний реєстр (ЄДДР) і Державний реєстр актів цивільного стану (ДРАЦС)',
    en: 'Births: the Unified State Demographic Register and the State Register of Civil Status Acts',
    holder: 'ДМС України; Мінʼюст України',
  },
  deaths: {
    uk: 'Смерті: Державний реєстр актів цивільного стану (ДРАЦС)',
    en: 'Deaths: the State Register of Civil Status Acts',
    holder: 'Мінʼюст України',
  },
  idp: {
    uk: 'Єдина інформаційна база даних про внутрішньо переміщених осіб (ЄІБД ВПО)',
    en: 'The unified database of internally displaced persons',
    holder: 'Мінсоцполітики України',
  },
  border: {
    uk: 'Перетин державного кордону (виїзд, вʼїзд)',
    en: 'State border crossings (exit, entry)',
    holder: 'Адміністрація Державної прикордонної служби України',
  },
  sought: {
    uk: 'Розшукувані діти: портал «Діти війни», реєстри зниклих безвісти й депортованих дітей',
    en: 'Children sought: the "Children of War" portal, the registers of missing and deported children',
    holder: 'Національне інформаційне бюро; МВС України; Офіс Уповноваженого ВРУ з прав людини',
  },
};

export interface ExtractColumn {
  name: string;
  required: boolean;
  uk: string;
}

const col = (name: string, required: boolean, uk: string): ExtractColumn => ({ name, required, uk });
const PERSON: readonly ExtractColumn[] = [
  col('record_id', true, 'ідентифікатор запису в реєстрі-джерелі (незмінний між версіями витягу)'),
  col('last_name', true, 'прізвище'),
  col('first_name', true, 'імʼя'),
  col('middle_name', false, 'по батькові'),
  col('sex', false, 'стать: male / female (або ч / ж)'),
  col('birth_date', true, 'дата народження, РРРР-ММ-ДД'),
];
const IDS: readonly ExtractColumn[] = [
  col('birth_cert_series', false, 'серія свідоцтва про народження, напр. І-БК'),
  col('birth_cert_number', false, 'номер свідоцтва, 6 цифр'),
  col('unzr', false, 'УНЗР, РРРРММДД-ННННК'),
  col('rnokpp', false, 'РНОКПП, 10 цифр'),
];

/** The columns of each format, in the order the generator writes them (a reader accepts any order). */
export const EXTRACT_COLUMNS: Readonly<Record<ExtractKind, readonly ExtractColumn[]>> = {
  births: [...PERSON, ...IDS, col('residence_katottg', false, 'місце проживання, код КАТОТТГ')],
  deaths: [
    ...PERSON,
    ...IDS,
    col('death_date', true, 'дата смерті, РРРР-ММ-ДД'),
    col('residence_katottg', false, 'останнє місце проживання, код КАТОТТГ'),
  ],
  idp: [
    ...PERSON,
    ...IDS,
    col('origin_katottg', false, 'громада, з якої переміщено, код КАТОТТГ'),
    col('residence_katottg', true, 'фактичне місце проживання, код КАТОТТГ'),
    col('registered_on', false, 'дата взяття на облік, РРРР-ММ-ДД'),
    col('idp_certificate', false, 'номер довідки про взяття на облік ВПО'),
  ],
  border: [
    col('record_id', true, 'ідентифікатор запису про перетин'),
    col('last_name', true, 'прізвище латиницею, як у паспорті'),
    col('first_name', true, 'імʼя латиницею, як у паспорті'),
    col('sex', false, 'стать: male / female (або M / F)'),
    col('birth_date', true, 'дата народження, РРРР-ММ-ДД'),
    col('unzr', false, 'УНЗР із паспорта (за наявності)'),
    col('citizenship', false, 'громадянство, ISO 3166-1 alpha-2'),
    col('direction', true, 'напрямок: exit (виїзд) / entry (вʼїзд)'),
    col('crossed_on', true, 'дата перетину, РРРР-ММ-ДД'),
    col('checkpoint', false, 'пункт пропуску'),
    col('country', false, 'країна прямування / прибуття, ISO 3166-1 alpha-2'),
  ],
  sought: [
    ...PERSON.map((c) => (c.name === 'birth_date' ? col('birth_date', false, c.uk) : c)),
    ...IDS,
    col('status', true, 'статус: missing (зниклий безвісти) / deported (депортований, примусово переміщений)'),
    col('since', false, 'з якої дати розшукується, РРРР-ММ-ДД'),
    col('last_known_katottg', false, 'останнє відоме місце перебування, код КАТОТТГ'),
    col('list', false, 'джерело: назва списку або реєстру'),
  ],
};

export const SOUGHT_STATUSES = ['missing', 'deported'] as const;
export const BORDER_DIRECTIONS = ['exit', 'entry'] as const;

/** One extract record after reading: names canonical, identifiers normalised (ready for blind indexes). */
export interface ExtractRecord {
  recordId: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  /** Cyrillic for the Ukrainian registries, Latin for border crossings. */
  script: 'cyrillic' | 'latin';
  sex: 'male' | 'female' | null;
  birthDate: string | null;
  birthCertificate: { series: string; number: string; key: string } | null;
  unzr: string | null;
  rnokpp: string | null;
  /** Residence (births, deaths, idp), last known place (sought). */
  residenceKatottg: string | null;
  /** Death date, border crossing date, IDP registration date, date sought since. */
  eventDate: string | null;
  /** Facts of the source that are no identifiers: direction and country of a crossing, status of a sought child… */
  details: Record<string, string>;
  /** Identifier-like details that are stored sealed (the IDP certificate number). */
  sealedDetails: Record<string, string>;
  /** What reading changed or dropped (codes only, never values). */
  notes: string[];
}

export type ExtractRowError =
  | 'RECORD_ID_MISSING'
  | 'RECORD_ID_DUPLICATE'
  | 'LAST_NAME_MISSING'
  | 'FIRST_NAME_MISSING'
  | 'BIRTH_DATE_MISSING'
  | 'BIRTH_DATE_INVALID'
  | 'EVENT_DATE_INVALID'
  | 'SEX_INVALID'
  | 'STATUS_INVALID'
  | 'DIRECTION_INVALID'
  | 'KATOTTG_INVALID'
  | 'TEXT_INVALID';

export interface ExtractRowResult {
  record: ExtractRecord | null;
  errors: ExtractRowError[];
}

/** Ukrainian messages of the row errors (for the import report). */
export const EXTRACT_ROW_ERRORS: Readonly<Record<ExtractRowError, string>> = {
  RECORD_ID_MISSING: 'Немає ідентифікатора запису (record_id)',
  RECORD_ID_DUPLICATE: 'Ідентифікатор запису повторюється у файлі',
  LAST_NAME_MISSING: 'Немає прізвища',
  FIRST_NAME_MISSING: 'Немає імені',
  BIRTH_DATE_MISSING: 'Немає дати народження',
  BIRTH_DATE_INVALID: 'Дата народження не є дійсною датою',
  EVENT_DATE_INVALID: 'Дата події (смерті, перетину, обліку, розшуку) відсутня або недійсна',
  SEX_INVALID: 'Стать не male / female',
  STATUS_INVALID: 'Статус розшуку не missing / deported',
  DIRECTION_INVALID: 'Напрямок перетину не exit / entry',
  KATOTTG_INVALID: 'Код КАТОТТГ не має формату UA + 17 цифр',
  TEXT_INVALID: 'Поле містить нульовий байт або пошкоджений символ Юнікоду: рядок пошкоджено під час вивантаження',
};

/** Missing columns of a header, for the error before any row is read. */
export function missingColumns(kind: ExtractKind, header: readonly string[]): string[] {
  const present = new Set(header.map((h) => h.trim().toLowerCase()));
  return EXTRACT_COLUMNS[kind].filter((c) => c.required && !present.has(c.name)).map((c) => c.name);
}

const blank = (v: string | undefined): string | null => {
  const t = (v ?? '').replace(/\s+/gu, ' ').trim();
  return t === '' ? null : t;
};

/** The sex of a cell: null when empty, undefined when it is not one. */
function sexOf(v: string | null): 'male' | 'female' | null | undefined {
  if (v === null) return null;
  const s = v.toLowerCase();
  if (s === 'male' || s === 'm' || s === 'ч' || s === 'чоловіча') return 'male';
  if (s === 'female' || s === 'f' || s === 'ж' || s === 'жіноча') return 'female';
  return undefined;
}

/** The ISO date of a cell: null when empty, undefined when it is not a real date. */
function dateOf(v: string | null): string | null | undefined {
  if (v === null) return null;
  if (isRealDate(v)) return v;
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(v);
  if (m && isRealDate(`${m[3]}-${m[2]}-${m[1]}`)) return `${m[3]}-${m[2]}-${m[1]}`;
  return undefined;
}

function nameOf(v: string | null, notes: string[], field: string): string | null {
  if (v === null) return null;
  if (scriptOf(v) === 'latin') return v.replace(/\s+/gu, ' ').trim().toUpperCase();
  const n = normaliseName(v);
  if (n.latinLookalikesReplaced) notes.push(`${field.toUpperCase()}_LATIN_LOOKALIKE`);
  return n.value === '' ? null : n.value;
}

const EVENT_COLUMN: Readonly<Record<ExtractKind, string | null>> = {
  births: null,
  deaths: 'death_date',
  idp: 'registered_on',
  border: 'crossed_on',
  sought: 'since',
};

/**
 * Reads one row (column name → cell text) of an extract of the given kind. A row with errors is rejected as a
 * whole; notes say what was normalised or dropped (an identifier that is not one is dropped, not guessed at).
 *
 * @example readExtractRow('births', { record_id: 'A1', last_name: 'ШЕВЧЕНКО', first_name: 'Тарас', birth_date: '2014-03-09' })
 */
export function readExtractRow(kind: ExtractKind, row: Readonly<Record<string, string | undefined>>): ExtractRowResult {
  // U+0000 and lone surrogates are no text of any registry: they mark a row damaged in the export (a cut, a binary
  // field), and PostgreSQL stores neither. The row is rejected, not repaired.
  if (Object.values(row).some((v) => v !== undefined && isUnstorableText(v)))
    return { record: null, errors: ['TEXT_INVALID'] };
  const errors: ExtractRowError[] = [];
  const notes: string[] = [];
  const recordId = blank(row.record_id);
  if (recordId === null) errors.push('RECORD_ID_MISSING');
  const lastName = nameOf(blank(row.last_name), notes, 'last_name');
  const firstName = nameOf(blank(row.first_name), notes, 'first_name');
  const middleName = kind === 'border' ? null : nameOf(blank(row.middle_name), notes, 'middle_name');
  if (lastName === null) errors.push('LAST_NAME_MISSING');
  if (firstName === null) errors.push('FIRST_NAME_MISSING');
  const sex = sexOf(blank(row.sex));
  if (sex === undefined) errors.push('SEX_INVALID');
  const birth = dateOf(blank(row.birth_date));
  if (birth === undefined) errors.push('BIRTH_DATE_INVALID');
  else if (birth === null && kind !== 'sought') errors.push('BIRTH_DATE_MISSING');
  const eventColumn = EVENT_COLUMN[kind];
  const event = eventColumn ? dateOf(blank(row[eventColumn])) : null;
  if (
    event === undefined ||
    (event === null && eventColumn && EXTRACT_COLUMNS[kind].find((c) => c.name === eventColumn)?.required)
  )
    errors.push('EVENT_DATE_INVALID');

  let birthCertificate: ExtractRecord['birthCertificate'] = null;
  const series = blank(row.birth_cert_series);
  const number = blank(row.birth_cert_number);
  if (series !== null || number !== null) {
    const parsed = parseUkrainianBirthCertificate(series, number);
    if (parsed.series && parsed.number) {
      birthCertificate = {
        series: parsed.series,
        number: parsed.number,
        key: birthCertificateKey('ua', parsed.series, parsed.number),
      };
      if (parsed.issues.includes('SERIES_LATIN_LOOKALIKE')) notes.push('BIRTH_CERT_SERIES_LATIN_LOOKALIKE');
    } else notes.push('BIRTH_CERT_DROPPED');
  }
  let unzr: string | null = null;
  const rawUnzr = blank(row.unzr);
  if (rawUnzr !== null) {
    const parsed = parseUnzr(rawUnzr);
    if (parsed.value) {
      unzr = parsed.value;
      if (!parsed.checkDigitOk) notes.push('UNZR_CHECK_DIGIT');
    } else notes.push('UNZR_DROPPED');
  }
  let rnokpp: string | null = null;
  const rawRnokpp = blank(row.rnokpp);
  if (rawRnokpp !== null) {
    const parsed = parseRnokpp(rawRnokpp);
    if (parsed.value) {
      rnokpp = parsed.value;
      if (!parsed.checkDigitOk) notes.push('RNOKPP_CHECK_DIGIT');
    } else notes.push('RNOKPP_DROPPED');
  }

  const katottgOf = (v: string | null): string | null => {
    if (v === null) return null;
    const code = v.replace(/\s+/gu, '').toUpperCase();
    if (!isKatottg(code)) {
      errors.push('KATOTTG_INVALID');
      return null;
    }
    return code;
  };
  const residenceColumn = kind === 'sought' ? 'last_known_katottg' : kind === 'border' ? null : 'residence_katottg';
  const residenceKatottg = residenceColumn ? katottgOf(blank(row[residenceColumn])) : null;

  const details: Record<string, string> = {};
  const sealedDetails: Record<string, string> = {};
  if (kind === 'idp') {
    const origin = katottgOf(blank(row.origin_katottg));
    if (origin) details.originKatottg = origin;
    const certificate = blank(row.idp_certificate);
    if (certificate) sealedDetails.idpCertificate = certificate;
  }
  if (kind === 'border') {
    const direction = blank(row.direction)?.toLowerCase() ?? null;
    if (direction !== 'exit' && direction !== 'entry') errors.push('DIRECTION_INVALID');
    else details.direction = direction;
    const country = blank(row.country)?.toUpperCase() ?? null;
    if (country && Object.hasOwn(COUNTRIES, country)) details.country = country;
    else if (country) notes.push('COUNTRY_DROPPED');
    const citizenship = blank(row.citizenship)?.toUpperCase() ?? null;
    if (citizenship && Object.hasOwn(COUNTRIES, citizenship)) details.citizenship = citizenship;
    const checkpoint = blank(row.checkpoint);
    if (checkpoint) details.checkpoint = checkpoint;
  }
  if (kind === 'sought') {
    const status = blank(row.status)?.toLowerCase() ?? null;
    if (status !== 'missing' && status !== 'deported') errors.push('STATUS_INVALID');
    else details.status = status;
    const list = blank(row.list);
    if (list) details.list = list;
  }
  if (errors.length > 0) return { record: null, errors };
  return {
    record: {
      recordId: recordId!,
      lastName: lastName!,
      firstName: firstName!,
      middleName,
      script: scriptOf(lastName!) === 'latin' ? 'latin' : 'cyrillic',
      sex: sex ?? null,
      birthDate: birth ?? null,
      birthCertificate,
      unzr,
      rnokpp,
      residenceKatottg,
      eventDate: event ?? null,
      details,
      sealedDetails,
      notes,
    },
    errors: [],
  };
}
