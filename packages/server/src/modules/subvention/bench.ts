/**
 * Measures the subvention on the data of an instance, for `npm run bench` (tools/src/bench calls
 * {@link benchSubvention}) and by hand:
 *
 *   DATABASE_URL=postgres://… npx tsx packages/server/src/modules/subvention/bench.ts [--as-of 2025-10-15] [--year 2026]
 *     [--repeat N] [--no-migrate]
 *
 * What it times, each on the national scope:
 * - `coldMs` — the live figure: a full allocation with nothing in the process's memory (as after a restart) from the
 *   maintained inputs: the refresh of the date's materialised cells from the change feed, reading them, the schools
 *   and the codifier's units, then the formula over every budget (the < 1 s target on PostgreSQL);
 * - `rebuildMs` — the same with the date's cells rebuilt from scratch first (the national aggregate over every pupil,
 *   written back): what a date nobody asked for before costs, and what the first allocation cost before the inputs
 *   were maintained;
 * - `refreshIdleMs` — one background refresh of the date when nothing changed;
 * - `warmMs` — the allocation again with the inputs in memory: the refresh (nothing new) and the formula;
 * - `scenarioMs` — a scenario re-run (the class-size table + 1 and the city norm changed) against a cached baseline:
 *   the formula and the comparison (the < 200 ms target).
 */
import { compareAllocations } from '@aikom/domain/subvention/compare';
import { allocate } from '@aikom/domain/subvention/formula';
import { applyScenario, type SubventionParameters } from '@aikom/domain/subvention/parameters';
import { shiftClassSizeTable } from '@aikom/domain/subvention/class-size-table';
import type { AppContext } from '../../context';
import { SubventionService, SYSTEM_SCOPE } from './service';

export interface SubventionBench {
  engine: string;
  asOf: string;
  budgets: number;
  schools: number;
  pupils: number;
  /** Reading the maintained inputs (refresh, materialised cells, schools, territories), nothing in memory. */
  inputsMs: number;
  /** The formula over every budget, in memory. */
  formulaMs: number;
  /** A full allocation with nothing in memory, from the maintained inputs: inputs + formula (the live figure). */
  coldMs: number;
  /** Rebuilding the date's inputs from the pupils (the national aggregate, persisted) and reading them. */
  rebuildInputsMs: number;
  /** A full allocation with the inputs rebuilt from scratch: rebuild + formula. */
  rebuildMs: number;
  /** A refresh of the date's maintained inputs when nothing changed (the background work, every few seconds). */
  refreshIdleMs: number;
  /** A full allocation with the inputs cached. */
  warmMs: number;
  /** A scenario re-run: formula + comparison with the cached baseline. */
  scenarioMs: number;
  /** CPU time of this process for the warm allocation and the scenario re-run (wall time suffers on a busy host). */
  warmCpuMs: number;
  scenarioCpuMs: number;
  gainers: number;
  losers: number;
}

/** The scenario the benchmark re-runs: every normative class size one pupil higher, the city norm 27. */
export function benchScenario(params: SubventionParameters): unknown {
  return {
    classSize: {
      table: { value: shiftClassSizeTable(params.classSize.table.value, '1') },
      cityNorm: { value: '27' },
    },
  };
}

/**
 * Times an allocation with the inputs rebuilt, one from the maintained inputs with nothing in memory, a warm one and
 * a scenario re-run on the instance's data.
 *
 * @example const r = await benchSubvention(ctx, { asOf: '2025-10-15' }); r.coldMs < 1000
 */
export async function benchSubvention(
  ctx: AppContext,
  options: { asOf?: string; budgetYear?: number } = {},
): Promise<SubventionBench> {
  const service = new SubventionService(ctx);
  const asOf = options.asOf ?? service.today();
  const set = await service.resolve(SYSTEM_SCOPE, 'default', undefined, options.budgetYear);

  // From scratch: the date's cells read again from the pupils (nothing in memory either).
  service.snapshots.forget();
  const r0 = performance.now();
  const rebuilt = await service.snapshots.load(SYSTEM_SCOPE, asOf, { rebuild: true });
  allocate(rebuilt.snapshot, set.params);
  const rebuildMs = performance.now() - r0;

  // The live figure: as after a restart, from the maintained cells.
  service.snapshots.forget();
  const t0 = performance.now();
  const cold = await service.allocateLive(SYSTEM_SCOPE, set, asOf);
  const coldMs = performance.now() - t0;

  const i0 = performance.now();
  await service.snapshots.refreshMaintained([asOf]);
  const refreshIdleMs = performance.now() - i0;

  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const t1 = performance.now();
  const c1 = cpu();
  const warm = await service.allocateLive(SYSTEM_SCOPE, set, asOf);
  const warmMs = performance.now() - t1;
  const warmCpuMs = cpu() - c1;

  const scenario = applyScenario(set.params, benchScenario(set.params), 'bench') as SubventionParameters;
  const t2 = performance.now();
  const c2 = cpu();
  const loaded = await service.snapshots.load(SYSTEM_SCOPE, asOf);
  const changed = allocate(loaded.snapshot, scenario);
  const comparison = compareAllocations(warm.allocation, changed, new Map());
  const scenarioMs = performance.now() - t2;
  const scenarioCpuMs = cpu() - c2;

  const a = cold.allocation;
  return {
    engine: ctx.db.engine,
    asOf,
    budgets: a.budgets.length,
    schools: a.budgets.reduce((s, b) => s + b.inputs.lines.length, 0),
    pupils: a.budgets.reduce((s, b) => s + b.inputs.pupils, 0),
    inputsMs: cold.timings.inputsMs,
    formulaMs: cold.timings.computeMs,
    coldMs: Math.round(coldMs),
    rebuildInputsMs: rebuilt.ms,
    rebuildMs: Math.round(rebuildMs),
    refreshIdleMs: Math.round(refreshIdleMs),
    warmMs: Math.round(warmMs),
    scenarioMs: Math.round(scenarioMs),
    warmCpuMs: Math.round(warmCpuMs),
    scenarioCpuMs: Math.round(scenarioCpuMs),
    gainers: comparison.summary.gainers,
    losers: comparison.summary.losers,
  };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const { loadConfig } = await import('../../config');
  const { openRuntime } = await import('../../runtime');
  // --no-migrate: measure a database as it is (migrations and reference data already applied).
  const runtime = await openRuntime(loadConfig(), {
    purpose: 'subvention bench',
    prepare: !process.argv.includes('--no-migrate'),
  });
  try {
    const asOf = arg('--as-of');
    const year = arg('--year');
    const runs = Number(arg('--repeat') ?? 1);
    for (let i = 0; i < runs; i++)
      console.log(
        JSON.stringify(
          await benchSubvention(runtime.ctx, {
            ...(asOf ? { asOf } : {}),
            ...(year ? { budgetYear: Number(year) } : {}),
          }),
        ),
      );
  } finally {
    await runtime.close();
  }
}
