/**
 * Presenters: the engine's exact values (BigInt) to the API's JSON (kopiyky as safe integers, decimals as text).
 */
import { BUDGET_KIND_LABELS } from '@aikom/domain/subvention/budgets';
import { bandLabels } from '@aikom/domain/subvention/class-size-table';
import type { BudgetDelta, Comparison } from '@aikom/domain/subvention/compare';
import { ratioToPlain, SCALE } from '@aikom/domain/subvention/decimal';
import type { Explanation } from '@aikom/domain/subvention/explain';
import { GROUP_IDS, GROUP_LABELS, LEVELS } from '@aikom/domain/subvention/groups';
import type { BudgetInputs, SchoolLine } from '@aikom/domain/subvention/inputs';
import { formatUah, kopiykyToNumber } from '@aikom/domain/subvention/money';
import { counted, SCHOOLS } from '@aikom/domain/subvention/plural';
import type { ParameterChange, SubventionParameters } from '@aikom/domain/subvention/parameters';
import type { FilledTile } from '@aikom/domain/subvention/tile-map';
import type { Static } from 'typebox';
import type {
  BudgetDeltaSchema,
  BudgetInputsSchema,
  ComparisonSchema,
  DeltaTileSchema,
  ExplanationSchema,
  RunSchema,
  SchoolLineSchema,
} from './schemas';

export const kop = (v: bigint) => kopiykyToNumber(v);

export function presentLine(l: SchoolLine): Static<typeof SchoolLineSchema> {
  return {
    id: l.school.id,
    name: l.school.name,
    edrpou: l.school.edrpou,
    status: l.school.status,
    schoolType: l.school.schoolType,
    relocated: l.relocated,
    rural: l.rural,
    placeCode: l.place.code,
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
}

export function presentInputs(b: BudgetInputs, params: SubventionParameters): Static<typeof BudgetInputsSchema> {
  const labels = bandLabels(params.classSize.table.value);
  const groupI = b.totals.groups.I;
  return {
    pupils: b.pupils,
    schools: b.lines.length,
    groups: GROUP_IDS.map((g) => {
      const c = b.totals.groups[g];
      return { group: g, label: GROUP_LABELS[g], ...c, total: c.primary + c.basic + c.profile };
    }),
    classes: b.totals.classes,
    actualClassSize: Object.fromEntries(
      LEVELS.map((l) => [
        l,
        b.totals.classes[l] > 0 ? ratioToPlain({ num: BigInt(groupI[l]), den: BigInt(b.totals.classes[l]) }, 2) : null,
      ]),
    ) as Static<typeof BudgetInputsSchema>['actualClassSize'],
    indicators: {
      scope: b.indicators.scope,
      pupils: b.indicators.pupils,
      ruralPupils: b.indicators.ruralPupils,
      settlements: b.indicators.settlements,
      areaKm2: ratioToPlain({ num: b.indicators.areaScaled, den: SCALE }, 2),
      areaSource: b.indicators.areaSource,
      density: ratioToPlain(b.indicators.density, 4),
      ruralSharePct: ratioToPlain(b.indicators.ruralSharePct, 2),
    },
    norm: {
      value: ratioToPlain({ num: b.norm.scaled, den: SCALE }, 2),
      source: b.norm.source,
      densityBand: b.norm.cell ? (labels.density[b.norm.cell.densityBand] ?? null) : null,
      ruralBand: b.norm.cell ? (labels.rural[b.norm.cell.ruralBand] ?? null) : null,
    },
    adjustments: {
      specialNeeds: b.totals.specialNeeds,
      minorityLanguage: b.totals.minorityLanguage,
      transport: b.totals.transport,
      mountain: b.totals.mountain,
    },
    reduction: {
      applies: b.reduction.applies,
      reason: b.reduction.reason,
      coefficient: b.reduction.applies ? params.reduction.coefficient.value : null,
    },
    relocatedSchools: b.lines.filter((l) => l.relocated).length,
    smallSchools: b.lines.filter((l) => l.smallSchool).length,
  };
}

/**
 * An explanation for a reader: school lines (and the school-size steps that name a school) only for the schools in
 * their scope; the others are summed.
 */
export function presentExplanation(
  e: Explanation,
  inputs: BudgetInputs,
  params: SubventionParameters,
  visible: (line: SchoolLine) => boolean,
): Static<typeof ExplanationSchema> {
  const shown = inputs.lines.filter(visible);
  const hidden = inputs.lines.filter((l) => !visible(l));
  const hiddenIds = new Set(hidden.map((l) => l.school.id));
  const hiddenSmall = hidden.filter((l) => l.smallSchool);
  const steps = e.steps.filter((s) => !(s.key.startsWith('small:') && hiddenIds.has(s.key.slice(6))));
  if (hiddenSmall.length > 0) {
    const at = steps.findIndex((s) => s.key === 'density');
    steps.splice(at, 0, {
      key: 'small:out-of-scope',
      label: 'Правило мінімальної кількості учнів: заклади поза вашою зоною доступу',
      expression: `${counted(hiddenSmall.length, SCHOOLS)} ${hiddenSmall.length % 10 === 1 && hiddenSmall.length % 100 !== 11 ? 'має' : 'мають'} менше учнів, ніж потрібно; їхні учні враховуються за ${hiddenSmall[0]!.keptMonths} з 12 місяців ${params.budgetYear} р.`,
      value: String(hiddenSmall.length),
    });
  }
  return {
    budget: e.budget,
    result: {
      amountKop: kop(e.result.amountKop),
      amountText: e.result.amountText,
      weight: e.result.weight,
      share: e.result.share,
      quotaKop: e.result.quotaKop,
      roundingKop: e.result.roundingKop,
      perPupilKop: e.result.perPupilKop === null ? null : kop(e.result.perPupilKop),
    },
    inputs: presentInputs(inputs, params),
    schools: shown.map(presentLine),
    hiddenSchools: { schools: hidden.length, pupils: hidden.reduce((s, l) => s + l.pupils, 0) },
    steps,
    parameters: e.parameters.map((p) => ({
      path: p.path,
      label: p.label,
      value: p.value,
      source: p.source,
      verified: p.verified,
      ...(p.note ? { note: p.note } : {}),
      used: p.used,
    })),
  };
}

export function presentDelta(d: BudgetDelta): Static<typeof BudgetDeltaSchema> {
  return {
    code: d.code,
    name: d.name,
    kind: d.kind,
    oblastCode: d.oblastCode,
    oblastName: d.oblastName,
    pupils: d.pupils,
    basePupils: d.basePupils,
    baseKop: kop(d.baseKop),
    scenarioKop: kop(d.scenarioKop),
    deltaKop: kop(d.deltaKop),
    deltaPct: d.deltaPct,
    deltaText: formatUah(d.deltaKop, { sign: true }),
    baseWeight: d.baseWeight,
    scenarioWeight: d.scenarioWeight,
    baseNorm: d.baseNorm,
    scenarioNorm: d.scenarioNorm,
  };
}

export function presentTile(t: FilledTile): Static<typeof DeltaTileSchema> {
  return {
    code: t.code,
    name: t.name,
    short: t.short,
    col: t.col,
    row: t.row,
    baseKop: kop(t.baseKop),
    scenarioKop: kop(t.scenarioKop),
    deltaKop: kop(t.deltaKop),
    deltaPct: t.deltaPct,
    gainers: t.gainers,
    losers: t.losers,
    budgets: t.budgets,
  };
}

export function presentComparisonParts(c: Comparison) {
  return {
    summary: {
      budgets: c.summary.budgets,
      gainers: c.summary.gainers,
      losers: c.summary.losers,
      unchanged: c.summary.unchanged,
      baseTotalKop: kop(c.summary.baseTotalKop),
      scenarioTotalKop: kop(c.summary.scenarioTotalKop),
      deltaTotalKop: kop(c.summary.deltaTotalKop),
      redistributedKop: kop(c.summary.redistributedKop),
    },
    chart: {
      topGainers: c.chart.topGainers.map(presentDelta),
      topLosers: c.chart.topLosers.map(presentDelta),
      histogram: c.chart.histogram,
    },
    tileMap: { columns: c.tileMap.columns, rows: c.tileMap.rows, tiles: c.tileMap.tiles.map(presentTile) },
  };
}

export function presentChanges(
  changes: readonly ParameterChange[],
): Static<typeof ComparisonSchema>['scenario']['changes'] {
  return changes.map((c) => ({ path: c.path, label: c.label, before: c.before, after: c.after }));
}

export function presentRun(
  r: {
    id: string;
    set_id: string;
    set_version: number;
    budget_year: number;
    as_of: string;
    status: string;
    total_kop: number | null;
    weight_sum_micro: number | null;
    data_version: string | null;
    summary: Record<string, unknown>;
    error: unknown;
    job_id: string | null;
    created_by: string | null;
    created_at: Date;
    computed_at: Date | null;
  },
  setName: string,
): Static<typeof RunSchema> {
  return {
    id: r.id,
    parameterSet: { id: r.set_id, version: r.set_version, name: setName },
    budgetYear: r.budget_year,
    asOf: r.as_of,
    status: r.status as Static<typeof RunSchema>['status'],
    totalKop: r.total_kop,
    totalText: r.total_kop === null ? null : formatUah(BigInt(r.total_kop)),
    weightSum: r.weight_sum_micro === null ? null : ratioToPlain({ num: BigInt(r.weight_sum_micro), den: SCALE }, 6),
    dataVersion: r.data_version,
    summary: r.summary,
    error: r.error ?? null,
    jobId: r.job_id,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    computedAt: r.computed_at ? new Date(r.computed_at).toISOString() : null,
  };
}

export { BUDGET_KIND_LABELS };
