/**
 * From a registry snapshot to the inputs of each local budget: its schools' pupils by group and level, the classes
 * of group I, the pupils the adjustments count, and the territorial indicators (pupil density, rural share) that set
 * its normative class size.
 *
 * Counts are kept in twelfths of a pupil (integers): the school-size rule counts a small school's pupils only for the
 * months of the budget year before the rule takes effect, so a pupil may count 8/12.
 */
import { URBAN_CATEGORIES } from '../territory';
import { assignBudget, type Assignment, type BudgetKind, type Exclusion, type Place } from './budgets';
import {
  lookupClassSize,
  parseClassSizeTable,
  type ClassSizeCell,
  type ParsedClassSizeTable,
} from './class-size-table';
import { parseDecimal, SCALE, type Ratio } from './decimal';
import { GROUP_IDS, groupOf, LEVELS, type GroupId, type Level } from './groups';
import type { SubventionParameters } from './parameters';
import type { BudgetTerritory, RegistrySnapshot, SchoolRecord } from './snapshot';

export type LevelCounts = Record<Level, number>;
export type GroupCounts = Record<GroupId, LevelCounts>;

const zeroLevels = (): LevelCounts => ({ primary: 0, basic: 0, profile: 0 });
const zeroGroups = (): GroupCounts => ({
  I: zeroLevels(),
  II: zeroLevels(),
  III: zeroLevels(),
  IV: zeroLevels(),
  V: zeroLevels(),
  VI: zeroLevels(),
});

/** The small-school rule as it applies to one school. */
export interface SmallSchool {
  /** The least number of pupils the school's grade span needs. */
  minPupils: number;
  span: string;
  /** Months of the budget year for which the school's pupils still count (0–11). */
  keptMonths: number;
}

/** One school's contribution to its budget. */
export interface SchoolLine {
  school: SchoolRecord;
  budgetCode: string;
  budgetKind: BudgetKind;
  place: Place;
  relocated: boolean;
  rural: boolean;
  /** Pupils counted on the date (whole pupils, before the school-size rule). */
  pupils: number;
  groups: GroupCounts;
  /** Classes of group I by level. */
  classes: LevelCounts;
  specialNeeds: number;
  minorityLanguage: number;
  transport: number;
  mountain: number;
  /** Months of the budget year the school's pupils count for (12, or fewer under the school-size rule). */
  keptMonths: number;
  smallSchool: SmallSchool | null;
}

export interface ExcludedSchool {
  school: SchoolRecord;
  reason: Exclusion;
  pupils: number;
}

/** Counts in twelfths of a pupil (a pupil counted for the whole year is 12). */
export interface WeightedCounts {
  groups: Record<GroupId, Record<Level, bigint>>;
  classes: Record<Level, bigint>;
  specialNeeds: bigint;
  minorityLanguage: bigint;
  transport: bigint;
  mountain: bigint;
}

export type NormSource = 'table' | 'city-special-status' | 'city-listed' | 'city-urban-hromada';

export interface BudgetIndicators {
  /** Whose pupils the indicators describe: the budget's own, or the whole oblast's for an oblast budget. */
  scope: 'budget' | 'oblast';
  pupils: number;
  ruralPupils: number;
  settlements: number;
  /** km² × 10⁶. */
  areaScaled: bigint;
  areaSource: 'parameter' | 'proxy';
  /** Pupils per km². */
  density: Ratio;
  /** Percent of pupils in rural schools. */
  ruralSharePct: Ratio;
}

export interface BudgetNorm {
  source: NormSource;
  /** Pupils per class × 10⁶. */
  scaled: bigint;
  cell: ClassSizeCell | null;
}

export interface BudgetInputs {
  code: string;
  kind: BudgetKind;
  name: string;
  oblastCode: string;
  oblastName: string;
  territory: BudgetTerritory | null;
  lines: SchoolLine[];
  /** Pupils counted on the date (whole pupils). */
  pupils: number;
  totals: {
    groups: GroupCounts;
    classes: LevelCounts;
    specialNeeds: number;
    minorityLanguage: number;
    transport: number;
    mountain: number;
  };
  weighted: WeightedCounts;
  indicators: BudgetIndicators;
  norm: BudgetNorm;
  reduction: { applies: boolean; reason: 'occupied' | 'listed' | null };
}

export interface BudgetInputSet {
  budgets: BudgetInputs[];
  excluded: ExcludedSchool[];
}

/**
 * Months of budget year `year` before a rule effective from `from` takes effect: 12 when it starts after the year,
 * 0 when it started before; otherwise the months before the first whole month of effect (from 2026-09-01: 8 in 2026).
 */
export function monthsBefore(from: string, year: number): number {
  const fy = Number(from.slice(0, 4));
  const fm = Number(from.slice(5, 7));
  const fd = Number(from.slice(8, 10));
  if (fy > year) return 12;
  if (fy < year) return 0;
  // A rule taking effect mid-month applies from the next whole month.
  return fd === 1 ? fm - 1 : fm;
}

/** The grade span of a school: as recorded, else from the levels it teaches. */
function gradeSpan(school: SchoolRecord, levels: ReadonlySet<Level>): [number, number] | null {
  if (school.gradeMin !== null && school.gradeMax !== null) return [school.gradeMin, school.gradeMax];
  if (levels.size === 0) return null;
  const from = levels.has('primary') ? 1 : levels.has('basic') ? 5 : 10;
  const to = levels.has('profile') ? 11 : levels.has('basic') ? 9 : 4;
  return [from, to];
}

function smallSchoolRule(
  school: SchoolRecord,
  pupils: number,
  levels: ReadonlySet<Level>,
  params: SubventionParameters,
): SmallSchool | null {
  const rule = params.minimumSchoolSize.value;
  const kept = monthsBefore(rule.effectiveFrom, params.budgetYear);
  if (kept === 12) return null;
  if (school.schoolType !== null && rule.exemptSchoolTypes.includes(school.schoolType)) return null;
  const span = gradeSpan(school, levels);
  if (!span || span[1] <= 4) return null; // a primary school by its grades is exempt too
  const threshold = rule.thresholds.find((t) => span[0] <= t.gradeFrom && span[1] >= t.gradeTo);
  if (!threshold || pupils >= threshold.minPupils) return null;
  return { minPupils: threshold.minPupils, span: `${span[0]}–${span[1]}`, keptMonths: kept };
}

function isRural(place: Place, school: SchoolRecord): boolean {
  if (place.category === 'C') return true;
  if (URBAN_CATEGORIES.has(place.category)) return false;
  return school.settlementType === 'rural';
}

/** A school's counts while the cells are read: group × level in one flat array (index group·3 + level). */
interface Accumulator {
  pupils: number;
  counts: Float64Array;
  classes: Float64Array;
  specialNeeds: number;
  minorityLanguage: number;
  transport: number;
  /** Levels taught, as bits (1 primary, 2 basic, 4 profile). */
  levels: number;
}

const GROUP_INDEX: Readonly<Record<GroupId, number>> = { I: 0, II: 1, III: 2, IV: 3, V: 4, VI: 5 };
const LEVEL_INDEX: Readonly<Record<Level, number>> = { primary: 0, basic: 1, profile: 2 };

function levelSet(bits: number): Set<Level> {
  return new Set(LEVELS.filter((_, i) => bits & (1 << i)));
}

function groupCounts(counts: Float64Array): GroupCounts {
  const at = (g: number): LevelCounts => ({
    primary: counts[g * 3]!,
    basic: counts[g * 3 + 1]!,
    profile: counts[g * 3 + 2]!,
  });
  return { I: at(0), II: at(1), III: at(2), IV: at(3), V: at(4), VI: at(5) };
}

/** Every school's line (or why it counts for no budget), from the snapshot. */
export function schoolLines(
  snapshot: RegistrySnapshot,
  params: SubventionParameters,
): { lines: SchoolLine[]; excluded: ExcludedSchool[] } {
  const languages = new Set(params.adjustments.minorityLanguages.value);
  const mountain = new Set(params.adjustments.mountainSettlements.value);
  const bySchool = new Map<string, Accumulator>();
  const schools = new Map(snapshot.schools.map((s) => [s.id, s]));
  const acc = (id: string) => {
    let a = bySchool.get(id);
    if (!a) {
      a = {
        pupils: 0,
        counts: new Float64Array(18),
        classes: new Float64Array(3),
        specialNeeds: 0,
        minorityLanguage: 0,
        transport: 0,
        levels: 0,
      };
      bySchool.set(id, a);
    }
    return a;
  };
  // Cells arrive school by school (the server groups them): look a school up once per run of its cells.
  let lastId = '';
  let school: SchoolRecord | undefined;
  let a: Accumulator | undefined;
  for (const c of snapshot.cells) {
    if (c.pupils <= 0) continue;
    if (c.schoolId !== lastId) {
      lastId = c.schoolId;
      school = schools.get(c.schoolId);
      a = school ? acc(c.schoolId) : undefined;
    }
    if (!school || !a) continue;
    const group = groupOf(school.schoolType, c.educationForm);
    const li = LEVEL_INDEX[c.level];
    a.pupils += c.pupils;
    a.counts[GROUP_INDEX[group] * 3 + li]! += c.pupils;
    a.levels |= 1 << li;
    if (c.specialNeeds && group === 'I') a.specialNeeds += c.pupils;
    if (languages.has(c.instructionLanguage)) a.minorityLanguage += c.pupils;
    if (c.livesElsewhere && school.status !== 'relocated' && (group === 'I' || group === 'II' || group === 'III'))
      a.transport += c.pupils;
  }
  for (const k of snapshot.classes) {
    const of = schools.get(k.schoolId);
    // Classes matter for group I only: the class forms of a school whose pupils are group I.
    if (!of || groupOf(of.schoolType, 'day') !== 'I') continue;
    acc(k.schoolId).classes[LEVEL_INDEX[k.level]]! += k.classes;
  }
  const lines: SchoolLine[] = [];
  const excluded: ExcludedSchool[] = [];
  const privateSchools = params.budgets.privateSchools.value;
  for (const school of snapshot.schools) {
    const a = bySchool.get(school.id);
    const assignment: Assignment = assignBudget(school, { privateSchools });
    if ('excluded' in assignment) {
      if (a && a.pupils > 0) excluded.push({ school, reason: assignment.excluded, pupils: a.pupils });
      continue;
    }
    if (!a || a.pupils === 0) continue;
    const small = smallSchoolRule(school, a.pupils, levelSet(a.levels), params);
    const place = assignment.place;
    const inMountains =
      mountain.size > 0 &&
      (mountain.has(place.code) || (place.hromadaCode !== null && mountain.has(place.hromadaCode)));
    lines.push({
      school,
      budgetCode: assignment.budgetCode,
      budgetKind: assignment.kind,
      place,
      relocated: assignment.relocated,
      rural: isRural(place, school),
      pupils: a.pupils,
      groups: groupCounts(a.counts),
      classes: { primary: a.classes[0]!, basic: a.classes[1]!, profile: a.classes[2]! },
      specialNeeds: a.specialNeeds,
      minorityLanguage: a.minorityLanguage,
      transport: a.transport,
      mountain: inMountains ? a.pupils : 0,
      keptMonths: small ? small.keptMonths : 12,
      smallSchool: small,
    });
  }
  return { lines, excluded };
}

/** The parameters the inputs need, read once per allocation. */
interface Prepared {
  params: SubventionParameters;
  cityNorm: bigint;
  urban: { maxPct: bigint; minPupils: number } | null;
  table: ParsedClassSizeTable;
  km2PerSettlement: bigint;
  areas: ReadonlyMap<string, bigint>;
}

function prepare(params: SubventionParameters): Prepared {
  const urban = params.classSize.cityBudgets.value.urbanHromadas;
  return {
    params,
    cityNorm: parseDecimal(params.classSize.cityNorm.value),
    urban: urban ? { maxPct: parseDecimal(urban.maxRuralSharePct), minPupils: urban.minPupils } : null,
    table: parseClassSizeTable(params.classSize.table.value),
    km2PerSettlement: parseDecimal(params.density.km2PerSettlement.value),
    areas: new Map(Object.entries(params.density.areasKm2.value).map(([code, a]) => [code, parseDecimal(a)])),
  };
}

function areaOf(code: string, settlements: number, p: Prepared) {
  const given = p.areas.get(code);
  if (given !== undefined) return { areaScaled: given, areaSource: 'parameter' as const };
  // Kyiv and Sevastopol have districts, not settlements, under them: count at least one.
  return { areaScaled: BigInt(Math.max(1, settlements)) * p.km2PerSettlement, areaSource: 'proxy' as const };
}

function indicatorsOf(
  scope: 'budget' | 'oblast',
  lines: readonly SchoolLine[],
  territory: BudgetTerritory | null,
  code: string,
  p: Prepared,
): BudgetIndicators {
  let pupils = 0;
  let ruralPupils = 0;
  for (const l of lines) {
    pupils += l.pupils;
    if (l.rural) ruralPupils += l.pupils;
  }
  const settlements = territory?.settlements ?? 0;
  const { areaScaled, areaSource } = areaOf(code, settlements, p);
  return {
    scope,
    pupils,
    ruralPupils,
    settlements,
    areaScaled,
    areaSource,
    density: { num: BigInt(pupils) * SCALE, den: areaScaled },
    ruralSharePct: pupils === 0 ? { num: 0n, den: 1n } : { num: BigInt(ruralPupils) * 100n, den: BigInt(pupils) },
  };
}

function normOf(
  code: string,
  kind: BudgetKind,
  indicators: BudgetIndicators,
  territory: BudgetTerritory | null,
  p: Prepared,
): BudgetNorm {
  const cities = p.params.classSize.cityBudgets.value;
  if (cities.codes.includes(code)) return { source: 'city-listed', scaled: p.cityNorm, cell: null };
  if (kind === 'city' && cities.specialStatusCities)
    return { source: 'city-special-status', scaled: p.cityNorm, cell: null };
  if (
    p.urban &&
    kind === 'hromada' &&
    territory?.hasCity === true &&
    indicators.pupils >= p.urban.minPupils &&
    indicators.ruralSharePct.num * SCALE <= p.urban.maxPct * indicators.ruralSharePct.den
  )
    return { source: 'city-urban-hromada', scaled: p.cityNorm, cell: null };
  const cell = lookupClassSize(p.table, indicators.density, indicators.ruralSharePct);
  return { source: 'table', scaled: parseDecimal(cell.value), cell };
}

function weightedOf(lines: readonly SchoolLine[]): WeightedCounts {
  // Twelfths stay exact in floating point far beyond any count of pupils (2^53); BigInt only for the sums.
  const g12 = GROUP_IDS.map(() => [0, 0, 0]);
  const c12 = [0, 0, 0];
  let specialNeeds = 0;
  let minorityLanguage = 0;
  let transport = 0;
  let mountain = 0;
  for (const l of lines) {
    const m = l.keptMonths;
    GROUP_IDS.forEach((g, gi) => {
      const row = l.groups[g];
      const acc = g12[gi]!;
      acc[0]! += row.primary * m;
      acc[1]! += row.basic * m;
      acc[2]! += row.profile * m;
    });
    c12[0]! += l.classes.primary * m;
    c12[1]! += l.classes.basic * m;
    c12[2]! += l.classes.profile * m;
    specialNeeds += l.specialNeeds * m;
    minorityLanguage += l.minorityLanguage * m;
    transport += l.transport * m;
    mountain += l.mountain * m;
  }
  const levels = (x: number[]) => ({ primary: BigInt(x[0]!), basic: BigInt(x[1]!), profile: BigInt(x[2]!) });
  return {
    groups: Object.fromEntries(GROUP_IDS.map((g, gi) => [g, levels(g12[gi]!)])) as unknown as WeightedCounts['groups'],
    classes: levels(c12),
    specialNeeds: BigInt(specialNeeds),
    minorityLanguage: BigInt(minorityLanguage),
    transport: BigInt(transport),
    mountain: BigInt(mountain),
  };
}

function totalsOf(lines: readonly SchoolLine[]): BudgetInputs['totals'] {
  const groups = zeroGroups();
  const classes = zeroLevels();
  const t = { groups, classes, specialNeeds: 0, minorityLanguage: 0, transport: 0, mountain: 0 };
  for (const l of lines) {
    for (const g of GROUP_IDS) for (const lv of LEVELS) groups[g][lv] += l.groups[g][lv];
    for (const lv of LEVELS) classes[lv] += l.classes[lv];
    t.specialNeeds += l.specialNeeds;
    t.minorityLanguage += l.minorityLanguage;
    t.transport += l.transport;
    t.mountain += l.mountain;
  }
  return t;
}

/** A budget's schools and the counts that depend on them only, not on the parameters a scenario changes. */
interface BudgetGroup {
  code: string;
  own: SchoolLine[];
  /** For an oblast budget: every line of its oblast (its schools serve the whole oblast). */
  oblastLines: SchoolLine[];
  pupils: number;
  totals: BudgetInputs['totals'];
  weighted: WeightedCounts;
}

interface GroupedLines {
  excluded: ExcludedSchool[];
  groups: BudgetGroup[];
}

/**
 * The parameters the school lines depend on. A scenario usually changes coefficients, the class-size table or the
 * total — none of these — so a re-run over the same snapshot reuses the lines and the budgets' sums.
 */
function linesKey(snapshot: RegistrySnapshot, params: SubventionParameters): string {
  return JSON.stringify([
    // A guard, should a caller grow a snapshot in place (the snapshot's arrays are read-only by type).
    snapshot.schools.length,
    snapshot.cells.length,
    snapshot.classes.length,
    params.budgetYear,
    params.adjustments.minorityLanguages.value,
    params.adjustments.mountainSettlements.value,
    params.minimumSchoolSize.value,
    params.budgets.privateSchools.value,
  ]);
}

const MAX_MEMO_PER_SNAPSHOT = 4;
const grouped = new WeakMap<RegistrySnapshot, Map<string, GroupedLines>>();

function groupLines(snapshot: RegistrySnapshot, params: SubventionParameters): GroupedLines {
  const key = linesKey(snapshot, params);
  let memo = grouped.get(snapshot);
  const hit = memo?.get(key);
  if (hit) return hit;
  const { lines, excluded } = schoolLines(snapshot, params);
  const byBudget = new Map<string, SchoolLine[]>();
  const byOblast = new Map<string, SchoolLine[]>();
  for (const l of lines) {
    (byBudget.get(l.budgetCode) ?? byBudget.set(l.budgetCode, []).get(l.budgetCode)!).push(l);
    (byOblast.get(l.place.oblastCode) ?? byOblast.set(l.place.oblastCode, []).get(l.place.oblastCode)!).push(l);
  }
  const groups = [...byBudget.keys()].sort().map((code): BudgetGroup => {
    const own = byBudget.get(code)!;
    return {
      code,
      own,
      oblastLines: byOblast.get(code) ?? own,
      pupils: own.reduce((a, l) => a + l.pupils, 0),
      totals: totalsOf(own),
      weighted: weightedOf(own),
    };
  });
  const result = { excluded, groups };
  if (!memo) grouped.set(snapshot, (memo = new Map<string, GroupedLines>()));
  memo.set(key, result);
  while (memo.size > MAX_MEMO_PER_SNAPSHOT) memo.delete(memo.keys().next().value!);
  return result;
}

/**
 * The inputs of every budget that has pupils on the date, ordered by code, and the schools whose pupils count for no
 * budget. The school lines and the budgets' sums are computed once per snapshot and reused (they are shared between
 * the results: treat them as read-only); the indicators, norms and reductions follow the parameters every time.
 */
export function budgetInputs(snapshot: RegistrySnapshot, params: SubventionParameters): BudgetInputSet {
  const { excluded, groups } = groupLines(snapshot, params);
  const reduction = params.reduction;
  const prepared = prepare(params);
  const budgets: BudgetInputs[] = [];
  for (const g of groups) {
    const { code, own } = g;
    const territory = snapshot.territories.get(code) ?? null;
    const kind = own[0]!.budgetKind;
    const oblastCode = territory?.oblastCode ?? own[0]!.place.oblastCode;
    // An oblast budget's schools serve the whole oblast: its indicators are the oblast's.
    const indicators =
      kind === 'oblast'
        ? indicatorsOf('oblast', g.oblastLines, territory, code, prepared)
        : indicatorsOf('budget', own, territory, code, prepared);
    const reductionReason =
      reduction.scope.value === 'listed'
        ? reduction.budgets.value.includes(code)
          ? ('listed' as const)
          : null
        : territory?.occupied
          ? ('occupied' as const)
          : null;
    budgets.push({
      code,
      kind,
      name: territory?.name ?? code,
      oblastCode,
      oblastName: snapshot.territories.get(oblastCode)?.name ?? oblastCode,
      territory,
      lines: own,
      pupils: g.pupils,
      totals: g.totals,
      weighted: g.weighted,
      indicators,
      norm: normOf(code, kind, indicators, territory, prepared),
      reduction: { applies: reductionReason !== null, reason: reductionReason },
    });
  }
  return { budgets, excluded: [...excluded] };
}
