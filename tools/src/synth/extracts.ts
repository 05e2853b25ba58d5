/**
 * Synthetic extracts of the state registries that verification links with the pupil registry (DOMAIN.md § 7), made
 * from the generator's ground truth so that linkage can be measured: births (ЄДДР / ДРАЦС), deaths (ДРАЦС), the IDP
 * database (ЄІБД ВПО), border crossings (names in Latin script, as in passports) and the list of children sought.
 *
 * The registry holds the children of a data set, with the faults of faults.ts in their records. The extracts hold the
 * same children as the state registries know them — their true data, with the registries' own noise — and, besides,
 * children of school age whom no school has a record of: some died, some left the country (and a few came back),
 * some are displaced inside Ukraine, some are on the list of children sought, and some are simply unaccounted for.
 * Those last ones are what verification is for.
 *
 * A child's true data are the records of a "clean twin" of the data set: the same plan and seed with every fault
 * rate at zero except the duplicate enrolments, which shape the plan (the generator draws every fault's random
 * numbers whether or not it injects the fault, so a twin's records are the originals without their faults).
 *
 * Nothing here does I/O but {@link writeExtractFiles}. Rows stream out of generators, in the CSV formats of
 * docs/registry-extracts.md (column names of `EXTRACT_COLUMNS` in the domain package).
 */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { makeUnzr } from '@aikom/domain/identifiers/unzr';
import { EXTRACT_COLUMNS, EXTRACT_KINDS, type ExtractKind } from '@aikom/domain/linkage/extract-formats';
import { schoolAgeBirthWindow } from '@aikom/domain/linkage/missing-children';
import { LATIN_LOOKALIKES } from '@aikom/domain/names';
import { transliterate } from '@aikom/domain/translit';
import { dayOf, isoOf, rnokppDays, swapDayMonth } from './calendar';
import { hasLookalikeLetter, withLatinLookalikes, withTypo } from './faults';
import { createSyntheticDataset, type ReferenceData, type SyntheticDataset } from './generate';
import { FIRST_NAME_VARIANTS, patronymic, surnameFor, ukrainianPool, type NamePool, type Sex } from './names-uk';
import type { SyntheticOptions } from './plan';
import { rnokppCheckDigit, type SyntheticPupilRecord } from './pupils';
import { hashString, Rng, WeightedTable } from './random';
import { OTHER_SERIES_LETTERS } from './regions';
import type { HromadaInfo, SettlementInfo, TerritoryIndex } from './territory-index';

export { EXTRACT_KINDS, type ExtractKind };

/** What became of a child, as the extracts tell it (the ground truth of verification). */
export type ChildFate =
  /** Enrolled, and on no other list. */
  | 'enrolled'
  /** Enrolled, and left the country (a border exit) — studies remotely or the school does not know. */
  | 'enrolled_abroad'
  /** Enrolled, and on the IDP database. */
  | 'enrolled_idp'
  /** Enrolled, yet deceased (the school did not record it). */
  | 'enrolled_deceased'
  /** Enrolled, and on the list of children sought (found). */
  | 'enrolled_sought'
  /** Not enrolled: died. */
  | 'deceased'
  /** Not enrolled: left the country. */
  | 'abroad'
  /** Not enrolled: left the country and came back. */
  | 'returned'
  /** Not enrolled: displaced inside Ukraine. */
  | 'idp'
  /** Not enrolled: deported (on the list of children sought). */
  | 'deported'
  /** Not enrolled: sought as missing. */
  | 'missing'
  /** Not enrolled, on no other list. */
  | 'unaccounted';

/** Fates of the children no school has a record of, as shares of the data set's children. */
export interface UnenrolledShares {
  deceased: number;
  abroad: number;
  returned: number;
  idp: number;
  deported: number;
  missing: number;
  unaccounted: number;
}

/** The registries' own noise: probabilities per extract row. */
export interface ExtractNoise {
  typo: number;
  latinLookalike: number;
  dayMonthSwap: number;
  missingCertificate: number;
  /** A new certificate was issued (a duplicate after loss, or after a change of name): another series and number. */
  reissuedCertificate: number;
  /** The surname changed (adoption, a parent's marriage) and the registries hold the other one. */
  changedSurname: number;
  missingPatronymic: number;
  /** The other spelling of a first name (Наталія / Наталя). */
  firstNameVariant: number;
  /** Border records: an older transliteration than КМУ 2010 (passports issued before 2010). */
  oldTransliteration: number;
}

export interface ExtractOptions {
  unenrolled?: Partial<UnenrolledShares>;
  noise?: Partial<ExtractNoise>;
  /** Enrolled children on the other lists, as shares of the enrolled. */
  enrolledAbroad?: number;
  enrolledDeceased?: number;
  enrolledSought?: number;
  /** Share of the internally displaced pupils on the IDP database. */
  idpCoverage?: number;
}

/**
 * Children never enrolled, about 2.3 % of the enrolled ones (the ministry's estimates of children outside education
 * after 2022 run to a few per cent; most of them are abroad).
 */
export const DEFAULT_UNENROLLED: Readonly<UnenrolledShares> = {
  deceased: 0.0004,
  abroad: 0.012,
  returned: 0.0015,
  idp: 0.002,
  deported: 0.0006,
  missing: 0.0004,
  unaccounted: 0.006,
};

export const DEFAULT_EXTRACT_NOISE: Readonly<ExtractNoise> = {
  typo: 0.004,
  latinLookalike: 0.003,
  dayMonthSwap: 0.002,
  missingCertificate: 0.01,
  reissuedCertificate: 0.003,
  changedSurname: 0.003,
  missingPatronymic: 0.01,
  firstNameVariant: 0.01,
  oldTransliteration: 0.15,
};

/** One row of an extract: cell text by column name (absent cells are empty). */
export type ExtractRow = Record<string, string>;

/** The truth about one extract row. */
export interface ExtractTruth {
  kind: ExtractKind;
  recordId: string;
  /** The child (the data set's truth id; children no school knows get ids above the data set's). */
  truthId: number;
  fate: ChildFate;
}

export interface ExtractItem {
  row: ExtractRow;
  truth: ExtractTruth;
}

export interface SyntheticExtracts {
  /** The data set the registry was seeded with (the same preset, seed and dates). */
  readonly dataset: SyntheticDataset;
  /** The school year whose school age the births extract covers. */
  readonly schoolYear: number;
  /** Children of school age no school has a record of. */
  readonly extraChildren: number;
  /** Rows of one extract with their truth, in a fixed order. */
  items(kind: ExtractKind): Generator<ExtractItem>;
  /** Rows of several extracts in one pass over the children (each kind's rows in the order of `items`). */
  allItems(kinds: readonly ExtractKind[]): Generator<ExtractItem>;
}

/** A child's own data, as the state registries know them. */
interface Child {
  truthId: number;
  fate: ChildFate;
  lastName: string;
  firstName: string;
  middleName: string | null;
  sex: Sex;
  birthDay: number;
  certificate: { series: string; number: string } | null;
  unzr: string | null;
  rnokpp: string | null;
  residence: string;
  /** IDPs: the hromada they come from. */
  origin: string | null;
  /** Internally displaced: since when. */
  displacedSince: number | null;
  idpCertificate: string | null;
  /** Pupils abroad per the registry: since when. */
  abroadSince: number | null;
  country: string | null;
  pool: NamePool;
}

const ROMAN = ['І', 'ІІ', 'ІІІ', 'ІV', 'V', 'VІ', 'VІІ', 'VІІІ', 'ІХ', 'Х'] as const;
const COUNTRIES = new WeightedTable(
  ['PL', 'DE', 'CZ', 'IT', 'ES', 'GB', 'SK', 'NL', 'RO', 'MD', 'LT', 'FR', 'AT', 'IE', 'US', 'CA'],
  [26, 24, 8, 4, 4, 4, 3, 3, 2.5, 2, 1.6, 1.5, 1.5, 1.8, 2, 1.5],
);
const CHECKPOINTS = [
  'Шегині',
  'Ягодин',
  'Краківець',
  'Рава-Руська',
  'Устилуг',
  'Порубне',
  'Паланка',
  'Чоп',
  'Ужгород',
  'Дяківці',
];
const SOUGHT_LISTS = ['Діти війни', 'Національне інформаційне бюро', 'Реєстр зниклих безвісти за особливих обставин'];
const DAY_2022_02_24 = dayOf('2022-02-24');

/** A stable, unguessable record id of a source (two 32-bit hashes: unique among millions). */
function recordId(prefix: string, kind: string, n: number, salt: number): string {
  const key = `${kind}:${n}`;
  const a = hashString(key, salt).toString(16).padStart(8, '0');
  const b = hashString(key, salt ^ 0x5bd1e995)
    .toString(16)
    .padStart(8, '0');
  return `${prefix}-${a}${b}`.toUpperCase();
}

/**
 * A passport spelling from before КМУ 2010 (e.g. the 2007 table of the Державіаслужба or Russian-influenced
 * habits): iotated vowels as y-, «г» as g, «ий» as -iy.
 */
export function oldTransliteration(cyrillic: string): string {
  return (
    transliterate(cyrillic)
      .replace(/ii(?=$|[^a-z])/giu, (m) => (m[0] === 'I' ? 'IY' : 'iy'))
      .replace(/yi(?=$|[^a-z])/giu, (m) => (m[0] === 'Y' ? 'IY' : 'iy'))
      .replace(/ia/gu, 'ya')
      .replace(/iu/gu, 'yu')
      .replace(/ie/gu, 'ye')
      .replace(/IA/gu, 'YA')
      .replace(/IU/gu, 'YU')
      // «г» (h) as g, but not the h of kh, zh, ch, sh.
      .replace(/(?<![kzcsKZCS])h/gu, 'g')
      .replace(/(?<![kzcsKZCS])H/gu, 'G')
  );
}

class ExtraChildren {
  private readonly regions: { hromadas: WeightedTable<HromadaInfo>; pool: NamePool }[];
  private readonly regionTable: WeightedTable<number>;
  private readonly origins: WeightedTable<string>;
  private readonly window: { from: number; to: number };
  private readonly certificateBase: number;

  constructor(
    private readonly data: SyntheticDataset,
    private readonly rng: Rng,
    schoolYear: number,
  ) {
    const plan = data.plan;
    // Children live where the data set's schools are (the hromadas it has an ОУО for), in proportion to their pupils,
    // outside occupied hromadas.
    const pupilsByHromada = new Map<string, number>();
    for (const school of plan.schools) {
      if (school.pupils === 0 || school.status === 'relocated') continue;
      pupilsByHromada.set(school.hromadaCode, (pupilsByHromada.get(school.hromadaCode) ?? 0) + school.pupils);
    }
    const byRegion = new Map<string, { hromadas: HromadaInfo[]; weights: number[] }>();
    for (const [code, pupils] of pupilsByHromada) {
      const h = data.index.hromadaByCode.get(code);
      if (!h || h.occupied) continue;
      const entry = byRegion.get(h.regionCode) ?? { hromadas: [], weights: [] };
      entry.hromadas.push(h);
      entry.weights.push(pupils);
      byRegion.set(h.regionCode, entry);
    }
    const regions = [...byRegion.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    this.regions = regions.map(([code, e]) => ({
      hromadas: new WeightedTable(e.hromadas, e.weights),
      pool: ukrainianPool(data.index.region(code).profile.surnames),
    }));
    this.regionTable = new WeightedTable(
      regions.map((_, i) => i),
      regions.map(([, e]) => e.weights.reduce((a, b) => a + b, 0)),
    );
    const origins = data.index.displacementOrigins();
    this.origins = new WeightedTable(
      origins.map((o) => o.code),
      origins.map((o) => o.weight),
    );
    const w = schoolAgeBirthWindow(schoolYear);
    this.window = { from: dayOf(w.bornFrom), to: dayOf(w.bornTo) };
    // The generator's certificates use numerals 0 … ⌈pupils / 10⁶⌉ − 1 (pupils.ts); these children get the next ones.
    this.certificateBase = Math.max(1, Math.ceil(plan.summary.pupils / 1_000_000));
  }

  /** The k-th child no school knows (k from 0), with truth id `truthId`. */
  child(k: number, truthId: number, fate: ChildFate): Child {
    const rng = this.rng.fork(k);
    const region = this.regions[this.regionTable.sample(rng)]!;
    const hromada = region.hromadas.sample(rng);
    const settlement: SettlementInfo =
      hromada.settlements.length > 0 ? hromada.settlements[rng.below(hromada.settlements.length)]! : hromada.centre;
    const sex: Sex = rng.chance(0.513) ? 'male' : 'female';
    const pool = region.pool;
    const birthDay = this.window.from + rng.below(this.window.to - this.window.from + 1);
    const birthDate = isoOf(birthDay);
    const numeral = this.certificateBase + Math.floor(k / 1_000_000);
    const letters = OTHER_SERIES_LETTERS[rng.below(OTHER_SERIES_LETTERS.length)]!;
    // УНЗР and РНОКПП sequences from the top of the ranges the generator leaves unused (it takes ranks from 0 up).
    const unzr = rng.chance(0.15) ? makeUnzr(birthDate, 9999 - (k % 500)) : null;
    let rnokpp: string | null = null;
    if (rng.chance(0.5)) {
      const v = 4999 - (k % 250);
      const ninth = 2 * Math.floor(v / 1000) + (sex === 'male' ? 1 : 0);
      const nine = String(rnokppDays(birthDay)).padStart(5, '0') + String(v % 1000).padStart(3, '0') + String(ninth);
      rnokpp = nine + String(rnokppCheckDigit(nine));
    }
    const idp = fate === 'idp';
    return {
      truthId,
      fate,
      lastName: surnameFor(pool.surnames.sample(rng), sex),
      firstName: (sex === 'male' ? pool.male : pool.female).sample(rng),
      middleName: patronymic(pool.fathers.sample(rng), sex),
      sex,
      birthDay,
      certificate: {
        series: `${ROMAN[Math.min(numeral, ROMAN.length - 1)]!}-${letters}`,
        number: String(k % 1_000_000).padStart(6, '0'),
      },
      unzr,
      rnokpp,
      residence: settlement.code,
      origin: idp ? this.origins.sample(rng) : null,
      displacedSince: idp ? DAY_2022_02_24 + rng.below(400) : null,
      idpCertificate: idp ? `${String(1000 + rng.below(9000))}-${String(rng.below(1e9)).padStart(10, '0')}` : null,
      abroadSince: null,
      country: null,
      pool,
    };
  }
}

function childOfRecord(record: SyntheticPupilRecord, truthId: number, fate: ChildFate, pool: NamePool): Child {
  const d = record.displacement;
  return {
    truthId,
    fate,
    lastName: record.lastName,
    firstName: record.firstName,
    middleName: record.middleName ?? null,
    sex: record.sex,
    birthDay: dayOf(record.birthDate),
    certificate:
      record.birthCertificate && record.birthCertificate.issuedCountry === 'UA'
        ? { series: record.birthCertificate.series, number: record.birthCertificate.number }
        : null,
    unzr: record.unzr ?? null,
    rnokpp: record.rnokpp ?? null,
    residence: record.residence.katottg,
    origin: d.status === 'internal' ? (d.originKatottg ?? null) : null,
    displacedSince: d.status === 'internal' && d.since ? dayOf(d.since) : null,
    idpCertificate: d.status === 'internal' ? (d.idpCertificate ?? null) : null,
    abroadSince: d.status === 'external' && d.since ? dayOf(d.since) : null,
    country: d.status === 'external' ? d.country : null,
    pool,
  };
}

/** The registries' noise on a child's names, date and certificate for one row. */
function noisy(child: Child, noise: ExtractNoise, rng: Rng) {
  let lastName = child.lastName;
  let firstName = child.firstName;
  let middleName = child.middleName;
  let birthDay = child.birthDay;
  let certificate = child.certificate;
  if (rng.chance(noise.changedSurname)) lastName = surnameFor(child.pool.surnames.sample(rng), child.sex);
  if (rng.chance(noise.firstNameVariant)) firstName = FIRST_NAME_VARIANTS.get(firstName) ?? firstName;
  if (rng.chance(noise.typo)) {
    if (rng.chance(0.6)) lastName = withTypo(lastName, rng);
    else firstName = withTypo(firstName, rng);
  }
  if (rng.chance(noise.latinLookalike)) {
    if (hasLookalikeLetter(lastName)) lastName = withLatinLookalikes(lastName, rng);
    else if (hasLookalikeLetter(firstName)) firstName = withLatinLookalikes(firstName, rng);
  }
  if (middleName && rng.chance(noise.missingPatronymic)) middleName = null;
  if (rng.chance(noise.dayMonthSwap)) birthDay = swapDayMonth(birthDay) ?? birthDay;
  if (certificate && rng.chance(noise.missingCertificate)) certificate = null;
  else if (certificate && rng.chance(noise.reissuedCertificate)) {
    certificate = {
      series: `${certificate.series.split('-')[0]!}-${OTHER_SERIES_LETTERS[rng.below(OTHER_SERIES_LETTERS.length)]!}`,
      number: String(rng.below(1_000_000)).padStart(6, '0'),
    };
  }
  return { lastName, firstName, middleName, birthDay, certificate };
}

const PREFIX: Readonly<Record<ExtractKind, string>> = {
  births: 'ДРАЦС',
  deaths: 'ДРАЦС-С',
  idp: 'ВПО',
  border: 'ДПСУ',
  sought: 'РОЗШУК',
};

/**
 * The data set with the same plan and seed and no faults but the duplicate enrolments (which shape the plan): its
 * records are the children's true data (see the module comment).
 */
export function createCleanTwin(dataset: SyntheticDataset, options: SyntheticOptions): SyntheticDataset {
  const rates = dataset.plan.faultRates;
  return createSyntheticDataset(dataset.index, {
    ...options,
    today: dataset.plan.today,
    faultRates: {
      latinInCertificateSeries: 0,
      latinInName: 0,
      badUnzrCheckDigit: 0,
      badRnokppCheckDigit: 0,
      missingBirthCertificate: 0,
      missingDisplacementSince: 0,
      missingDisplacementOrigin: 0,
      missingLostSince: 0,
      dayMonthSwap: 0,
      nameTypo: 0,
      duplicateEnrollment: rates.duplicateEnrollment,
      duplicateNameVariant: rates.duplicateNameVariant,
    },
  });
}

/**
 * Makes the extracts that match a data set. `reference` and `options` must be those the registry was seeded with.
 *
 * @example
 * const extracts = createSyntheticExtracts(reference, { preset: 'region', seed: 1, schoolYear: 2025, today: '2025-10-15' });
 * for (const { row, truth } of extracts.items('births')) write(row);
 */
export function createSyntheticExtracts(
  reference: ReferenceData | TerritoryIndex,
  options: SyntheticOptions,
  extractOptions: ExtractOptions = {},
): SyntheticExtracts {
  const dataset = createSyntheticDataset(reference, options);
  const plan = dataset.plan;
  const clean = createCleanTwin(dataset, options);
  const schoolYear = plan.schoolYear.id;
  const today = dayOf(plan.today);
  const shares = { ...DEFAULT_UNENROLLED, ...extractOptions.unenrolled };
  const noise = { ...DEFAULT_EXTRACT_NOISE, ...extractOptions.noise };
  const enrolledAbroad = extractOptions.enrolledAbroad ?? 0.004;
  const enrolledDeceased = extractOptions.enrolledDeceased ?? 0.0001;
  const enrolledSought = extractOptions.enrolledSought ?? 0.0002;
  const idpCoverage = extractOptions.idpCoverage ?? 0.8;
  const root = Rng.fromSeed(plan.seed).fork('extracts');
  const salt = hashString(String(plan.seed), 0x0e5a);
  const window = schoolAgeBirthWindow(schoolYear);
  const windowFrom = dayOf(window.bornFrom);
  const windowTo = dayOf(window.bornTo);
  const children = plan.summary.pupils;
  const fates = Object.keys(shares) as (keyof UnenrolledShares)[];
  const counts = fates.map((f) => Math.round(children * shares[f]));
  const extraCount = counts.reduce((a, b) => a + b, 0);
  const extras = new ExtraChildren(dataset, root.fork('extra'), schoolYear);
  const pools = new Map<string, NamePool>();
  const poolOf = (regionCode: string) => {
    let p = pools.get(regionCode);
    if (!p) pools.set(regionCode, (p = ukrainianPool(dataset.index.region(regionCode).profile.surnames)));
    return p;
  };

  /** Every child in truth-id order: the enrolled (from the clean twin), then the ones no school knows. */
  function* everyone(): Generator<Child> {
    const fates_ = root.fork('fates');
    const fateRng = Rng.fromSeed(0);
    for (const p of clean.pupils()) {
      if (p.truth.faults.includes('duplicate_enrollment')) continue;
      fateRng.reseedAsFork(fates_, p.truthId);
      const r = p.record;
      const x = fateRng.float();
      let fate: ChildFate = 'enrolled';
      if (r.displacement.status === 'external' || x < enrolledAbroad) fate = 'enrolled_abroad';
      else if (r.displacement.status === 'internal' && fateRng.chance(idpCoverage)) fate = 'enrolled_idp';
      else if (x < enrolledAbroad + enrolledDeceased) fate = 'enrolled_deceased';
      else if (x < enrolledAbroad + enrolledDeceased + enrolledSought) fate = 'enrolled_sought';
      const school = plan.schools[p.schoolIndex]!;
      yield childOfRecord(r, p.truthId, fate, poolOf(school.regionCode));
    }
    let k = 0;
    for (let f = 0; f < fates.length; f++) {
      for (let i = 0; i < counts[f]!; i++, k++) yield extras.child(k, children + 1 + k, fates[f]!);
    }
  }

  function row(kind: ExtractKind, values: Record<string, string | null | undefined>): ExtractRow {
    const out: ExtractRow = {};
    for (const c of EXTRACT_COLUMNS[kind]) out[c.name] = values[c.name] ?? '';
    return out;
  }

  const kindRoots = Object.fromEntries(EXTRACT_KINDS.map((k) => [k, root.fork(`rows:${k}`)])) as Record<
    ExtractKind,
    Rng
  >;

  /** The rows of every wanted kind, in one pass over the children (each kind's rows in a fixed order). */
  function* allItems(kinds: readonly ExtractKind[]): Generator<ExtractItem> {
    const counters = Object.fromEntries(EXTRACT_KINDS.map((k) => [k, 0])) as Record<ExtractKind, number>;
    const rng = Rng.fromSeed(0);
    for (const child of everyone()) {
      for (const kind of kinds) {
        rng.reseedAsFork(kindRoots[kind], child.truthId);
        for (const values of rowsOf(kind, child, rng)) {
          const id = recordId(PREFIX[kind], kind, counters[kind]++, salt);
          yield {
            row: row(kind, { record_id: id, ...values }),
            truth: { kind, recordId: id, truthId: child.truthId, fate: child.fate },
          };
        }
      }
    }
  }

  function* rowsOf(kind: ExtractKind, child: Child, rng: Rng): Generator<Record<string, string | null | undefined>> {
    const person = () => {
      const v = noisy(child, noise, rng);
      return {
        last_name: v.lastName,
        first_name: v.firstName,
        middle_name: v.middleName,
        sex: child.sex,
        birth_date: isoOf(v.birthDay),
        birth_cert_series: v.certificate?.series,
        birth_cert_number: v.certificate?.number,
      };
    };
    const f = child.fate;
    if (kind === 'births') {
      if (child.birthDay < windowFrom || child.birthDay > windowTo) return;
      yield {
        ...person(),
        unzr: child.unzr && !rng.chance(0.05) ? child.unzr : null,
        rnokpp: child.rnokpp && !rng.chance(0.1) ? child.rnokpp : null,
        residence_katottg: child.residence,
      };
    } else if (kind === 'deaths') {
      if (f !== 'deceased' && f !== 'enrolled_deceased') return;
      const p = person();
      const certificate = rng.chance(0.4);
      yield {
        ...p,
        birth_cert_series: certificate ? p.birth_cert_series : null,
        birth_cert_number: certificate ? p.birth_cert_number : null,
        unzr: child.unzr,
        rnokpp: child.rnokpp,
        death_date: isoOf(Math.max(child.birthDay + 1, today - 1 - rng.below(700))),
        residence_katottg: child.residence,
      };
    } else if (kind === 'idp') {
      if (f !== 'idp' && f !== 'enrolled_idp') return;
      const p = person();
      const certificate = rng.chance(0.85);
      yield {
        ...p,
        birth_cert_series: certificate ? p.birth_cert_series : null,
        birth_cert_number: certificate ? p.birth_cert_number : null,
        unzr: child.unzr,
        rnokpp: child.rnokpp && rng.chance(0.7) ? child.rnokpp : null,
        origin_katottg: child.origin,
        residence_katottg: child.residence,
        registered_on:
          child.displacedSince !== null ? isoOf(Math.min(today, child.displacedSince + rng.below(60))) : null,
        idp_certificate: child.idpCertificate,
      };
    } else if (kind === 'border') {
      if (f !== 'abroad' && f !== 'returned' && f !== 'enrolled_abroad') return;
      const v = noisy({ ...child, middleName: null }, { ...noise, missingCertificate: 0 }, rng);
      const latin = (s: string) =>
        (rng.chance(noise.oldTransliteration) ? oldTransliteration(s) : transliterate(s)).toUpperCase();
      // A Latin look-alike typed into a Cyrillic name has no transliteration: the passport has the real letter.
      const plain = (s: string) => [...s].map((c) => LATIN_LOOKALIKES[c] ?? c).join('');
      const exit = child.abroadSince ?? DAY_2022_02_24 + rng.below(Math.max(1, today - DAY_2022_02_24 - 30));
      const base = {
        last_name: latin(plain(v.lastName)),
        first_name: latin(plain(v.firstName)),
        sex: child.sex,
        birth_date: isoOf(v.birthDay),
        unzr: child.unzr && rng.chance(0.7) ? child.unzr : null,
        citizenship: 'UA',
        checkpoint: CHECKPOINTS[rng.below(CHECKPOINTS.length)]!,
      };
      const country = child.country ?? COUNTRIES.sample(rng);
      yield { ...base, direction: 'exit', crossed_on: isoOf(Math.min(exit, today)), country };
      if (f === 'returned') {
        yield { ...base, direction: 'entry', crossed_on: isoOf(Math.min(today, exit + 30 + rng.below(300))), country };
      }
    } else {
      if (f !== 'deported' && f !== 'missing' && f !== 'enrolled_sought') return;
      const p = person();
      const certificate = rng.chance(0.2);
      yield {
        ...p,
        birth_date: rng.chance(0.08) ? null : p.birth_date,
        birth_cert_series: certificate ? p.birth_cert_series : null,
        birth_cert_number: certificate ? p.birth_cert_number : null,
        status: f === 'deported' ? 'deported' : 'missing',
        since: isoOf(DAY_2022_02_24 + rng.below(Math.max(1, today - DAY_2022_02_24))),
        last_known_katottg: child.origin ?? child.residence,
        list: SOUGHT_LISTS[rng.below(SOUGHT_LISTS.length)]!,
      };
    }
  }

  return {
    dataset,
    schoolYear,
    extraChildren: extraCount,
    items: (kind) => allItems([kind]),
    allItems,
  };
}

/** A CSV field: quoted when it holds the delimiter, a quote or a line break (RFC 4180). */
function csvField(value: string): string {
  return /[;"\r\n]/u.test(value) ? `"${value.replace(/"/gu, '""')}"` : value;
}

/** The CSV lines of rows of one kind: a header, then one line per row (`;`-separated, UTF-8, CRLF). */
export function* extractCsvLines(kind: ExtractKind, rows: Iterable<ExtractRow>): Generator<string> {
  const columns = EXTRACT_COLUMNS[kind].map((c) => c.name);
  yield columns.join(';') + '\r\n';
  for (const row of rows) yield columns.map((c) => csvField(row[c] ?? '')).join(';') + '\r\n';
}

export interface WrittenExtracts {
  files: Record<ExtractKind, string>;
  rows: Record<ExtractKind, number>;
  truthFile: string | null;
}

/**
 * Writes each extract as `<dir>/<kind>.csv` and, when asked, the truth of every row (NDJSON: kind, recordId, truthId,
 * fate) to `truthFile`.
 */
export async function writeExtractFiles(
  extracts: SyntheticExtracts,
  dir: string,
  truthFile?: string,
  kinds: readonly ExtractKind[] = EXTRACT_KINDS,
): Promise<WrittenExtracts> {
  fs.mkdirSync(dir, { recursive: true });
  if (truthFile) fs.mkdirSync(path.dirname(path.resolve(truthFile)), { recursive: true });
  const sinks = [...kinds.map((k) => path.join(dir, `${k}.csv`)), ...(truthFile ? [truthFile] : [])].map((file) => ({
    stream: fs.createWriteStream(file, { encoding: 'utf8' }),
    buffer: '',
  }));
  const flush = async (sink: (typeof sinks)[number], force = false) => {
    if (sink.buffer.length < 65_536 && !(force && sink.buffer.length > 0)) return;
    const ok = sink.stream.write(sink.buffer);
    sink.buffer = '';
    if (!ok) await once(sink.stream, 'drain');
  };
  const rows = Object.fromEntries(kinds.map((k) => [k, 0])) as Record<ExtractKind, number>;
  const files = Object.fromEntries(kinds.map((k) => [k, path.join(dir, `${k}.csv`)])) as Record<ExtractKind, string>;
  kinds.forEach((kind, i) => (sinks[i]!.buffer = EXTRACT_COLUMNS[kind].map((c) => c.name).join(';') + '\r\n'));
  const truthSink = truthFile ? sinks[kinds.length]! : null;
  for (const { row, truth } of extracts.allItems(kinds)) {
    const i = kinds.indexOf(truth.kind);
    const sink = sinks[i]!;
    sink.buffer += EXTRACT_COLUMNS[truth.kind].map((c) => csvField(row[c.name] ?? '')).join(';') + '\r\n';
    rows[truth.kind]++;
    await flush(sink);
    if (truthSink) {
      truthSink.buffer += JSON.stringify(truth) + '\n';
      await flush(truthSink);
    }
  }
  for (const sink of sinks) {
    await flush(sink, true);
    sink.stream.end();
    await once(sink.stream, 'finish');
  }
  return { files, rows, truthFile: truthFile ?? null };
}
