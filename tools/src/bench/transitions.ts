import { benchTransition } from '@aikom/server/modules/transitions/bench';
import type { Runtime } from '@aikom/server/runtime';
import { sql } from 'kysely';
import { fmt, type Benchmark } from './harness';

/**
 * The year-end transition of every school of the loaded data set (the national preset; `--scale region` for the
 * region one) on PostgreSQL, against a bare INSERT … SELECT that writes the same spells (every open spell as closed,
 * and the new ones), measured in the same run; every transition is undone afterwards, so the data set is as before
 * for the benchmarks after this one.
 */
export const transitionNational: Benchmark = {
  name: 'transition-postgres',
  issue: 6,
  after: ['load-national-postgres'],
  description: 'Year-end transition of every school on PostgreSQL, against a bare INSERT … SELECT of the same rows',
  async run(ctx) {
    const rt = ctx.shared.get('national') as Runtime;
    const current = await sql<{ id: number }>`
      SELECT school_year AS id FROM enrolment WHERE exit_date IS NULL
      GROUP BY school_year ORDER BY count(*) DESC LIMIT 1`.execute(rt.ctx.db.kysely);
    const fromYear = current.rows[0]?.id;
    if (fromYear === undefined) throw new Error('the data set has no open spells');
    let last = 0;
    const r = await benchTransition(rt.ctx, {
      fromYear,
      onProgress: (done, total) => {
        if (done - last >= Math.max(1, Math.floor(total / 20)) || done === total) {
          last = done;
          process.stderr.write(`\r  ${done}/${total} schools   `);
        }
      },
    });
    process.stderr.write('\n');
    ctx.log(
      `  ${r.schools} schools (${r.blocked} blocked), ${r.pupils} pupils, ${fmt(r.pupilsPerSecond)} pupils/s; undo ${fmt((r.undoMs ?? 0) / 1000)} s`,
    );
    const national = ctx.scale === 'national';
    return [
      {
        metric: `transition of ${r.pupils} pupils in ${r.schools} schools (${r.fromYear}) on ${r.engine}`,
        value: r.transitionMs / 1000,
        unit: 's',
        baseline: {
          name: `bare INSERT … SELECT of ${r.baselineRows} spells (the transition closed ${r.pupils} and opened ${r.spellsWritten - r.pupils})`,
          value: r.baselineMs / 1000,
        },
        ratio: r.ratio,
        target: '≤ 2× the bare INSERT … SELECT',
        pass: r.ratio <= 2,
      },
      {
        metric: 'transition wall time',
        value: r.transitionMs / 1000,
        unit: 's',
        ...(national ? { target: '< 60 s', pass: r.transitionMs < 60_000 } : { note: 'target applies to national' }),
      },
    ];
  },
};
