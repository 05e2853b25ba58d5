/**
 * The transition benchmark, for `npm run bench` (tools/src/bench): the year-end transition of every school against
 * a bare INSERT … SELECT that copies the same rows, measured in the same run on the same database.
 *
 * The baseline writes the rows the transition writes into a new table shaped like `enrolment` with the same indexes
 * (LIKE … INCLUDING DEFAULTS INCLUDING INDEXES), as one statement, committed: every open spell of the year as it is
 * once closed (the new version of the row an UPDATE writes) and a new spell for every pupil who goes on to the next
 * year (promoted, or repeating by an exception) — the least a transition that keeps history could cost. It does not
 * check foreign keys, evaluate row-level security or write events: the transition does. The transition then does all
 * its work: it plans each school in the domain, closes every spell, opens the new ones, records exits and pending
 * transfers and writes one event per pupil, with a few set-based statements per batch of schools, each batch one
 * transaction, as the job does. With `undo`, every transition is undone afterwards (timed apart), so the database is
 * as before and the benchmark can run again.
 */
import { schoolYear } from '@aikom/domain/school-year';
import { DEFAULT_GRADES } from '@aikom/domain/validation/context';
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
  /** Rows the baseline wrote: the open spells of the year as closed, and the new spells. */
  baselineRows: number;
  /** Spells the transition wrote: the ones it closed and the ones it opened (the baseline's rows). */
  spellsWritten: number;
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
  const closeDate = schoolYear(from).endsOn;
  const b0 = performance.now();
  await ctx.db.system(async (trx) => {
    const r = await sql`
      WITH open AS (
        SELECT e.*, e.grade < coalesce(o.grade_max, ${DEFAULT_GRADES.max}) AS goes_on, x.kind AS exception
        FROM enrolment e
        JOIN organisation o ON o.id = e.school_id AND o.kind = 'school' AND o.status <> 'closed'
        LEFT JOIN transition_exception x ON x.enrolment_id = e.id
        WHERE e.school_year = ${from} AND e.exit_date IS NULL
      )
      INSERT INTO bench_enrolment_copy (id, person_id, school_id, ouo_id, region_id, school_year, grade, class_letter,
        entry_date, entry_basis, entry_order, exit_date, exit_reason, previous_enrolment_id, transition_id, source,
        created_by, created_at)
      SELECT id, person_id, school_id, ouo_id, region_id, school_year, grade, class_letter, entry_date, entry_basis,
        entry_order, ${closeDate}::date, CASE WHEN goes_on THEN 'promoted' ELSE 'graduated' END,
        previous_enrolment_id, transition_id, source, created_by, created_at
      FROM open
      UNION ALL
      SELECT aikom_uuidv7(), person_id, school_id, ouo_id, region_id, school_year + 1,
        CASE WHEN exception = 'repeat' THEN grade ELSE grade + 1 END, class_letter, ${schoolYear(from + 1).startsOn}::date,
        CASE WHEN exception = 'repeat' THEN 'repeat' ELSE 'promotion' END, NULL, NULL, NULL, id, NULL, 'cli', NULL,
        now()
      FROM open WHERE exception = 'repeat' OR (exception IS NULL AND goes_on)`.execute(trx);
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
    spellsWritten: report.pupils.pupils + report.pupils.promote + report.pupils.repeat,
    baselineMs: Math.round(baselineMs),
    transitionMs: Math.round(transitionMs),
    ratio: Math.round((transitionMs / baselineMs) * 100) / 100,
    pupilsPerSecond: Math.round(report.pupils.pupils / (transitionMs / 1000)),
    undoMs,
  };
}
