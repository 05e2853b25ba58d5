/**
 * The transition benchmark, for `npm run bench` (tools/src/bench): the year-end transition of every school against
 * a bare INSERT … SELECT that copies the same rows, measured in the same run on the same database.
 *
 * The baseline copies the open spells of the year into a new table shaped like `enrolment` with the same indexes
 * (LIKE … INCLUDING DEFAULTS INCLUDING INDEXES), as one statement, committed: the least a transition that writes a
 * new spell per pupil could cost. The transition then does all its work: it plans each school in the domain, closes
 * every spell (UPDATE … FROM), opens the new ones (INSERT … SELECT), records exits and pending transfers and writes
 * one event per pupil, in batches of schools, each batch one transaction, as the job does. With `undo`, every
 * transition is undone afterwards (timed apart), so the database is as before and the benchmark can run again.
 */
import { schoolYear } from '@aikom/domain/school-year';
import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { TransitionService, type Initiator } from './service';

export interface TransitionBenchOptions {
  /** The school year that ends, by its first calendar year (the data set must have its open spells). */
  fromYear: number;
  /** Undo every transition afterwards (default true). */
  undo?: boolean;
  /** Schools per transaction (default: the job's). */
  batchSchools?: number;
  /** Legacy data carries validation errors: move those records on with a warning (default `warn`). */
  validationErrors?: 'block' | 'warn';
  onProgress?: (done: number, total: number, note: string) => void;
}

export interface TransitionBenchResult {
  engine: string;
  fromYear: string;
  schools: number;
  blocked: number;
  pupils: number;
  /** Rows the baseline copied (the open spells of the year). */
  baselineRows: number;
  baselineMs: number;
  transitionMs: number;
  /** transitionMs ÷ baselineMs (target ≤ 2). */
  ratio: number;
  pupilsPerSecond: number;
  undoMs: number | null;
}

/** Runs the benchmark on the context's database (PostgreSQL for the national preset). */
export async function benchTransition(
  ctx: AppContext,
  options: TransitionBenchOptions,
): Promise<TransitionBenchResult> {
  const service = new TransitionService(ctx);
  const i: Initiator = { kind: 'operator', command: 'bench transition' };
  const scope = { national: true };
  const from = options.fromYear;
  await service.openYear(i, schoolYear(from + 1).label);
  // Fresh statistics, as after any bulk load; not timed.
  await sql`ANALYZE enrolment`.execute(ctx.db.kysely);
  await sql`ANALYZE person`.execute(ctx.db.kysely);

  await sql`DROP TABLE IF EXISTS bench_enrolment_copy`.execute(ctx.db.kysely);
  await sql`CREATE TABLE bench_enrolment_copy (LIKE enrolment INCLUDING DEFAULTS INCLUDING INDEXES)`.execute(
    ctx.db.kysely,
  );
  options.onProgress?.(0, 1, 'базовий INSERT … SELECT');
  let baselineRows = 0;
  const b0 = performance.now();
  await ctx.db.system(async (trx) => {
    const r = await sql`INSERT INTO bench_enrolment_copy SELECT * FROM enrolment
      WHERE school_year = ${from} AND exit_date IS NULL`.execute(trx);
    baselineRows = Number(r.numAffectedRows ?? 0);
  });
  const baselineMs = performance.now() - b0;
  await sql`DROP TABLE bench_enrolment_copy`.execute(ctx.db.kysely);
  await sql`CHECKPOINT`.execute(ctx.db.kysely).catch(() => undefined);

  const t0 = performance.now();
  const report = await service.runBulk(
    i,
    scope,
    from,
    {},
    { validationErrors: options.validationErrors ?? 'warn' },
    {
      ...(options.batchSchools ? { batchSchools: options.batchSchools } : {}),
      progress: (done, total, note) => options.onProgress?.(done, total, note),
    },
  );
  const transitionMs = performance.now() - t0;

  let undoMs: number | null = null;
  if (options.undo ?? true) {
    const u0 = performance.now();
    await service.undoMany(i, scope, from, {}, options.batchSchools);
    undoMs = Math.round(performance.now() - u0);
  }
  return {
    engine: ctx.db.engine,
    fromYear: schoolYear(from).label,
    schools: report.schools,
    blocked: report.blocked,
    pupils: report.pupils.pupils,
    baselineRows,
    baselineMs: Math.round(baselineMs),
    transitionMs: Math.round(transitionMs),
    ratio: Math.round((transitionMs / baselineMs) * 100) / 100,
    pupilsPerSecond: Math.round(report.pupils.pupils / (transitionMs / 1000)),
    undoMs,
  };
}
