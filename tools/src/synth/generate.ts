/**
 * Deterministic synthetic data for aikom: the organisation cascade (МОН → regional departments → ОУО → schools) and
 * pupil records in the exchange-record shape, with faults injected at known rates and the ground truth beside them.
 *
 * Three presets (DOMAIN.md § 8): `demo` (≈ 20 schools, ≈ 6 000 pupils in three hromadas of one oblast plus one school
 * relocated from an occupied hromada), `region` (one oblast, ≈ 500 schools, ≈ 150 000 pupils) and `national`
 * (≈ 12 700 schools, ≈ 3.9 M pupils in all regions). The same preset, seed and dates give the same output.
 *
 * Nothing here does I/O; the data stream out of generators, so the national set never has to be in memory.
 *
 * @example
 * const data = createSyntheticDataset({ codifier, hostilities }, { preset: 'demo', seed: 1 });
 * for (const org of data.organisations()) insertOrganisation(org);
 * for (const { record, truth } of data.pupils({ onProgress: (done, total) => bar.update(done / total) })) insert(record);
 */
import type { CodifierEntry, HostilityPeriod } from '@aikom/domain/territory';
import {
  buildPlan,
  type PlanSummary,
  type SchoolStatus,
  type SettlementType,
  type SyntheticOptions,
  type SyntheticPlan,
} from './plan';
import { PupilGenerator, type PupilStreamOptions, type PupilTruth, type SyntheticPupil } from './pupils';
import type { InstructionLanguage } from './regions';
import type { Ownership, SchoolType } from './school-names';
import { TerritoryIndex } from './territory-index';

export type {
  Preset,
  PlanSummary,
  RegionSummary,
  SchoolStatus,
  SettlementType,
  SyntheticClass,
  SyntheticOptions,
  SyntheticOuo,
  SyntheticPlan,
  SyntheticSchool,
} from './plan';
export type { Ownership, SchoolType } from './school-names';
export type { InstructionLanguage } from './regions';
export { buildPlan, DEFAULT_REGION_CODE, PRESET_TARGETS } from './plan';
export { PupilGenerator } from './pupils';
export type { PupilStreamOptions, PupilTruth, SyntheticPupil, SyntheticPupilRecord, EducationForm } from './pupils';
export type { FaultKind, FaultRates } from './faults';
export { DEFAULT_FAULT_RATES, FAULT_KINDS } from './faults';
export { TerritoryIndex } from './territory-index';

/** The reference data the generator places its organisations and pupils in. */
export interface ReferenceData {
  /** KATOTTH (e.g. `parseKatottgTsv(readDatasetText(readManifest().katottg))`). */
  codifier: readonly CodifierEntry[];
  /** The list of territories of hostilities and occupation. */
  hostilities: readonly HostilityPeriod[];
}

/** One organisation of the cascade; `key`s are stable within a data set and link children to parents. */
export interface SyntheticOrganisation {
  key: string;
  kind: 'ministry' | 'region' | 'ouo' | 'school';
  parentKey: string | null;
  regionKey: string | null;
  ouoKey: string | null;
  name: string;
  shortName: string | null;
  /** Valid (stdnum ua.edrpou) and unique across the data set. */
  edrpou: string;
  /** KATOTTH: the region's code, the ОУО's hromada (or Kyiv district), the school's settlement (or Kyiv district). */
  katottg: string;
  schoolType: SchoolType | null;
  ownership: Ownership | null;
  settlementType: SettlementType | null;
  status: SchoolStatus;
  /** For a relocated school: its settlement of origin. */
  originalKatottg: string | null;
  founder: string | null;
  gradeMin: number | null;
  gradeMax: number | null;
  instructionLanguage: InstructionLanguage | null;
  address: string | null;
}

export interface SyntheticDataset {
  readonly plan: SyntheticPlan;
  readonly summary: PlanSummary;
  readonly index: TerritoryIndex;
  /** Parents before children: the ministry, the 27 regional departments, the ОУО, the schools. */
  organisations(): Generator<SyntheticOrganisation>;
  /** All pupil records, school by school. */
  pupils(options?: PupilStreamOptions): Generator<SyntheticPupil>;
  /** The records of one school (by `plan.schools[i].index`). */
  schoolPupils(schoolIndex: number): Generator<SyntheticPupil>;
  /** The ground truth of every record, in the same order as `pupils()`. */
  truth(options?: PupilStreamOptions): Generator<PupilTruth>;
}

/** The ministry's KATOTTH: Kyiv. */
const KYIV = 'UA80000000000093317';

/** The organisations of a plan, parents first. */
export function* generateOrganisations(plan: SyntheticPlan): Generator<SyntheticOrganisation> {
  const base = {
    schoolType: null,
    ownership: null,
    settlementType: null,
    status: 'operating' as const,
    originalKatottg: null,
    gradeMin: null,
    gradeMax: null,
    instructionLanguage: null,
    address: null,
  };
  const m = plan.ministry;
  yield {
    ...base,
    key: m.key,
    kind: 'ministry',
    parentKey: null,
    regionKey: null,
    ouoKey: null,
    name: m.name,
    shortName: m.shortName,
    edrpou: m.edrpou,
    katottg: KYIV,
    founder: 'Кабінет Міністрів України',
  };
  for (const r of plan.regions) {
    yield {
      ...base,
      key: r.key,
      kind: 'region',
      parentKey: m.key,
      regionKey: null,
      ouoKey: null,
      name: r.name,
      shortName: r.shortName,
      edrpou: r.edrpou,
      katottg: r.code,
      founder: null,
    };
  }
  for (const o of plan.ouos) {
    const regionKey = `region:${o.regionCode}`;
    yield {
      ...base,
      key: o.key,
      kind: 'ouo',
      parentKey: regionKey,
      regionKey,
      ouoKey: null,
      name: o.name,
      shortName: o.shortName,
      edrpou: o.edrpou,
      katottg: o.hromadaCode,
      founder: null,
    };
  }
  for (const s of plan.schools) {
    yield {
      key: s.key,
      kind: 'school',
      parentKey: s.ouoKey,
      regionKey: `region:${s.regionCode}`,
      ouoKey: s.ouoKey,
      name: s.name,
      shortName: s.shortName,
      edrpou: s.edrpou,
      katottg: s.katottg,
      schoolType: s.schoolType,
      ownership: s.ownership,
      settlementType: s.settlementType,
      status: s.status,
      originalKatottg: s.originalKatottg,
      founder: s.founder,
      gradeMin: s.gradeMin,
      gradeMax: s.gradeMax,
      instructionLanguage: s.instructionLanguage,
      address: s.address,
    };
  }
}

/**
 * Plans a synthetic data set and returns its streams. Planning (the national set: ≈ 1–2 s) decides every school and
 * class size, so `summary.records` is the exact number of records `pupils()` will yield.
 */
export function createSyntheticDataset(
  reference: ReferenceData | TerritoryIndex,
  options: SyntheticOptions,
): SyntheticDataset {
  const today = options.today ?? `${options.schoolYear ?? 2025}-10-01`;
  const index =
    reference instanceof TerritoryIndex && reference.today === today
      ? reference
      : reference instanceof TerritoryIndex
        ? reference.withToday(today)
        : new TerritoryIndex(reference.codifier, reference.hostilities, today);
  const plan = buildPlan(index, { ...options, today });
  const generator = new PupilGenerator(plan, index);
  return {
    plan,
    summary: plan.summary,
    index,
    organisations: () => generateOrganisations(plan),
    pupils: (o) => generator.pupils(o),
    schoolPupils: (i) => generator.schoolPupils(i),
    truth: function* (o) {
      for (const p of generator.pupils(o)) yield p.truth;
    },
  };
}
