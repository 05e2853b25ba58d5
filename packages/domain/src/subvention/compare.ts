/**
 * Two allocations side by side — a scenario against its baseline, or now against a snapshot — as the portal draws
 * them: a sortable table of budgets with their deltas, the chart of the largest gains and losses, a histogram of
 * relative changes and the oblast tile map.
 */
import type { BudgetKind } from './budgets';
import { ratioToPlain, SCALE } from './decimal';
import type { Allocation, BudgetAllocation } from './formula';
import { fillTiles, OBLAST_TILES, percentChange, TILE_GRID, type FilledTile, type TileValue } from './tile-map';

export interface BudgetDelta {
  code: string;
  name: string;
  kind: BudgetKind;
  oblastCode: string;
  oblastName: string;
  /** Pupils counted in the scenario (or now). */
  pupils: number;
  basePupils: number;
  baseKop: bigint;
  scenarioKop: bigint;
  deltaKop: bigint;
  deltaPct: number;
  /** Nр in both, plain decimals. */
  baseWeight: string;
  scenarioWeight: string;
  /** Normative class size in both, plain decimals. */
  baseNorm: string | null;
  scenarioNorm: string | null;
}

export const DELTA_SORTS = ['deltaKop', 'deltaPct', 'scenarioKop', 'baseKop', 'pupils', 'name', 'code'] as const;
export type DeltaSort = (typeof DELTA_SORTS)[number];

/** Bins of the histogram of relative changes, in %. */
export const HISTOGRAM_BOUNDS: readonly number[] = [-10, -5, -2, -0.5, 0.5, 2, 5, 10];

export interface HistogramBin {
  /** Lower bound in % (null: unbounded below). */
  fromPct: number | null;
  /** Upper bound in % (null: unbounded above). */
  toPct: number | null;
  label: string;
  budgets: number;
}

export interface ComparisonSummary {
  budgets: number;
  gainers: number;
  losers: number;
  unchanged: number;
  baseTotalKop: bigint;
  scenarioTotalKop: bigint;
  deltaTotalKop: bigint;
  /** Sum of the gains: how much money changes hands. */
  redistributedKop: bigint;
}

export interface Comparison {
  budgets: BudgetDelta[];
  summary: ComparisonSummary;
  chart: { topGainers: BudgetDelta[]; topLosers: BudgetDelta[]; histogram: HistogramBin[] };
  tileMap: { columns: number; rows: number; tiles: FilledTile[] };
}

const normOf = (b: BudgetAllocation | undefined) =>
  b ? ratioToPlain({ num: b.inputs.norm.scaled, den: SCALE }, 2) : null;
const weightOf = (b: BudgetAllocation | undefined) =>
  b ? ratioToPlain({ num: b.weight.micro, den: SCALE }, 6) : '0.000000';

function binLabel(from: number | null, to: number | null): string {
  const f = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${String(Math.abs(x)).replace('.', ',')} %`;
  if (from === null) return `менше ${f(to!)}`;
  if (to === null) return `понад ${f(from)}`;
  return `від ${f(from)} до ${f(to)}`;
}

/** Sorts deltas by a column (ties by code, so the order is stable). */
export function sortDeltas(rows: readonly BudgetDelta[], sort: DeltaSort, order: 'asc' | 'desc'): BudgetDelta[] {
  const dir = order === 'asc' ? 1 : -1;
  const cmp = (a: BudgetDelta, b: BudgetDelta): number => {
    switch (sort) {
      case 'name':
        return a.name.localeCompare(b.name, 'uk');
      case 'code':
        return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
      case 'deltaPct':
      case 'pupils':
        return a[sort] - b[sort];
      default: {
        const x = a[sort];
        const y = b[sort];
        return x < y ? -1 : x > y ? 1 : 0;
      }
    }
  };
  return [...rows].sort((a, b) => dir * cmp(a, b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * Compares a scenario (or the present) with its baseline budget by budget. A budget present in only one of them
 * counts zero in the other.
 */
export function compareAllocations(
  base: Allocation,
  scenario: Allocation,
  regionNames: ReadonlyMap<string, string>,
): Comparison {
  const before = new Map(base.budgets.map((b) => [b.inputs.code, b]));
  const after = new Map(scenario.budgets.map((b) => [b.inputs.code, b]));
  const codes = [...new Set([...before.keys(), ...after.keys()])].sort();
  const budgets: BudgetDelta[] = codes.map((code) => {
    const a = before.get(code);
    const b = after.get(code);
    const any = (b ?? a)!.inputs;
    const baseKop = a?.amountKop ?? 0n;
    const scenarioKop = b?.amountKop ?? 0n;
    const deltaKop = scenarioKop - baseKop;
    return {
      code,
      name: any.name,
      kind: any.kind,
      oblastCode: any.oblastCode,
      oblastName: any.oblastName,
      pupils: b?.inputs.pupils ?? 0,
      basePupils: a?.inputs.pupils ?? 0,
      baseKop,
      scenarioKop,
      deltaKop,
      deltaPct: baseKop === 0n ? (scenarioKop > 0n ? 100 : 0) : percentChange(baseKop, deltaKop),
      baseWeight: weightOf(a),
      scenarioWeight: weightOf(b),
      baseNorm: normOf(a),
      scenarioNorm: normOf(b),
    };
  });
  const gainers = budgets.filter((d) => d.deltaKop > 0n);
  const losers = budgets.filter((d) => d.deltaKop < 0n);
  const histogram: HistogramBin[] = [null, ...HISTOGRAM_BOUNDS].map((from, i) => {
    const to = HISTOGRAM_BOUNDS[i] ?? null;
    return { fromPct: from, toPct: to, label: binLabel(from, to), budgets: 0 };
  });
  for (const d of budgets) {
    const i = HISTOGRAM_BOUNDS.findIndex((bound) => d.deltaPct < bound);
    histogram[i === -1 ? HISTOGRAM_BOUNDS.length : i]!.budgets++;
  }
  const tiles = new Map<string, TileValue>();
  for (const t of OBLAST_TILES) tiles.set(t.code, { baseKop: 0n, scenarioKop: 0n, gainers: 0, losers: 0, budgets: 0 });
  for (const d of budgets) {
    const t = tiles.get(d.oblastCode);
    if (!t) continue;
    t.baseKop += d.baseKop;
    t.scenarioKop += d.scenarioKop;
    t.budgets++;
    if (d.deltaKop > 0n) t.gainers++;
    if (d.deltaKop < 0n) t.losers++;
  }
  return {
    budgets,
    summary: {
      budgets: budgets.length,
      gainers: gainers.length,
      losers: losers.length,
      unchanged: budgets.length - gainers.length - losers.length,
      baseTotalKop: base.totalKop,
      scenarioTotalKop: scenario.totalKop,
      deltaTotalKop: scenario.totalKop - base.totalKop,
      redistributedKop: gainers.reduce((s, d) => s + d.deltaKop, 0n),
    },
    chart: {
      topGainers: sortDeltas(gainers, 'deltaKop', 'desc').slice(0, 10),
      topLosers: sortDeltas(losers, 'deltaKop', 'asc').slice(0, 10),
      histogram,
    },
    tileMap: { ...TILE_GRID, tiles: fillTiles(tiles, regionNames) },
  };
}
