/**
 * The plan of a synthetic data set: which organisations exist, every school with its classes and class sizes, which
 * children are enrolled twice, and the birth-date tables. It is decided before any pupil is generated, so the total is
 * known up front (for progress bars) and each school's pupils can be generated on their own, in any order or in
 * parallel, from the plan alone.
 *
 * Everything the plan holds grows with the number of schools and classes, not pupils, except the birth-date
 * permutation (four bytes per child: ≈ 16 MB for the national set).
 */
import { completeEdrpou } from '@aikom/domain/identifiers/edrpou';
import { schoolYear as schoolYearOfStart, type SchoolYear } from '@aikom/domain/school-year';
import { dayOf, dayOfYmd, monthOf } from './calendar';
import { DEFAULT_FAULT_RATES, type FaultRates } from './faults';
import { apportion, Rng } from './random';
import type { InstructionLanguage } from './regions';
import {
  MINISTRY_NAME,
  MINISTRY_SHORT_NAME,
  ouoName,
  regionalDepartmentName,
  schoolName,
  streetAddress,
  type Ownership,
  type SchoolType,
} from './school-names';
import type { HromadaInfo, RegionInfo, SettlementInfo, TerritoryIndex } from './territory-index';

export type Preset = 'demo' | 'region' | 'national';
export type SchoolStatus = 'operating' | 'relocated' | 'suspended';
export type SettlementType = 'urban' | 'rural';
export type { Ownership, SchoolType };

/** Target sizes of the presets (DOMAIN.md § 8 for the national set). */
export const PRESET_TARGETS: Readonly<Record<Preset, { pupils: number; schools: number }>> = {
  demo: { pupils: 6_000, schools: 20 },
  region: { pupils: 150_000, schools: 500 },
  national: { pupils: 3_900_000, schools: 12_700 },
};

/** Київська область: the default region of the demo and region presets. */
export const DEFAULT_REGION_CODE = 'UA32000000000030281';

/** The national share of pupils in urban schools (DOMAIN.md § 8: 72 % in 2024/25). */
export const NATIONAL_URBAN_SHARE = 0.72;

/**
 * Relative size of grades 1–11 in 2025/26: the birth cohorts 2008–2019 (Держстат: ≈ 500 k births a year around
 * 2010, ≈ 310–335 k in 2018–2019), less the pupils who leave after grade 9 for vocational education and colleges.
 */
export const GRADE_WEIGHTS: readonly number[] = [0, 0.82, 0.86, 0.9, 0.95, 1.0, 1.03, 1.05, 1.06, 1.05, 0.64, 0.62];

/** Maximum class size (Закон «Про загальну середню освіту», ст. 14: не більше 30 учнів). */
export const MAX_CLASS_SIZE = 30;

/** Class letters in the order schools use them. */
export const CLASS_LETTERS: readonly string[] = [...'АБВГДЕЄЖЗИІКЛМНОПРСТ'];

export interface SyntheticOptions {
  preset: Preset;
  seed: number | string;
  /** First calendar year of the school year; default 2025 (`2025-2026`). */
  schoolYear?: number;
  /** The "current" date: nothing in the data is later. Default 1 October of the school year. */
  today?: string;
  /** Level-1 KATOTTH code of the region of the demo and region presets; default Київська область. */
  regionCode?: string;
  /** Overrides the preset's number of children. */
  pupils?: number;
  /** Overrides the preset's number of schools. */
  schools?: number;
  faultRates?: Partial<FaultRates>;
}

export interface SyntheticClass {
  grade: number;
  letter: string;
  /** `5-А`. */
  label: string;
  /** Children whose own record is in this class. */
  pupils: number;
  /** Truth ids of children whose second record is in this class (they have their own record elsewhere). */
  duplicateOf: readonly number[];
  /** Record number of the first record of the class. */
  firstRecordNo: number;
  /** Truth id of the first child of the class. */
  firstTruthId: number;
  /** Index of the first child among all children of the same grade (for the birth-date table). */
  gradeOrdinal: number;
}

export interface SyntheticSchool {
  index: number;
  key: string;
  edrpou: string;
  name: string;
  shortName: string;
  schoolType: SchoolType;
  ownership: Ownership;
  founder: string;
  regionCode: string;
  ouoKey: string;
  /** The hromada (or Kyiv district) the school is registered in. */
  hromadaCode: string;
  /** The settlement (level 4) or Kyiv district (level 5) of the school's location. */
  katottg: string;
  settlementType: SettlementType;
  status: SchoolStatus;
  /** For a relocated school: the settlement it comes from, in an occupied hromada. */
  originalKatottg: string | null;
  /** For a relocated school: its hromada of origin (whose ОУО manages it). */
  originalHromadaCode: string | null;
  gradeMin: number;
  gradeMax: number;
  instructionLanguage: InstructionLanguage;
  address: string;
  classes: readonly SyntheticClass[];
  /** Children enrolled here (their own records). */
  pupils: number;
  /** Records of this school: own children plus second records of children enrolled elsewhere too. */
  records: number;
  firstRecordNo: number;
}

export interface SyntheticOuo {
  key: string;
  hromadaCode: string;
  regionCode: string;
  name: string;
  shortName: string;
  edrpou: string;
}

export interface RegionSummary {
  code: string;
  name: string;
  schools: number;
  pupils: number;
}

export interface PlanSummary {
  schools: number;
  relocatedSchools: number;
  suspendedSchools: number;
  /** Distinct children. */
  pupils: number;
  /** Pupil records: children plus second records. */
  records: number;
  duplicates: number;
  urbanPupils: number;
  classes: number;
  ouos: number;
  byRegion: readonly RegionSummary[];
}

/** The birth-date table of one grade: children's dates follow a fixed distribution, assigned through a permutation. */
export interface GradeBirthTable {
  /** Day number of the first day of the window. */
  firstDay: number;
  /** cumulative[i] = number of children born on or before firstDay + i. */
  cumulative: Int32Array;
  /** permutation[gradeOrdinal] = the child's rank in date order. */
  permutation: Uint32Array;
}

export interface SyntheticPlan {
  preset: Preset;
  seed: number | string;
  schoolYear: SchoolYear;
  today: string;
  faultRates: Readonly<FaultRates>;
  ministry: { key: string; name: string; shortName: string; edrpou: string };
  regions: readonly { key: string; code: string; name: string; shortName: string; edrpou: string }[];
  ouos: readonly SyntheticOuo[];
  schools: readonly SyntheticSchool[];
  summary: PlanSummary;
  /** Birth-date tables by grade (index 1–11). */
  birthTables: readonly (GradeBirthTable | null)[];
  /** Truth ids of children that have a second record. */
  duplicatedChildren: ReadonlySet<number>;
  /** Truth id → the school index, class index and seat of the child's own record. */
  locateChild(truthId: number): { school: number; classIndex: number; seat: number };
}

// ---------------------------------------------------------------------------------------------------------------
// Budgets: how many pupils live where.

interface SettlementBudget {
  hromada: HromadaInfo;
  settlement: SettlementInfo;
  pupils: number;
  urban: boolean;
  /** Mean school size before the calibration factor. */
  baseSize: number;
}

interface RuralBudget {
  hromada: HromadaInfo;
  pupils: number;
}

interface RelocatedBudget {
  origin: HromadaInfo;
  pupils: number;
  hosts: readonly HromadaInfo[];
}

interface Budgets {
  urban: SettlementBudget[];
  rural: RuralBudget[];
  relocated: RelocatedBudget[];
}

const RURAL_SCHOOL_SIZE = 120;
const RELOCATED_SCHOOL_SIZE = 220;
/** An urban place with fewer pupils than this has no school of its own; they go to school in the hromada's centre. */
const MIN_URBAN_BUDGET = 40;
/** The fewest pupils a relocated school is planned for. */
const MIN_RELOCATED_BUDGET = 30;

function urbanBaseSize(s: SettlementInfo): number {
  if (s.category === 'B') return 620;
  if (s.weight >= 500_000) return 750;
  if (s.category === 'X' || s.category === 'T') return 280;
  if (s.weight >= 100_000) return 700;
  if (s.weight >= 30_000) return 550;
  return 420;
}

/** People leave hromadas under active hostilities; their schools keep only part of their pupils. */
function hostilityFactor(h: HromadaInfo): number {
  return h.activeHostilities ? 0.3 : 1;
}

function addHromadaBudget(out: Budgets, h: HromadaInfo, urbanPupils: number, ruralPupils: number): void {
  const urbanSettlements = h.settlements.filter((s) => s.urban);
  const parts = apportion(
    urbanPupils,
    urbanSettlements.map((s) => s.weight),
  );
  let spill = 0;
  const kept: SettlementBudget[] = [];
  urbanSettlements.forEach((s, i) => {
    const p = parts[i]!;
    if (p < MIN_URBAN_BUDGET) spill += p;
    else kept.push({ hromada: h, settlement: s, pupils: p, urban: true, baseSize: urbanBaseSize(s) });
  });
  if (spill > 0) {
    const biggest = kept.reduce<SettlementBudget | null>((a, b) => (a && a.pupils >= b.pupils ? a : b), null);
    if (biggest) biggest.pupils += spill;
    else ruralPupils += spill;
  }
  out.urban.push(...kept.sort((a, b) => (a.settlement.code < b.settlement.code ? -1 : 1)));
  if (ruralPupils > 0) {
    if (h.ruralWeight > 0) out.rural.push({ hromada: h, pupils: ruralPupils });
    else if (kept[0]) kept[0].pupils += ruralPupils;
    else {
      const s = h.centre;
      out.urban.push({ hromada: h, settlement: s, pupils: ruralPupils, urban: s.urban, baseSize: urbanBaseSize(s) });
    }
  }
}

function regionHomeBudget(out: Budgets, region: RegionInfo, homePupils: number, urbanShare: number): void {
  const home = region.hromadas.filter((h) => !h.occupied);
  const urbanW = home.map((h) => h.urbanWeight * hostilityFactor(h));
  const ruralW = home.map((h) => h.ruralWeight * hostilityFactor(h));
  const totalUrbanW = urbanW.reduce((a, b) => a + b, 0);
  const totalRuralW = ruralW.reduce((a, b) => a + b, 0);
  const urban = Math.round(homePupils * (totalRuralW === 0 ? 1 : totalUrbanW === 0 ? 0 : urbanShare));
  const rural = homePupils - urban;
  const urbanParts = apportion(urban, urbanW);
  const ruralParts = apportion(rural, ruralW);
  home.forEach((h, i) => {
    if (urbanParts[i]! + ruralParts[i]! > 0) addHromadaBudget(out, h, urbanParts[i]!, ruralParts[i]!);
  });
}

function hostsFor(index: TerritoryIndex, region: RegionInfo): HromadaInfo[] {
  const own = region.hromadas.filter((h) => !h.occupied && !h.activeHostilities && h.centre.category === 'M');
  const named = region.profile.relocationHosts.flatMap((k) => index.findCityHromadas(k));
  if (named.length > 0) return named;
  if (own.length > 0) return own.sort((a, b) => b.urbanWeight - a.urbanWeight).slice(0, 3);
  return index.findCityHromadas('UA80:Київ');
}

function regionRelocatedBudget(out: Budgets, index: TerritoryIndex, region: RegionInfo, pupils: number): void {
  const occupied = region.hromadas.filter((h) => h.occupied);
  if (occupied.length === 0 || pupils <= 0) return;
  const hosts = hostsFor(index, region);
  // Town schools relocated more often than village ones: weight towns fully, villages at a quarter.
  const parts = apportion(
    pupils,
    occupied.map((h) => h.urbanWeight + h.ruralWeight * 0.25),
  );
  // A hromada with too few pupils for a school of its own adds them to the region's largest relocated school set.
  const kept: RelocatedBudget[] = [];
  let spill = 0;
  occupied.forEach((h, i) => {
    if (parts[i]! >= MIN_RELOCATED_BUDGET) kept.push({ origin: h, pupils: parts[i]!, hosts });
    else spill += parts[i]!;
  });
  const biggest = kept.reduce<RelocatedBudget | null>((a, b) => (a && a.pupils >= b.pupils ? a : b), null);
  if (biggest) biggest.pupils += spill;
  else if (spill > 0) out.relocated.push({ origin: occupied[0]!, pupils: spill, hosts });
  out.relocated.push(...kept);
}

/**
 * Finds k such that the pupil-weighted mean of min(0.99, share·k) over the regions, plus the urban pupils counted
 * apart, hits the target share of all pupils; regions that are all urban or all rural keep their share.
 */
function calibrateUrbanShares(
  items: { pupils: number; share: number; fixed: boolean }[],
  target: number,
  extra: { pupils: number; urban: number },
): number[] {
  const total = items.reduce((a, x) => a + x.pupils, 0) + extra.pupils;
  const urbanAt = (k: number) =>
    items.reduce((a, x) => a + x.pupils * (x.fixed ? x.share : Math.min(0.99, x.share * k)), 0) + extra.urban;
  let lo = 0.2;
  let hi = 5;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (urbanAt(mid) < target * total) lo = mid;
    else hi = mid;
  }
  const k = (lo + hi) / 2;
  return items.map((x) => (x.fixed ? x.share : Math.min(0.99, x.share * k)));
}

function nationalBudgets(index: TerritoryIndex, totalPupils: number): Budgets {
  const out: Budgets = { urban: [], rural: [], relocated: [] };
  const weightSum = index.regions.reduce((a, r) => a + r.profile.pupilsThousands, 0);
  const pupilParts = apportion(
    totalPupils,
    index.regions.map((r) => r.profile.pupilsThousands / weightSum),
  );
  const plans = index.regions.map((r, i) => {
    const pupils = pupilParts[i]!;
    const home = r.hromadas.filter((h) => !h.occupied);
    const relocated =
      home.length === 0
        ? pupils
        : Math.round((pupils * r.profile.relocatedThousands) / Math.max(r.profile.pupilsThousands, 1e-9));
    const homeUrban = home.reduce((a, h) => a + h.urbanWeight, 0);
    const homeRural = home.reduce((a, h) => a + h.ruralWeight, 0);
    const fixed = homeRural === 0 || homeUrban === 0;
    return {
      region: r,
      pupils,
      relocated,
      home: pupils - relocated,
      share: homeRural === 0 ? 1 : homeUrban === 0 ? 0 : r.profile.urbanShare,
      fixed,
    };
  });
  // Relocated schools are mostly town schools (their urban/rural type is that of the place they come from).
  const relocated = plans.reduce((a, p) => a + p.relocated, 0);
  const shares = calibrateUrbanShares(
    plans.map((p) => ({ pupils: p.home, share: p.share, fixed: p.fixed })),
    NATIONAL_URBAN_SHARE,
    { pupils: relocated, urban: relocated * 0.8 },
  );
  plans.forEach((p, i) => {
    if (p.home > 0) regionHomeBudget(out, p.region, p.home, shares[i]!);
    regionRelocatedBudget(out, index, p.region, p.relocated);
  });
  return out;
}

function regionBudgets(index: TerritoryIndex, region: RegionInfo, totalPupils: number): Budgets {
  const out: Budgets = { urban: [], rural: [], relocated: [] };
  const home = region.hromadas.filter((h) => !h.occupied);
  const relocated =
    home.length === 0
      ? totalPupils
      : Math.round((totalPupils * region.profile.relocatedThousands) / Math.max(region.profile.pupilsThousands, 1e-9));
  if (totalPupils - relocated > 0) regionHomeBudget(out, region, totalPupils - relocated, region.profile.urbanShare);
  regionRelocatedBudget(out, index, region, relocated);
  return out;
}

/** Share of the demo's pupils in the relocated school. */
const DEMO_RELOCATED_SHARE = 0.05;

function demoBudgets(index: TerritoryIndex, region: RegionInfo, totalPupils: number, rng: Rng): Budgets {
  const out: Budgets = { urban: [], rural: [], relocated: [] };
  const home = region.hromadas.filter((h) => !h.occupied && !h.activeHostilities);
  const pickOne = (candidates: HromadaInfo[]) => (candidates.length > 0 ? rng.pick(candidates) : null);
  const city = pickOne(
    home.filter((h) => h.kind === 'city' && h.centre.weight >= 20_000 && h.centre.weight <= 150_000),
  );
  const settlement = pickOne(home.filter((h) => h.kind === 'settlement'));
  const village = pickOne(home.filter((h) => h.kind === 'village' && h.settlements.length >= 4));
  const chosen = [city, settlement, village].filter((h): h is HromadaInfo => h !== null);
  if (chosen.length === 0) throw new Error(`region ${region.name} has no hromada for the demo`);
  const relocated = Math.round(totalPupils * DEMO_RELOCATED_SHARE);
  const shares = [0.65, 0.2, 0.15].slice(0, chosen.length);
  const parts = apportion(totalPupils - relocated, shares);
  chosen.forEach((h, i) => {
    const p = parts[i]!;
    const urbanShare = h.urbanWeight / Math.max(h.weight, 1);
    const urban = h.ruralWeight === 0 ? p : Math.round(p * Math.min(0.95, urbanShare));
    addHromadaBudget(out, h, urban, p - urban);
  });
  // One school relocated from an occupied hromada (not in Crimea, where no Ukrainian school works), registered in the
  // demo's largest hromada.
  const occupied = index.regions
    .filter((r) => !r.code.startsWith('UA01') && !r.code.startsWith('UA85'))
    .flatMap((r) => r.hromadas.filter((h) => h.occupied && h.centre.category === 'M'));
  if (occupied.length > 0 && relocated > 0) {
    const origin = occupied[rng.weightedIndex(occupied.map((h) => h.urbanWeight))]!;
    out.relocated.push({ origin, pupils: relocated, hosts: [chosen[0]!] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Schools from budgets.

interface SchoolDraft {
  region: RegionInfo;
  /** The hromada of registration. */
  hromada: HromadaInfo;
  settlement: SettlementInfo;
  type: SchoolType;
  ownership: Ownership;
  status: SchoolStatus;
  origin: { hromada: HromadaInfo; settlement: SettlementInfo } | null;
  pupils: number;
  gradeMin: number;
  gradeMax: number;
  urban: boolean;
  language: InstructionLanguage;
  /** A stable identity for forking: does not depend on the other schools. */
  identity: string;
}

function schoolCount(pupils: number, meanSize: number): number {
  return pupils <= 0 ? 0 : Math.max(1, Math.round(pupils / meanSize));
}

function countSchools(b: Budgets, f: number): number {
  let n = 0;
  for (const u of b.urban) n += schoolCount(u.pupils, f * u.baseSize);
  for (const r of b.rural)
    n += Math.min(schoolCount(r.pupils, f * RURAL_SCHOOL_SIZE), r.hromada.settlements.filter((s) => !s.urban).length);
  for (const r of b.relocated) n += schoolCount(r.pupils, f * RELOCATED_SCHOOL_SIZE);
  return n;
}

/** The school-size factor that gives the wanted number of schools. */
function calibrateSchoolSize(b: Budgets, schools: number): number {
  let lo = 0.05;
  let hi = 20;
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(lo * hi);
    if (countSchools(b, mid) > schools) lo = mid;
    else hi = mid;
  }
  const a = countSchools(b, lo);
  const c = countSchools(b, hi);
  return Math.abs(a - schools) < Math.abs(c - schools) ? lo : hi;
}

function gradeRange(type: SchoolType, urban: boolean, rng: Rng): [number, number] {
  switch (type) {
    case 'primary':
      return [1, 4];
    case 'gymnasium':
      return urban && rng.chance(0.15) ? [5, 9] : [1, 9];
    case 'lyceum': {
      if (!urban) return [1, 11];
      const x = rng.float();
      return x < 0.08 ? [10, 11] : x < 0.15 ? [5, 11] : [1, 11];
    }
    case 'complex':
      return urban && rng.chance(0.7) ? [1, 11] : [1, 9];
    case 'special':
      return rng.chance(0.6) ? [1, 10] : [1, 11];
    case 'other':
      return [1, 11];
  }
}

/** Relative size of a school of a type among the schools of one place (primary and special schools are small). */
const TYPE_SIZE: Readonly<Record<SchoolType, number>> = {
  primary: 0.4,
  gymnasium: 0.75,
  lyceum: 1.2,
  complex: 1,
  special: 0.22,
  other: 0.3,
};

function urbanTypes(n: number, u: SettlementBudget, rng: Rng): { type: SchoolType; ownership: Ownership }[] {
  const capital = u.hromada.kind === 'capital_district';
  const town = u.settlement.category === 'M' || capital;
  const privateShare = capital
    ? 0.2
    : !town
      ? 0
      : u.settlement.weight >= 200_000
        ? 0.07
        : u.settlement.weight >= 50_000
          ? 0.04
          : 0.005;
  const out: { type: SchoolType; ownership: Ownership }[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.float();
    if (n >= 3 && town && x < 0.05) out.push({ type: 'special', ownership: 'communal' });
    else if (n >= 3 && town && x < 0.055) out.push({ type: 'other', ownership: 'communal' });
    else if (n >= 2 && privateShare > 0 && x >= 0.055 && x < 0.055 + privateShare) {
      const y = rng.float();
      out.push({ type: y < 0.3 ? 'primary' : y < 0.55 ? 'gymnasium' : 'lyceum', ownership: 'private' });
    } else if (n >= 5 && town && u.settlement.weight >= 100_000 && x < 0.06 + privateShare) {
      out.push({ type: 'lyceum', ownership: 'state' });
    } else {
      const y = rng.float();
      const type: SchoolType =
        i === 0 ? 'lyceum' : y < 0.08 ? 'primary' : y < 0.3 ? 'gymnasium' : y < 0.36 ? 'complex' : 'lyceum';
      out.push({ type, ownership: 'communal' });
    }
  }
  return out;
}

function ruralType(pupils: number, isCentre: boolean, rng: Rng): SchoolType {
  if (isCentre && pupils >= 150) return 'lyceum';
  if (pupils < 45) return rng.chance(0.8) ? 'primary' : 'complex';
  const x = rng.float();
  if (pupils < 220) return x < 0.72 ? 'gymnasium' : x < 0.87 ? 'complex' : 'lyceum';
  return x < 0.6 ? 'lyceum' : 'gymnasium';
}

/** The language of instruction of a communal school, from the region's minority-language rules. */
function schoolLanguage(region: RegionInfo, h: HromadaInfo, rng: Rng): InstructionLanguage {
  for (const rule of region.profile.languages) {
    if (rule.raion === h.raionName && rng.chance(rule.schoolShare)) return rule.language;
  }
  return 'uk';
}

const FULL_SPAN = GRADE_WEIGHTS.reduce((a, b) => a + b, 0);

/** The share of a full school's pupils that a school teaching grades min–max has (1 for grades 1–11). */
function gradeSpanShare(min: number, max: number): number {
  let w = 0;
  for (let g = min; g <= max; g++) w += GRADE_WEIGHTS[g]!;
  return w / FULL_SPAN;
}

function sizeWeights(types: readonly SchoolType[], rng: Rng): number[] {
  return types.map((t) => TYPE_SIZE[t] * Math.exp(rng.normal(0, 0.35)));
}

function draftsFromBudgets(index: TerritoryIndex, b: Budgets, f: number, rng: Rng): SchoolDraft[] {
  const drafts: SchoolDraft[] = [];
  const regionOf = (h: HromadaInfo) => index.region(h.regionCode);
  for (const u of b.urban) {
    const r = rng.fork(`urban:${u.settlement.code}`);
    const n = schoolCount(u.pupils, f * u.baseSize);
    const kinds = urbanTypes(n, u, r);
    const ranges = kinds.map((k) => gradeRange(k.type, true, r));
    // A school's share of the town's pupils follows its type, how many grades it teaches, and whether it is private
    // (private schools are small: a few classes a grade at most).
    const weights = sizeWeights(
      kinds.map((k) => k.type),
      r,
    ).map((w, i) => w * gradeSpanShare(ranges[i]![0], ranges[i]![1]) * (kinds[i]!.ownership === 'private' ? 0.3 : 1));
    const sizes = apportion(u.pupils, weights);
    kinds.forEach((k, i) => {
      const [gradeMin, gradeMax] = ranges[i]!;
      drafts.push({
        region: regionOf(u.hromada),
        hromada: u.hromada,
        settlement: u.settlement,
        type: k.type,
        ownership: k.ownership,
        status: 'operating',
        origin: null,
        pupils: sizes[i]!,
        gradeMin,
        gradeMax,
        urban: u.urban,
        language: k.ownership === 'communal' ? schoolLanguage(regionOf(u.hromada), u.hromada, r) : 'uk',
        identity: `${u.settlement.code}:${i}`,
      });
    });
  }
  for (const rb of b.rural) {
    const r = rng.fork(`rural:${rb.hromada.code}`);
    const villages = rb.hromada.settlements.filter((s) => !s.urban);
    const n = Math.min(schoolCount(rb.pupils, f * RURAL_SCHOOL_SIZE), villages.length);
    // The centre's village first (when the centre is a village), then others by size: bigger villages keep schools.
    const chosen: SettlementInfo[] = [];
    const pool = [...villages];
    const centreIdx = pool.findIndex((s) => s.code === rb.hromada.centre.code);
    if (centreIdx >= 0) chosen.push(...pool.splice(centreIdx, 1));
    while (chosen.length < n && pool.length > 0) {
      const i = r.weightedIndex(pool.map((s) => s.weight * s.weight));
      chosen.push(...pool.splice(i, 1));
    }
    // The centre's school serves the whole hromada's older pupils: weigh it up.
    const sizes = apportion(
      rb.pupils,
      chosen.map(
        (s) => Math.pow(s.weight, 0.7) * Math.exp(r.normal(0, 0.25)) * (s.code === rb.hromada.centre.code ? 3 : 1),
      ),
    );
    chosen.forEach((s, i) => {
      const type = ruralType(sizes[i]!, s.code === rb.hromada.centre.code, r);
      const [gradeMin, gradeMax] = gradeRange(type, false, r);
      drafts.push({
        region: regionOf(rb.hromada),
        hromada: rb.hromada,
        settlement: s,
        type,
        ownership: 'communal',
        status: 'operating',
        origin: null,
        pupils: sizes[i]!,
        gradeMin,
        gradeMax,
        urban: false,
        language: schoolLanguage(regionOf(rb.hromada), rb.hromada, r),
        identity: `${s.code}:r`,
      });
    });
  }
  for (const rb of b.relocated) {
    const r = rng.fork(`relocated:${rb.origin.code}`);
    const n = schoolCount(rb.pupils, f * RELOCATED_SCHOOL_SIZE);
    const types: SchoolType[] = Array.from({ length: n }, (_, i) => {
      const x = r.float();
      return i === 0 || x < 0.65 ? 'lyceum' : x < 0.95 ? 'gymnasium' : 'complex';
    });
    const sizes = apportion(rb.pupils, sizeWeights(types, r));
    const places = [...rb.origin.settlements].sort((a, c) => c.weight - a.weight);
    const crimea = rb.origin.regionCode.startsWith('UA01');
    types.forEach((type, i) => {
      const origin =
        i < 3 || places.length === 1 ? rb.origin.centre : places[r.weightedIndex(places.map((s) => s.weight))]!;
      const host = rb.hosts[r.weightedIndex(rb.hosts.map((h) => h.urbanWeight + 1))]!;
      const hostSettlement = host.centre;
      const [gradeMin, gradeMax] = type === 'lyceum' ? [1, 11] : type === 'gymnasium' ? [1, 9] : [1, 11];
      drafts.push({
        region: regionOf(rb.origin),
        hromada: host,
        settlement: hostSettlement,
        type,
        ownership: 'communal',
        status: 'relocated',
        origin: { hromada: rb.origin, settlement: origin },
        pupils: sizes[i]!,
        gradeMin,
        gradeMax,
        urban: origin.urban,
        language: crimea ? 'crh' : 'uk',
        identity: `${rb.origin.code}:${i}:reloc`,
      });
    });
  }
  // A few schools have their work suspended (зупинено діяльність): more in hromadas under active hostilities. They
  // remain in the register, without pupils.
  const extra: SchoolDraft[] = [];
  for (const d of drafts) {
    if (d.status !== 'operating') continue;
    const r = rng.fork(`suspended:${d.identity}`);
    if (r.chance(d.hromada.activeHostilities ? 0.12 : 0.002)) {
      extra.push({
        ...d,
        pupils: 0,
        status: 'suspended',
        ownership: 'communal',
        type: d.urban ? 'gymnasium' : 'primary',
        identity: `${d.identity}:s`,
        gradeMin: 1,
        gradeMax: d.urban ? 9 : 4,
      });
    }
  }
  return [...drafts, ...extra];
}

// ---------------------------------------------------------------------------------------------------------------
// Classes.

function classesOf(d: SchoolDraft, rng: Rng): { grade: number; size: number }[] {
  if (d.pupils <= 0) return [];
  const grades: number[] = [];
  for (let g = d.gradeMin; g <= d.gradeMax; g++) grades.push(g);
  const perGrade = apportion(
    d.pupils,
    grades.map((g) => GRADE_WEIGHTS[g]! * Math.exp(rng.normal(0, 0.08))),
  );
  const out: { grade: number; size: number }[] = [];
  grades.forEach((g, i) => {
    const n = perGrade[i]!;
    if (n <= 0) return;
    let classes: number;
    if (d.type === 'special' || d.type === 'other') classes = Math.max(1, Math.round(n / 10));
    else if (d.ownership === 'private') classes = Math.max(1, Math.round(n / 18));
    else if (!d.urban && d.status !== 'relocated') classes = Math.ceil(n / 25);
    else classes = Math.max(1, Math.round(n / 26));
    while (n / classes > MAX_CLASS_SIZE) classes++;
    classes = Math.min(classes, CLASS_LETTERS.length);
    for (const size of apportion(n, new Array<number>(classes).fill(1))) out.push({ grade: g, size });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Birth dates.

/**
 * Age on 1 September by grade: most children start grade 1 at six (age grade + 5), many at seven (grade + 6); a few
 * started at five or repeated a year. Within a birth year, summer-born children more often start a year later.
 * Source for the rule: Закон «Про повну загальну середню освіту», ст. 12 (початкова освіта здобувається, як
 * правило, з шести років).
 */
const AGE_OFFSETS: readonly { offset: number; share: number; monthWeight: (month: number) => number }[] = [
  { offset: 4, share: 0.005, monthWeight: (m) => (m >= 9 && m <= 11 ? 1 : 0) },
  { offset: 5, share: 0.6, monthWeight: (m) => (m >= 9 || m <= 2 ? 1.2 : m <= 5 ? 1 : 0.6) },
  { offset: 6, share: 0.385, monthWeight: (m) => (m >= 9 || m <= 2 ? 0.4 : m <= 5 ? 0.8 : 2) },
  { offset: 7, share: 0.01, monthWeight: () => 1 },
];

function birthTable(grade: number, startYear: number, children: number, rng: Rng): GradeBirthTable {
  // Born between 2 September of (startYear − grade − 8) and 1 September of (startYear − grade − 4): ages grade + 4
  // to grade + 7 on 1 September of startYear.
  const firstDay = dayOfYmd(startYear - grade - 8, 9, 2);
  const lastDay = dayOfYmd(startYear - grade - 4, 9, 1);
  const days = lastDay - firstDay + 1;
  const density = new Float64Array(days);
  for (const a of AGE_OFFSETS) {
    const from = dayOfYmd(startYear - grade - a.offset - 1, 9, 2);
    const to = dayOfYmd(startYear - grade - a.offset, 9, 1);
    let total = 0;
    for (let d = from; d <= to; d++) total += a.monthWeight(monthOf(d));
    if (total === 0) continue;
    for (let d = from; d <= to; d++) density[d - firstDay]! += (a.share * a.monthWeight(monthOf(d))) / total;
  }
  const counts = apportion(children, [...density]);
  const cumulative = new Int32Array(days);
  let acc = 0;
  for (let i = 0; i < days; i++) {
    acc += counts[i]!;
    cumulative[i] = acc;
  }
  const permutation = new Uint32Array(children);
  for (let i = 0; i < children; i++) permutation[i] = i;
  rng.shuffle(permutation);
  return { firstDay, cumulative, permutation };
}

// ---------------------------------------------------------------------------------------------------------------
// The plan.

function uniqueEdrpou(used: Set<string>, rng: Rng): string {
  for (;;) {
    // Codes of legal entities registered since the 1990s start with 2–4; keep synthetic ones in that range.
    const base = String(rng.int(2_000_000, 4_499_999));
    const code = completeEdrpou(base);
    if (code && !used.has(code)) {
      used.add(code);
      return code;
    }
  }
}

/** The real ЄДРПОУ of the Ministry of Education and Science of Ukraine (public register). */
const MINISTRY_EDRPOU = '38621185';

/**
 * Plans a synthetic data set.
 *
 * @example
 * const index = new TerritoryIndex(codifier, hostilities, '2025-10-01');
 * const plan = buildPlan(index, { preset: 'demo', seed: 1 });
 * plan.summary.records; // ≈ 6 000
 */
export function buildPlan(index: TerritoryIndex, options: SyntheticOptions): SyntheticPlan {
  const startYear = options.schoolYear ?? 2025;
  const sy = schoolYearOfStart(startYear);
  const today = options.today ?? `${startYear}-10-01`;
  if (today < sy.startsOn || today > sy.endsOn)
    throw new RangeError(`today (${today}) must fall in the school year ${sy.label}`);
  if (index.today !== today)
    throw new Error(`the territory index was built for ${index.today}, the plan is for ${today}`);
  const targets = PRESET_TARGETS[options.preset];
  const pupilsTarget = options.pupils ?? targets.pupils;
  const schoolsTarget = options.schools ?? targets.schools;
  const root = Rng.fromSeed(options.seed);
  const rng = root.fork('plan');

  const regionCode = options.regionCode ?? DEFAULT_REGION_CODE;
  const budgets =
    options.preset === 'national'
      ? nationalBudgets(index, pupilsTarget)
      : options.preset === 'region'
        ? regionBudgets(index, index.region(regionCode), pupilsTarget)
        : demoBudgets(index, index.region(regionCode), pupilsTarget, rng.fork('demo'));
  const f = calibrateSchoolSize(budgets, schoolsTarget);
  const drafts = draftsFromBudgets(index, budgets, f, rng.fork('schools'));

  // Organisations, ЄДРПОУ unique across the set.
  const used = new Set<string>([MINISTRY_EDRPOU]);
  // Each code comes from a stream of its organisation's own identity, so it does not change when other
  // organisations are added before it (only a collision, resolved by drawing again, could change it).
  const edrpouRng = rng.fork('edrpou');
  const regions = index.regions.map((r) => {
    const n = regionalDepartmentName(r);
    return {
      key: `region:${r.code}`,
      code: r.code,
      name: n.name,
      shortName: n.shortName,
      edrpou: uniqueEdrpou(used, edrpouRng.fork(`region:${r.code}`)),
    };
  });
  const ouoByHromada = new Map<string, SyntheticOuo>();
  const ouoOf = (h: HromadaInfo): SyntheticOuo => {
    let o = ouoByHromada.get(h.code);
    if (!o) {
      const n = ouoName(h, root.fork(`ouo:${h.code}`));
      o = {
        key: `ouo:${h.code}`,
        hromadaCode: h.code,
        regionCode: h.regionCode,
        name: n.name,
        shortName: n.shortName,
        edrpou: uniqueEdrpou(used, edrpouRng.fork(`ouo:${h.code}`)),
      };
      ouoByHromada.set(h.code, o);
    }
    return o;
  };

  // Numbers of the numbered schools: per hromada for towns, across the city for Kyiv, per oblast for special ones.
  const counters = new Map<string, number>();
  const nextNumber = (key: string) => {
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return n;
  };
  const townsWithSeveral = new Map<string, number>();
  for (const d of drafts) {
    const place = (d.origin?.settlement ?? d.settlement).code;
    townsWithSeveral.set(place, (townsWithSeveral.get(place) ?? 0) + 1);
  }

  const schools: SyntheticSchool[] = [];
  const usedNames = new Set<string>();
  const classRng = rng.fork('classes');
  let recordNo = 1;
  let truthId = 1;
  const gradeCounters = new Array<number>(12).fill(0);
  for (const d of drafts) {
    const schoolRng = classRng.fork(d.identity);
    const nameHromada = d.origin?.hromada ?? d.hromada;
    const nameSettlement = d.origin?.settlement ?? d.settlement;
    const nameRegion = d.region;
    const capital = nameHromada.kind === 'capital_district';
    let number: number | null = null;
    if (d.type === 'special' || d.type === 'other') number = nextNumber(`special:${nameRegion.code}`);
    else if (capital) number = nextNumber('capital');
    else if (nameSettlement.category === 'M' || (townsWithSeveral.get(nameSettlement.code) ?? 0) > 1)
      number = nextNumber(`town:${nameSettlement.code}`);
    if (d.ownership === 'private' || d.ownership === 'state') number = null;
    const nameInput = {
      type: d.type,
      ownership: d.ownership,
      region: nameRegion,
      hromada: nameHromada,
      settlement: nameSettlement,
      number,
      gradeMax: d.gradeMax,
    };
    let naming = schoolName(nameInput, schoolRng);
    // Names are unique: another brand for a private school, a number for a second school of the same name.
    for (let k = 2; usedNames.has(naming.name); k++) {
      const numbered = d.ownership === 'communal' || k > 20;
      naming = schoolName(numbered ? { ...nameInput, number: (number ?? 1) + k - 1 } : nameInput, schoolRng);
    }
    usedNames.add(naming.name);
    const ouo = ouoOf(nameHromada);
    const edrpou = uniqueEdrpou(used, edrpouRng.fork(`school:${d.identity}`));
    const classSizes = classesOf(d, schoolRng);
    const letterCount = new Map<number, number>();
    const classes: SyntheticClass[] = classSizes.map((c) => {
      const k = letterCount.get(c.grade) ?? 0;
      letterCount.set(c.grade, k + 1);
      const letter = CLASS_LETTERS[k]!;
      const cls: SyntheticClass = {
        grade: c.grade,
        letter,
        label: `${c.grade}-${letter}`,
        pupils: c.size,
        duplicateOf: [],
        firstRecordNo: 0,
        firstTruthId: truthId,
        gradeOrdinal: gradeCounters[c.grade]!,
      };
      truthId += c.size;
      gradeCounters[c.grade]! += c.size;
      return cls;
    });
    const pupils = classSizes.reduce((a, c) => a + c.size, 0);
    schools.push({
      index: schools.length,
      key: `school:${edrpou}`,
      edrpou,
      name: naming.name,
      shortName: naming.shortName,
      schoolType: d.type,
      ownership: d.ownership,
      founder: naming.founder,
      regionCode: d.region.code,
      ouoKey: ouo.key,
      hromadaCode: d.hromada.code,
      katottg: d.settlement.code,
      settlementType: d.urban ? 'urban' : 'rural',
      status: d.status,
      originalKatottg: d.origin?.settlement.code ?? null,
      originalHromadaCode: d.origin?.hromada.code ?? null,
      gradeMin: d.gradeMin,
      gradeMax: d.gradeMax,
      instructionLanguage: d.language,
      address: streetAddress(schoolRng, d.urban, false),
      classes,
      pupils,
      records: pupils,
      firstRecordNo: 0,
    });
  }

  const faultRates: FaultRates = { ...DEFAULT_FAULT_RATES, ...options.faultRates };
  const children = truthId - 1;

  // Children enrolled twice: a second record in another school of the same grade, mostly nearby.
  const classStarts: { school: number; classIndex: number; first: number; size: number }[] = [];
  for (const s of schools)
    s.classes.forEach((c, i) =>
      classStarts.push({ school: s.index, classIndex: i, first: c.firstTruthId, size: c.pupils }),
    );
  const locateChild = (id: number) => {
    let lo = 0;
    let hi = classStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (classStarts[mid]!.first <= id) lo = mid;
      else hi = mid - 1;
    }
    const c = classStarts[lo]!;
    if (id < c.first || id >= c.first + c.size) throw new RangeError(`no child ${id}`);
    return { school: c.school, classIndex: c.classIndex, seat: id - c.first };
  };
  const byHromada = new Map<string, number[]>();
  const byRegion = new Map<string, number[]>();
  for (const s of schools) {
    if (s.pupils === 0) continue;
    (byHromada.get(s.hromadaCode) ?? byHromada.set(s.hromadaCode, []).get(s.hromadaCode)!).push(s.index);
    (byRegion.get(s.regionCode) ?? byRegion.set(s.regionCode, []).get(s.regionCode)!).push(s.index);
  }
  const withPupils = schools.filter((s) => s.pupils > 0).map((s) => s.index);
  const duplicateRng = rng.fork('duplicates');
  const duplicated = new Set<number>();
  const duplicateLists = new Map<SyntheticClass, number[]>();
  const wantedDuplicates = Math.round(children * faultRates.duplicateEnrollment);
  for (let attempt = 0; duplicated.size < wantedDuplicates && attempt < wantedDuplicates * 20; attempt++) {
    const id = duplicateRng.int(1, children);
    if (duplicated.has(id)) continue;
    const at = locateChild(id);
    const source = schools[at.school]!;
    const grade = source.classes[at.classIndex]!.grade;
    const x = duplicateRng.float();
    const candidates =
      x < 0.5 ? byHromada.get(source.hromadaCode)! : x < 0.95 ? byRegion.get(source.regionCode)! : withPupils;
    const targetIndex = duplicateRng.pick(candidates);
    if (targetIndex === source.index) continue;
    const target = schools[targetIndex]!;
    const sameGrade = target.classes.filter((c) => c.grade === grade);
    if (sameGrade.length === 0) continue;
    const cls = duplicateRng.pick(sameGrade);
    duplicated.add(id);
    const list = duplicateLists.get(cls) ?? [];
    list.push(id);
    duplicateLists.set(cls, list);
  }
  for (const [cls, list] of duplicateLists) cls.duplicateOf = list;

  // Record numbers, now that every class knows its second records.
  for (const s of schools) {
    s.firstRecordNo = recordNo;
    let records = 0;
    for (const c of s.classes) {
      c.firstRecordNo = recordNo;
      recordNo += c.pupils + c.duplicateOf.length;
      records += c.pupils + c.duplicateOf.length;
    }
    s.records = records;
  }

  const birthRng = rng.fork('birth-dates');
  const birthTables = gradeCounters.map((n, g) =>
    g === 0 || n === 0 ? null : birthTable(g, startYear, n, birthRng.fork(g)),
  );

  const regionSummaries = new Map<string, RegionSummary>();
  for (const r of index.regions) regionSummaries.set(r.code, { code: r.code, name: r.name, schools: 0, pupils: 0 });
  let urbanPupils = 0;
  let classCount = 0;
  for (const s of schools) {
    const rs = regionSummaries.get(s.regionCode)!;
    rs.schools++;
    rs.pupils += s.pupils;
    if (s.settlementType === 'urban') urbanPupils += s.pupils;
    classCount += s.classes.length;
  }

  return {
    preset: options.preset,
    seed: options.seed,
    schoolYear: sy,
    today,
    faultRates,
    ministry: { key: 'ministry', name: MINISTRY_NAME, shortName: MINISTRY_SHORT_NAME, edrpou: MINISTRY_EDRPOU },
    regions,
    ouos: [...ouoByHromada.values()],
    schools,
    summary: {
      schools: schools.length,
      relocatedSchools: schools.filter((s) => s.status === 'relocated').length,
      suspendedSchools: schools.filter((s) => s.status === 'suspended').length,
      pupils: children,
      records: recordNo - 1,
      duplicates: duplicated.size,
      urbanPupils,
      classes: classCount,
      ouos: ouoByHromada.size,
      byRegion: [...regionSummaries.values()],
    },
    birthTables,
    duplicatedChildren: duplicated,
    locateChild,
  };
}

/** Day number of 1 September of the plan's school year (the date ages are counted on). */
export function septemberFirst(plan: SyntheticPlan): number {
  return dayOf(plan.schoolYear.startsOn);
}
