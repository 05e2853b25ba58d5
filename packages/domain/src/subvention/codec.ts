/**
 * A budget's inputs as JSON, so that an allocation run keeps what each amount was computed from and can explain it
 * later exactly, whatever has changed in the registry since. Integers of twelfths and millionths are written as
 * decimal text (they may exceed 2^53); nothing personal is in them — counts by school only.
 */
import type { Place } from './budgets';
import type { ClassSizeCell } from './class-size-table';
import { GROUP_IDS, LEVELS, type GroupId, type Level } from './groups';
import type { BudgetInputs, BudgetNorm, LevelCounts, NormSource, SchoolLine, WeightedCounts } from './inputs';
import type { BudgetTerritory, SchoolRecord } from './snapshot';

export interface StoredSchoolLine {
  id: string;
  name: string;
  edrpou: string | null;
  regionId: string | null;
  ouoId: string | null;
  schoolType: string | null;
  ownership: string | null;
  status: string;
  gradeMin: number | null;
  gradeMax: number | null;
  place: Place;
  relocated: boolean;
  rural: boolean;
  pupils: number;
  groups: Record<GroupId, LevelCounts>;
  classes: LevelCounts;
  specialNeeds: number;
  minorityLanguage: number;
  transport: number;
  mountain: number;
  keptMonths: number;
  smallSchool: SchoolLine['smallSchool'];
}

export interface StoredBudgetInputs {
  code: string;
  kind: BudgetInputs['kind'];
  name: string;
  oblastCode: string;
  oblastName: string;
  territory: BudgetTerritory | null;
  pupils: number;
  lines: StoredSchoolLine[];
  weighted: {
    groups: Record<GroupId, Record<Level, string>>;
    classes: Record<Level, string>;
    specialNeeds: string;
    minorityLanguage: string;
    transport: string;
    mountain: string;
  };
  indicators: Omit<BudgetInputs['indicators'], 'areaScaled' | 'density' | 'ruralSharePct'> & {
    areaScaled: string;
    density: [string, string];
    ruralSharePct: [string, string];
  };
  norm: { source: NormSource; scaled: string; cell: ClassSizeCell | null };
  reduction: BudgetInputs['reduction'];
  totals: BudgetInputs['totals'];
}

const mapLevels = <A, B>(x: Record<Level, A>, f: (a: A) => B): Record<Level, B> =>
  Object.fromEntries(LEVELS.map((l) => [l, f(x[l])])) as Record<Level, B>;
const mapGroups = <A, B>(x: Record<GroupId, Record<Level, A>>, f: (a: A) => B): Record<GroupId, Record<Level, B>> =>
  Object.fromEntries(GROUP_IDS.map((g) => [g, mapLevels(x[g], f)])) as Record<GroupId, Record<Level, B>>;

export function encodeBudgetInputs(b: BudgetInputs): StoredBudgetInputs {
  const w = b.weighted;
  return {
    code: b.code,
    kind: b.kind,
    name: b.name,
    oblastCode: b.oblastCode,
    oblastName: b.oblastName,
    territory: b.territory,
    pupils: b.pupils,
    lines: b.lines.map((l) => ({
      id: l.school.id,
      name: l.school.name,
      edrpou: l.school.edrpou,
      regionId: l.school.regionId,
      ouoId: l.school.ouoId,
      schoolType: l.school.schoolType,
      ownership: l.school.ownership,
      status: l.school.status,
      gradeMin: l.school.gradeMin,
      gradeMax: l.school.gradeMax,
      place: l.place,
      relocated: l.relocated,
      rural: l.rural,
      pupils: l.pupils,
      groups: l.groups,
      classes: l.classes,
      specialNeeds: l.specialNeeds,
      minorityLanguage: l.minorityLanguage,
      transport: l.transport,
      mountain: l.mountain,
      keptMonths: l.keptMonths,
      smallSchool: l.smallSchool,
    })),
    weighted: {
      groups: mapGroups(w.groups, String),
      classes: mapLevels(w.classes, String),
      specialNeeds: String(w.specialNeeds),
      minorityLanguage: String(w.minorityLanguage),
      transport: String(w.transport),
      mountain: String(w.mountain),
    },
    indicators: {
      ...b.indicators,
      areaScaled: String(b.indicators.areaScaled),
      density: [String(b.indicators.density.num), String(b.indicators.density.den)],
      ruralSharePct: [String(b.indicators.ruralSharePct.num), String(b.indicators.ruralSharePct.den)],
    },
    norm: { source: b.norm.source, scaled: String(b.norm.scaled), cell: b.norm.cell },
    reduction: b.reduction,
    totals: b.totals,
  };
}

export function decodeBudgetInputs(s: StoredBudgetInputs): BudgetInputs {
  const lines: SchoolLine[] = s.lines.map((l) => {
    const school: SchoolRecord = {
      id: l.id,
      name: l.name,
      edrpou: l.edrpou,
      regionId: l.regionId,
      ouoId: l.ouoId,
      schoolType: l.schoolType,
      ownership: l.ownership,
      founder: null,
      status: l.status,
      location: l.relocated ? null : l.place,
      origin: l.relocated ? l.place : null,
      gradeMin: l.gradeMin,
      gradeMax: l.gradeMax,
      settlementType: null,
    };
    return {
      school,
      budgetCode: s.code,
      budgetKind: s.kind,
      place: l.place,
      relocated: l.relocated,
      rural: l.rural,
      pupils: l.pupils,
      groups: l.groups,
      classes: l.classes,
      specialNeeds: l.specialNeeds,
      minorityLanguage: l.minorityLanguage,
      transport: l.transport,
      mountain: l.mountain,
      keptMonths: l.keptMonths,
      smallSchool: l.smallSchool,
    };
  });
  const weighted: WeightedCounts = {
    groups: mapGroups(s.weighted.groups, BigInt),
    classes: mapLevels(s.weighted.classes, BigInt),
    specialNeeds: BigInt(s.weighted.specialNeeds),
    minorityLanguage: BigInt(s.weighted.minorityLanguage),
    transport: BigInt(s.weighted.transport),
    mountain: BigInt(s.weighted.mountain),
  };
  const norm: BudgetNorm = { source: s.norm.source, scaled: BigInt(s.norm.scaled), cell: s.norm.cell };
  return {
    code: s.code,
    kind: s.kind,
    name: s.name,
    oblastCode: s.oblastCode,
    oblastName: s.oblastName,
    territory: s.territory,
    lines,
    pupils: s.pupils,
    totals: s.totals,
    weighted,
    indicators: {
      ...s.indicators,
      areaScaled: BigInt(s.indicators.areaScaled),
      density: { num: BigInt(s.indicators.density[0]), den: BigInt(s.indicators.density[1]) },
      ruralSharePct: { num: BigInt(s.indicators.ruralSharePct[0]), den: BigInt(s.indicators.ruralSharePct[1]) },
    },
    norm,
    reduction: s.reduction,
  };
}
