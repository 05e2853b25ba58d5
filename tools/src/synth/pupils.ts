/**
 * Pupil records from a plan, school by school. A child's data are a pure function of the plan, the seed and the
 * child's place in it (school, class, seat): the stream of a school is forked from the seed by the school's key, so
 * generating one school needs no other school to be generated first, and a child enrolled twice is rebuilt
 * identically for its second record.
 */
import { makeUnzr } from '@aikom/domain/identifiers/unzr';
import { dayOf, isoOf, rnokppDays, swapDayMonth, ageOnDay } from './calendar';
import {
  hasLookalikeLetter,
  SWAPPABLE_DAY_SHARE,
  withLatinLookalikes,
  withTypo,
  withWrongCheckDigit,
  type FaultKind,
} from './faults';
import {
  BULGARIAN_NAMES,
  CRIMEAN_TATAR_NAMES,
  FIRST_NAME_VARIANTS,
  HUNGARIAN_NAMES,
  patronymic,
  ROMANIAN_NAMES,
  surnameFor,
  ukrainianPool,
  type NamePool,
  type Sex,
} from './names-uk';
import type { SyntheticClass, SyntheticPlan, SyntheticSchool } from './plan';
import { Rng, WeightedTable } from './random';
import { OTHER_SERIES_LETTERS, type InstructionLanguage } from './regions';
import { streetAddress } from './school-names';
import {
  DISPLACEMENT_ORIGIN_KINDS,
  type HromadaInfo,
  type SettlementInfo,
  type TerritoryIndex,
} from './territory-index';

export type EducationForm =
  'day' | 'evening' | 'part_time' | 'distance' | 'network' | 'externship' | 'family' | 'patronage' | 'dual';

/** The pupil exchange record (docs: ARCHITECTURE.md, «The pupil exchange record»); absent values are omitted. */
export interface SyntheticPupilRecord {
  lastName: string;
  firstName: string;
  middleName?: string;
  sex: Sex;
  birthDate: string;
  birthCertificate?: { series: string; number: string; issuedCountry: string };
  unzr?: string;
  rnokpp?: string;
  citizenship: string;
  residence: { katottg: string; address: string };
  displacement:
    | { status: 'none' }
    | { status: 'internal'; since?: string; originKatottg?: string; idpCertificate?: string }
    | { status: 'external'; since?: string; country: string };
  contact: { status: 'in_contact' } | { status: 'lost'; lostSince?: string; note: string };
  educationForm: EducationForm;
  specialNeeds: boolean;
  instructionLanguage: InstructionLanguage;
  enrollment: {
    schoolEdrpou: string;
    schoolYear: string;
    grade: number;
    classLetter: string;
    entryDate: string;
    orderNumber: string;
  };
}

/** What is true about a record: the real child behind it, the faults put into it, and its duplicate group. */
export interface PupilTruth {
  recordNo: number;
  /** The synthetic child; equal for the records of a child enrolled twice. */
  truthId: number;
  schoolEdrpou: string;
  faults: FaultKind[];
  /** The truth id shared by all records of a child with more than one record, else null. */
  duplicateGroup: number | null;
}

export interface SyntheticPupil {
  recordNo: number;
  truthId: number;
  schoolIndex: number;
  record: SyntheticPupilRecord;
  truth: PupilTruth;
}

// Tables shared by all records.

const SEX = new WeightedTable<Sex>(['male', 'female'], [513, 487]);
/** Countries Ukrainian pupils went to (UNHCR, refugees from Ukraine recorded in Europe, 2024–2025, rounded shares). */
const EXTERNAL_COUNTRIES = new WeightedTable(
  [
    'PL',
    'DE',
    'CZ',
    'IT',
    'ES',
    'GB',
    'SK',
    'NL',
    'RO',
    'MD',
    'LT',
    'FR',
    'AT',
    'IE',
    'US',
    'CA',
    'BG',
    'PT',
    'SE',
    'LV',
  ],
  [26, 24, 8, 4, 4, 4, 3, 3, 2.5, 2, 1.6, 1.5, 1.5, 1.8, 2, 1.5, 1.2, 1, 1, 1],
);
const BIRTH_COUNTRIES = new WeightedTable(
  ['PL', 'DE', 'CZ', 'IT', 'ES', 'PT', 'MD', 'RU', 'BY', 'US', 'IL', 'TR'],
  [20, 14, 10, 10, 7, 5, 8, 12, 4, 4, 3, 3],
);
const CITIZENSHIPS = new WeightedTable(
  ['MD', 'RO', 'HU', 'PL', 'GE', 'AZ', 'BY', 'TR', 'US', 'DE', 'IL', 'AM'],
  [14, 10, 10, 8, 8, 8, 6, 6, 5, 5, 5, 5],
);
const LOST_CONTACT_NOTES: readonly string[] = [
  'Телефони батьків не відповідають',
  'Не виходить на звʼязок з початку навчального року',
  'Не приєднується до онлайн-уроків',
  'Родина виїхала, нова адреса невідома',
  'Повідомлення в месенджерах не прочитані',
];
const ROMAN = ['І', 'ІІ', 'ІІІ', 'ІV', 'V', 'VІ', 'VІІ', 'VІІІ', 'ІХ', 'Х'] as const;
/** The multiplier of the certificate-number bijection: a prime, so coprime with any multiple of 10⁶ below 10⁷. */
const CERTIFICATE_MULTIPLIER = 999_983;
const DAY_2022_02_24 = dayOf('2022-02-24');
const DAY_2022_03_01 = dayOf('2022-03-01');
/** УНЗР sequences per birth date: four grade blocks of 2 500; РНОКПП: four blocks of 1 250 (see identifiers()). */
const UNZR_BLOCK = 2500;
const RNOKPP_BLOCK = 1250;
const RNOKPP_WEIGHTS = [-1, 5, 7, 9, 4, 6, 10, 5, 7] as const;

/**
 * Check digit of a РНОКПП over its first nine digits (weights −1, 5, 7, 9, 4, 6, 10, 5, 7; sum mod 11, mod 10) — the
 * rule `stdnum` ua.rntrc applies, computed here without the library because it runs once per record.
 */
export function rnokppCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (nineDigits.charCodeAt(i) - 48) * RNOKPP_WEIGHTS[i]!;
  return (((sum % 11) + 11) % 11) % 10;
}

/** n random decimal digits (synthetic numbers such as the довідка ВПО's, whose format nothing validates). */
function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(48 + rng.below(10));
  return s;
}

interface SchoolContext {
  school: SyntheticSchool;
  rng: Rng;
  pool: NamePool;
  minorityPool: NamePool | null;
  seriesLetters: string;
  home: SettlementInfo;
  /** Other settlements of the hromada where pupils live, by size. */
  around: WeightedTable<SettlementInfo> | null;
  origin: { hromada: HromadaInfo; settlement: SettlementInfo; sinceDay: number } | null;
  origins: WeightedTable<{ code: string; sinceDay: number }> | null;
  activeHostilities: boolean;
  firstGradeOrder: string;
  transferOrder: string;
  orderBase: number;
}

interface OriginEntry {
  code: string;
  sinceDay: number;
}

export interface PupilStreamOptions {
  /** Called with (records done, records in total) every `progressEvery` records and at the end. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
  /** Generate only schools with index in [fromSchool, toSchool). */
  fromSchool?: number;
  toSchool?: number;
}

/** Generates the pupils of a plan. Build once per plan; it caches per-region tables. */
export class PupilGenerator {
  private readonly root: Rng;
  private readonly pools = new Map<string, NamePool>();
  private readonly nationalOrigins: WeightedTable<OriginEntry>;
  private readonly regionalOrigins = new Map<string, WeightedTable<OriginEntry>>();
  private readonly contextCache = new Map<number, SchoolContext>();
  private readonly personRng: Rng;
  private readonly faultRng: Rng;
  private readonly startDay: number;
  private readonly todayDay: number;
  private readonly certificateModulus: number;
  private readonly certificateOffset: number;
  private readonly swapProbability: number;

  constructor(
    private readonly plan: SyntheticPlan,
    private readonly index: TerritoryIndex,
  ) {
    this.root = Rng.fromSeed(plan.seed).fork('pupils');
    this.personRng = this.root.fork('scratch:person');
    this.faultRng = this.root.fork('scratch:fault');
    this.startDay = dayOf(plan.schoolYear.startsOn);
    this.todayDay = dayOf(plan.today);
    this.certificateModulus = Math.max(1, Math.ceil(plan.summary.pupils / 1_000_000)) * 1_000_000;
    this.certificateOffset = this.root.fork('certificates').below(this.certificateModulus);
    this.swapProbability = Math.min(1, plan.faultRates.dayMonthSwap / SWAPPABLE_DAY_SHARE);
    const origins = index.displacementOrigins();
    const entry = (o: (typeof origins)[number]): [OriginEntry, number] => {
      const crimea = o.hromada.regionCode.startsWith('UA01') || o.hromada.regionCode.startsWith('UA85');
      // Fewer displaced children from Crimea (2014) have a record in the registry than from the regions of 2022, and
      // fewer still from places whose listing has ended (many have returned).
      return [{ code: o.code, sinceDay: dayOf(o.since) }, o.weight * (crimea ? 0.15 : 1) * (o.current ? 1 : 0.3)];
    };
    const all = origins.map(entry);
    this.nationalOrigins = new WeightedTable(
      all.map((e) => e[0]),
      all.map((e) => e[1]),
    );
    const byRegion = new Map<string, [OriginEntry, number][]>();
    origins.forEach((o, i) => {
      const list = byRegion.get(o.hromada.regionCode) ?? [];
      list.push(all[i]!);
      byRegion.set(o.hromada.regionCode, list);
    });
    for (const [code, list] of byRegion) {
      this.regionalOrigins.set(
        code,
        new WeightedTable(
          list.map((e) => e[0]),
          list.map((e) => e[1]),
        ),
      );
    }
  }

  private poolOf(regionCode: string): NamePool {
    let p = this.pools.get(regionCode);
    if (!p) {
      p = ukrainianPool(this.index.region(regionCode).profile.surnames);
      this.pools.set(regionCode, p);
    }
    return p;
  }

  private context(schoolIndex: number): SchoolContext {
    const cached = this.contextCache.get(schoolIndex);
    if (cached) return cached;
    const school = this.plan.schools[schoolIndex]!;
    const rng = this.root.fork(school.key);
    const setup = rng.fork('setup');
    const region = this.index.region(school.regionCode);
    const hromada = this.index.hromadaByCode.get(school.hromadaCode)!;
    const home = hromada.settlements.find((s) => s.code === school.katottg) ?? hromada.centre;
    const others = hromada.settlements.filter((s) => s.code !== home.code);
    const originHromada = school.originalHromadaCode ? this.index.hromadaByCode.get(school.originalHromadaCode)! : null;
    const originSettlement =
      originHromada?.settlements.find((s) => s.code === school.originalKatottg) ?? originHromada?.centre;
    const listing = originHromada ? this.index.listingOf(originHromada.code, DISPLACEMENT_ORIGIN_KINDS) : null;
    const minorityPool: Partial<Record<InstructionLanguage, NamePool>> = {
      hu: HUNGARIAN_NAMES,
      ro: ROMANIAN_NAMES,
      crh: CRIMEAN_TATAR_NAMES,
      bg: BULGARIAN_NAMES,
    };
    const orderBase = setup.int(20, 90);
    const ctx: SchoolContext = {
      school,
      rng,
      pool: this.poolOf(originHromada?.regionCode ?? school.regionCode),
      minorityPool: minorityPool[school.instructionLanguage] ?? null,
      seriesLetters: region.profile.seriesLetters,
      home,
      around:
        others.length > 0
          ? new WeightedTable(
              others,
              others.map((s) => s.weight),
            )
          : null,
      origin:
        originHromada && originSettlement
          ? { hromada: originHromada, settlement: originSettlement, sinceDay: dayOf(listing?.start ?? '2022-02-24') }
          : null,
      origins: this.regionalOrigins.get(school.regionCode) ?? null,
      activeHostilities: hromada.activeHostilities,
      firstGradeOrder: `${orderBase}-у`,
      transferOrder: `${orderBase + setup.int(3, 40)}-у`,
      orderBase: orderBase + 50,
    };
    if (this.contextCache.size > 64) this.contextCache.clear();
    this.contextCache.set(schoolIndex, ctx);
    return ctx;
  }

  /** The records of one school, in class order; a class's second records follow its own children. */
  *schoolPupils(schoolIndex: number): Generator<SyntheticPupil> {
    const school = this.plan.schools[schoolIndex]!;
    const ctx = this.context(schoolIndex);
    let local = 0;
    for (const cls of school.classes) {
      let recordNo = cls.firstRecordNo;
      for (let seat = 0; seat < cls.pupils; seat++, local++) {
        const truthId = cls.firstTruthId + seat;
        const record = this.person(ctx, cls, seat, local);
        const faults: FaultKind[] = [];
        this.faultRng.reseedAsFork(ctx.rng, local + 0x40000000);
        this.enrol(record, ctx, cls, this.faultRng, false);
        this.injectFaults(record, this.faultRng, faults);
        yield {
          recordNo,
          truthId,
          schoolIndex,
          record,
          truth: {
            recordNo,
            truthId,
            schoolEdrpou: school.edrpou,
            faults,
            duplicateGroup: this.plan.duplicatedChildren.has(truthId) ? truthId : null,
          },
        };
        recordNo++;
      }
      for (let j = 0; j < cls.duplicateOf.length; j++) {
        const truthId = cls.duplicateOf[j]!;
        const at = this.plan.locateChild(truthId);
        const sourceCtx = this.context(at.school);
        const sourceClass = sourceCtx.school.classes[at.classIndex]!;
        const sourceLocal = this.localIndex(sourceCtx.school, at.classIndex, at.seat);
        const record = this.person(sourceCtx, sourceClass, at.seat, sourceLocal);
        const rng = this.faultRng.reseedAsFork(ctx.rng, `dup:${truthId}`);
        // The child lives where the second school is (the family moved and the first school did not record the exit).
        if (school.hromadaCode !== sourceCtx.school.hromadaCode) {
          record.residence = { katottg: ctx.home.code, address: streetAddress(rng, ctx.home.urban) };
        }
        record.instructionLanguage = school.instructionLanguage === 'uk' ? 'uk' : record.instructionLanguage;
        const faults: FaultKind[] = ['duplicate_enrollment'];
        this.enrol(record, ctx, cls, rng, true);
        if (rng.chance(this.plan.faultRates.duplicateNameVariant)) {
          this.nameVariant(record, rng);
          faults.push('name_variant');
        }
        this.injectFaults(record, rng, faults);
        yield {
          recordNo,
          truthId,
          schoolIndex,
          record,
          truth: { recordNo, truthId, schoolEdrpou: school.edrpou, faults, duplicateGroup: truthId },
        };
        recordNo++;
      }
    }
  }

  private localIndex(school: SyntheticSchool, classIndex: number, seat: number): number {
    let n = 0;
    for (let i = 0; i < classIndex; i++) n += school.classes[i]!.pupils;
    return n + seat;
  }

  /** All records of the plan (or of a range of schools), in school order. */
  *pupils(options: PupilStreamOptions = {}): Generator<SyntheticPupil> {
    const from = options.fromSchool ?? 0;
    const to = Math.min(options.toSchool ?? this.plan.schools.length, this.plan.schools.length);
    let total = 0;
    for (let i = from; i < to; i++) total += this.plan.schools[i]!.records;
    const every = options.progressEvery ?? 10_000;
    const onProgress = options.onProgress;
    let done = 0;
    let nextReport = every;
    for (let i = from; i < to; i++) {
      for (const p of this.schoolPupils(i)) {
        yield p;
        done++;
        if (onProgress && done >= nextReport) {
          onProgress(done, total);
          nextReport += every;
        }
      }
    }
    onProgress?.(done, total);
  }

  /** The child's own data: everything but the enrolment and the injected faults. */
  private person(ctx: SchoolContext, cls: SyntheticClass, seat: number, local: number): SyntheticPupilRecord {
    const rng = this.personRng.reseedAsFork(ctx.rng, local);
    const school = ctx.school;
    const grade = cls.grade;
    const sex = SEX.sample(rng);
    const minority = ctx.minorityPool !== null && rng.chance(0.92);
    const language: InstructionLanguage = minority ? school.instructionLanguage : 'uk';
    const pool = minority && rng.chance(0.85) ? ctx.minorityPool! : ctx.pool;
    const firstName = (sex === 'male' ? pool.male : pool.female).sample(rng);
    const father = pool.fathers.sample(rng);
    const lastName = surnameFor(pool.surnames.sample(rng), sex);
    const middleName = rng.chance(0.99) ? patronymic(father, sex) : null;

    // Birth date and identifiers from the grade's birth table (see plan.ts): unique per date by construction.
    const table = this.plan.birthTables[grade]!;
    const k = table.permutation[cls.gradeOrdinal + seat]!;
    const cum = table.cumulative;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > k) hi = mid;
      else lo = mid + 1;
    }
    const birthDay = table.firstDay + lo;
    const rank = k - (lo > 0 ? cum[lo - 1]! : 0);
    const birthDate = isoOf(birthDay);
    const age = ageOnDay(birthDay, this.startDay);

    // Birth certificate: (numeral, number) is a bijection of the child's id, so no two children share one.
    const ordinal = cls.firstTruthId + seat - 1;
    const key = (ordinal * CERTIFICATE_MULTIPLIER + this.certificateOffset) % this.certificateModulus;
    let certificate: NonNullable<SyntheticPupilRecord['birthCertificate']>;
    if (rng.chance(0.006)) {
      certificate = {
        series: String.fromCharCode(65 + rng.below(26), 65 + rng.below(26)),
        number: String(key).padStart(7, '0'),
        issuedCountry: BIRTH_COUNTRIES.sample(rng),
      };
    } else {
      const letters = rng.chance(0.85)
        ? ctx.seriesLetters
        : OTHER_SERIES_LETTERS[rng.below(OTHER_SERIES_LETTERS.length)]!;
      certificate = {
        series: `${ROMAN[Math.floor(key / 1_000_000)]!}-${letters}`,
        number: String(key % 1_000_000).padStart(6, '0'),
        issuedCountry: 'UA',
      };
    }

    // УНЗР: mostly children who have an ID card (from 14); some younger ones got one for travel or at birth.
    // The sequence is the child's rank among the children of its grade born that day, in the grade's block, so it is
    // unique per date (grades four apart never share a birth date).
    const block = grade % 4;
    const unzr =
      rng.chance(age >= 14 ? 0.75 : 0.15) && rank < UNZR_BLOCK ? makeUnzr(birthDate, block * UNZR_BLOCK + rank) : null;
    let rnokpp: string | null = null;
    if (rng.chance(0.55) && rank < RNOKPP_BLOCK) {
      // Digits 6–9 encode the rank; the ninth digit is odd for boys and even for girls (Податковий кодекс, ст. 70).
      const v = block * RNOKPP_BLOCK + rank;
      const ninth = 2 * Math.floor(v / 1000) + (sex === 'male' ? 1 : 0);
      const nine = String(rnokppDays(birthDay)).padStart(5, '0') + String(v % 1000).padStart(3, '0') + String(ninth);
      rnokpp = nine + String(rnokppCheckDigit(nine));
    }
    const citizenship = rng.chance(0.006) ? CITIZENSHIPS.sample(rng) : 'UA';

    // Residence and displacement.
    let residence = ctx.home;
    if (ctx.around && rng.chance(ctx.home.urban ? 0.12 : 0.35)) residence = ctx.around.sample(rng);
    const displacement = ctx.origin
      ? this.relocatedDisplacement(ctx, rng, birthDay)
      : this.displacement(ctx, rng, birthDay);
    const residenceCode =
      ctx.origin && displacement.status !== 'internal' ? ctx.origin.settlement.code : residence.code;
    const address = streetAddress(rng, residence.urban);

    // Contact.
    const lostShare = ctx.origin ? 0.06 : displacement.status === 'external' ? 0.05 : 0.008;
    const contact: SyntheticPupilRecord['contact'] = rng.chance(lostShare)
      ? {
          status: 'lost',
          lostSince: isoOf(DAY_2022_03_01 + rng.below(this.todayDay - DAY_2022_03_01 + 1)),
          note: LOST_CONTACT_NOTES[rng.below(LOST_CONTACT_NOTES.length)]!,
        }
      : { status: 'in_contact' };

    // Special educational needs (inclusive classes; everyone in a special school) and the form of education
    // (Закон «Про повну загальну середню освіту», ст. 9).
    const specialNeeds = school.schoolType === 'special' || rng.chance(0.028);
    const educationForm = this.educationForm(ctx, rng, displacement.status, specialNeeds, grade);

    // Built in the exchange record's field order (JSON keeps insertion order); optional fields only when present.
    const record = { lastName, firstName } as SyntheticPupilRecord;
    if (middleName !== null) record.middleName = middleName;
    record.sex = sex;
    record.birthDate = birthDate;
    record.birthCertificate = certificate;
    if (unzr !== null) record.unzr = unzr;
    if (rnokpp !== null) record.rnokpp = rnokpp;
    record.citizenship = citizenship;
    record.residence = { katottg: residenceCode, address };
    record.displacement = displacement;
    record.contact = contact;
    record.educationForm = educationForm;
    record.specialNeeds = specialNeeds;
    record.instructionLanguage = language;
    record.enrollment = {
      schoolEdrpou: school.edrpou,
      schoolYear: this.plan.schoolYear.label,
      grade,
      classLetter: cls.letter,
      entryDate: this.plan.schoolYear.startsOn,
      orderNumber: '',
    };
    return record;
  }

  private displacement(ctx: SchoolContext, rng: Rng, birthDay: number): SyntheticPupilRecord['displacement'] {
    const x = rng.float();
    if (x < 0.05) {
      // A hromada on the list, often one of the same region; never the school's own.
      const table = ctx.origins && rng.chance(0.4) ? ctx.origins : this.nationalOrigins;
      const own = (code: string) => code === ctx.school.hromadaCode || code === ctx.school.regionCode;
      let origin = table.sample(rng);
      if (own(origin.code)) origin = this.nationalOrigins.sample(rng);
      if (own(origin.code)) return { status: 'none' };
      const since = isoOf(this.sinceDay(rng, Math.max(origin.sinceDay, birthDay + 1)));
      return rng.chance(0.7)
        ? {
            status: 'internal',
            since,
            originKatottg: origin.code,
            idpCertificate: `${digits(rng, 4)}-${digits(rng, 10)}`,
          }
        : { status: 'internal', since, originKatottg: origin.code };
    }
    if (x < 0.08) {
      return {
        status: 'external',
        since: isoOf(this.sinceDay(rng, Math.max(DAY_2022_02_24, birthDay + 1))),
        country: EXTERNAL_COUNTRIES.sample(rng),
      };
    }
    return { status: 'none' };
  }

  /**
   * Pupils of a relocated school: many displaced inside Ukraine from the school's hromada, many abroad, the rest still
   * living in the occupied hromada and studying remotely.
   */
  private relocatedDisplacement(ctx: SchoolContext, rng: Rng, birthDay: number): SyntheticPupilRecord['displacement'] {
    const origin = ctx.origin!;
    const x = rng.float();
    if (x < 0.45) {
      const since = isoOf(this.sinceDay(rng, Math.max(origin.sinceDay, birthDay + 1)));
      return rng.chance(0.7)
        ? {
            status: 'internal',
            since,
            originKatottg: origin.hromada.code,
            idpCertificate: `${digits(rng, 4)}-${digits(rng, 10)}`,
          }
        : { status: 'internal', since, originKatottg: origin.hromada.code };
    }
    if (x < 0.7) {
      return {
        status: 'external',
        since: isoOf(this.sinceDay(rng, Math.max(origin.sinceDay, DAY_2022_02_24, birthDay + 1))),
        country: EXTERNAL_COUNTRIES.sample(rng),
      };
    }
    return { status: 'none' };
  }

  private educationForm(
    ctx: SchoolContext,
    rng: Rng,
    displacement: SyntheticPupilRecord['displacement']['status'],
    specialNeeds: boolean,
    grade: number,
  ): EducationForm {
    const y = rng.float();
    if (ctx.origin) return y < 0.9 ? 'distance' : y < 0.94 ? 'family' : y < 0.97 ? 'externship' : 'day';
    if (displacement === 'external')
      return y < 0.7 ? 'distance' : y < 0.85 ? 'family' : y < 0.95 ? 'externship' : 'day';
    if (ctx.activeHostilities) return y < 0.6 ? 'distance' : 'day';
    if (y < 0.955) return 'day';
    if (y < 0.97) return 'distance';
    if (y < 0.982) return 'family';
    if (y < 0.988) return 'externship';
    if (y < 0.992) return specialNeeds ? 'patronage' : 'day';
    if (y < 0.995) return grade >= 9 ? 'evening' : 'day';
    if (y < 0.997) return grade >= 10 ? 'part_time' : 'day';
    if (y < 0.999) return 'network';
    return grade >= 10 ? 'dual' : 'day';
  }

  /** A displacement date: most families left within weeks of the territory's listing, the rest later. */
  private sinceDay(rng: Rng, earliest: number): number {
    const latest = this.todayDay;
    if (earliest >= latest) return latest;
    const x = rng.float();
    const span = latest - earliest;
    const offset =
      x < 0.6 ? rng.below(Math.min(90, span) + 1) : x < 0.9 ? rng.below(Math.min(700, span) + 1) : rng.below(span + 1);
    return earliest + offset;
  }

  private enrol(
    record: SyntheticPupilRecord,
    ctx: SchoolContext,
    cls: SyntheticClass,
    rng: Rng,
    secondRecord: boolean,
  ): void {
    const e = record.enrollment;
    e.schoolEdrpou = ctx.school.edrpou;
    e.grade = cls.grade;
    e.classLetter = cls.letter;
    const late = this.todayDay > this.startDay && rng.chance(secondRecord ? 0.7 : 0.02);
    if (late) {
      e.entryDate = isoOf(this.startDay + 1 + rng.below(this.todayDay - this.startDay));
      e.orderNumber = `${ctx.orderBase + rng.below(60)}-у`;
    } else {
      e.entryDate = this.plan.schoolYear.startsOn;
      e.orderNumber = cls.grade === ctx.school.gradeMin ? ctx.firstGradeOrder : ctx.transferOrder;
    }
  }

  /** The name as the second school wrote it. */
  private nameVariant(record: SyntheticPupilRecord, rng: Rng): void {
    const variant = FIRST_NAME_VARIANTS.get(record.firstName);
    const x = rng.float();
    if (variant && x < 0.5) record.firstName = variant;
    else if (record.middleName && x < 0.75) delete record.middleName;
    else record.lastName = withTypo(record.lastName, rng);
  }

  private injectFaults(record: SyntheticPupilRecord, rng: Rng, faults: FaultKind[]): void {
    const rates = this.plan.faultRates;
    // Each draw is made whether or not the fault is possible, so that one fault's presence does not shift the others.
    const drawCertificate = rng.float();
    const drawSeries = rng.float();
    const drawLatinName = rng.float();
    const drawTypo = rng.float();
    const drawUnzr = rng.float();
    const drawRnokpp = rng.float();
    const drawSwap = rng.float();
    const drawSince = rng.float();
    const drawOrigin = rng.float();
    const drawLost = rng.float();
    if (record.birthCertificate && drawCertificate < rates.missingBirthCertificate) {
      delete record.birthCertificate;
      faults.push('missing_birth_certificate');
    }
    const cert = record.birthCertificate;
    if (cert && cert.issuedCountry === 'UA' && drawSeries < rates.latinInCertificateSeries) {
      const dash = cert.series.indexOf('-');
      let letters = cert.series.slice(dash + 1);
      if (!hasLookalikeLetter(letters)) letters = OTHER_SERIES_LETTERS[rng.below(OTHER_SERIES_LETTERS.length)]!;
      cert.series = `${cert.series.slice(0, dash + 1)}${withLatinLookalikes(letters, rng, 1)}`;
      faults.push('latin_lookalike_certificate_series');
    }
    if (drawLatinName < rates.latinInName) {
      const useLast = rng.chance(0.6);
      if (useLast && hasLookalikeLetter(record.lastName)) record.lastName = withLatinLookalikes(record.lastName, rng);
      else if (hasLookalikeLetter(record.firstName)) record.firstName = withLatinLookalikes(record.firstName, rng);
      else record.lastName = withLatinLookalikes(record.lastName, rng);
      faults.push('latin_lookalike_name');
    }
    if (drawTypo < rates.nameTypo) {
      if (rng.chance(0.6)) record.lastName = withTypo(record.lastName, rng);
      else record.firstName = withTypo(record.firstName, rng);
      faults.push('name_typo');
    }
    if (record.unzr && drawUnzr < rates.badUnzrCheckDigit) {
      record.unzr = withWrongCheckDigit(record.unzr, rng);
      faults.push('unzr_check_digit');
    }
    if (record.rnokpp && drawRnokpp < rates.badRnokppCheckDigit) {
      record.rnokpp = withWrongCheckDigit(record.rnokpp, rng);
      faults.push('rnokpp_check_digit');
    }
    if (drawSwap < this.swapProbability) {
      const swapped = swapDayMonth(dayOf(record.birthDate));
      if (swapped !== null) {
        record.birthDate = isoOf(swapped);
        faults.push('birth_date_day_month_swap');
      }
    }
    const d = record.displacement;
    if (d.status !== 'none' && drawSince < rates.missingDisplacementSince) {
      delete d.since;
      faults.push('missing_displacement_since');
    }
    if (d.status === 'internal' && drawOrigin < rates.missingDisplacementOrigin) {
      delete d.originKatottg;
      faults.push('missing_displacement_origin');
    }
    if (record.contact.status === 'lost' && drawLost < rates.missingLostSince) {
      delete record.contact.lostSince;
      faults.push('missing_lost_contact_since');
    }
  }
}
