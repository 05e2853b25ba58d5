/**
 * Figures of the reports for `npm run bench` (tools/src/bench calls `benchReports`) and for a direct run:
 *
 *   DATABASE_URL=postgres://… npx tsx packages/server/src/modules/reports/bench.ts [--date 2025-09-05] [--runs 20]
 *
 * (on a database seeded by `aikom seed`; the direct run does not migrate it).
 *
 * Measured in the same run: ZNZ-1 of one school (live from its spells), the national roll-up of the main tables
 * from the materialised ОУО sums, the whole national report (with coverage, out-of-date check, flagged schools), and
 * the naive baseline — the same main tables aggregated from every open spell.
 */
import { contingentCells } from '@aikom/domain/reports/znz1-aggregate';
import { classCells } from '@aikom/domain/reports/znz1-aggregate';
import type { AppContext } from '../../context';
import { loadConfig } from '../../config';
import { openRuntime } from '../../runtime';
import { NaiveRollupRepository } from './repository';
import { ReportService } from './service';

/** Cells of the main tables: section 1 (classes, pupils, girls by grade), sections 2, 3 and 4. */
export const isMainTableCell = (id: string) => /^1\.\d+\.[123]$/.test(id) || /^[234]\./.test(id);

/** The naive national roll-up of the main tables: one aggregation over every spell open on the date. */
export async function naiveNationalMainTables(ctx: AppContext, asOf: string): Promise<Record<string, number>> {
  const repo = new NaiveRollupRepository();
  const schoolYear = new ReportService(ctx).resolveDate(asOf).schoolYear;
  return ctx.db.scoped({ national: true }, async (trx) => {
    const out: Record<string, number> = {};
    const add = (id: string, n: number) => (out[id] = (out[id] ?? 0) + n);
    for (const g of await repo.groups(trx, asOf)) {
      const fact = {
        grade: g.grade,
        classLetter: '',
        sex: g.sex,
        birthYear: g.birth_year,
        educationForm: g.education_form,
        instructionLanguage: g.instruction_language,
        specialNeeds: false,
        displacement: 'none',
        originRegion: null,
        country: null,
        contact: 'in_contact',
        hasErrors: false,
        hasWarnings: false,
      };
      const ctxFact = { schoolYear, inclusive: false, specialSchool: false, settlementType: null };
      for (const id of contingentCells(fact, ctxFact)) if (isMainTableCell(id)) add(id, g.n);
    }
    for (const c of await repo.classes(trx, asOf)) for (const id of classCells(c.grade, false)) add(id, c.classes);
    return out;
  });
}

/** The main-table cells of the materialised national roll-up. */
export async function nationalMainTables(ctx: AppContext, asOf: string): Promise<Record<string, number>> {
  const service = new ReportService(ctx);
  const cells = await ctx.db.scoped({ national: true }, (trx) => service.repo.rollupCells(trx, asOf, {}));
  return Object.fromEntries(Object.entries(cells).filter(([id]) => isMainTableCell(id)));
}

export interface Timing {
  name: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
}

async function time(name: string, runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  await fn(); // warm: plans, caches, the first connection
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    name,
    runs,
    medianMs: round(ms[Math.floor(ms.length / 2)]!),
    p95Ms: round(ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))]!),
    minMs: round(ms[0]!),
  };
}

export interface ReportBench {
  engine: string;
  asOf: string;
  pupils: number;
  schools: number;
  timings: Timing[];
  /** naive ÷ materialised, for the national main tables. */
  speedup: number;
  /** Whether the materialised and the naive main tables agree. */
  agree: boolean;
}

/**
 * Runs the report benchmarks on a database that has pupils and a built roll-up for the date (builds it when
 * missing). The baseline (naive) runs fewer times: it reads every spell.
 */
export async function benchReports(
  ctx: AppContext,
  options: { date?: string; runs?: number; naiveRuns?: number } = {},
): Promise<ReportBench> {
  const service = new ReportService(ctx);
  const d = service.resolveDate(options.date);
  const runs = options.runs ?? 20;
  await service.refresh('cli', { date: d.asOf });
  const school = await ctx.db.kysely
    .selectFrom('enrolment')
    .select(['school_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('exit_date', 'is', null)
    .groupBy('school_id')
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const totals = await ctx.db.kysely
    .selectFrom('organisation')
    .select((eb) => eb.fn.countAll<number>().as('schools'))
    .where('kind', '=', 'school')
    .executeTakeFirstOrThrow();
  const timings = [
    await time('znz1 of the largest school (live, audited)', runs, () =>
      service.znz1('cli', school.school_id, { date: d.asOf }),
    ),
    await time('national roll-up of the main tables (materialised)', runs, () => nationalMainTables(ctx, d.asOf)),
    await time('national report (materialised, with coverage and checks)', runs, () =>
      service.rollup('cli', 'nation', undefined, { date: d.asOf }),
    ),
    await time('national roll-up of the main tables (naive, from every spell)', options.naiveRuns ?? 3, () =>
      naiveNationalMainTables(ctx, d.asOf),
    ),
  ];
  const [materialised, naive] = [await nationalMainTables(ctx, d.asOf), await naiveNationalMainTables(ctx, d.asOf)];
  const keys = new Set([...Object.keys(materialised), ...Object.keys(naive)]);
  const agree = [...keys].every((k) => (materialised[k] ?? 0) === (naive[k] ?? 0));
  return {
    engine: ctx.db.engine,
    asOf: d.asOf,
    pupils: materialised['1.16.2'] ?? 0,
    schools: Number(totals.schools),
    timings,
    speedup: Math.round((timings[3]!.medianMs / timings[1]!.medianMs) * 10) / 10,
    agree,
  };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  // A benchmark measures a database as it is (seeded and migrated by `aikom seed`): it does not migrate it.
  const runtime = await openRuntime(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }), {
    purpose: 'reports bench',
    prepare: false,
  });
  try {
    const result = await benchReports(runtime.ctx, {
      ...(arg('--date') ? { date: arg('--date')! } : {}),
      runs: Number(arg('--runs') ?? 20),
    });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await runtime.close();
  }
}
