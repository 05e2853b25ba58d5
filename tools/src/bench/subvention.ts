import { sql } from 'kysely';
import { benchSubvention } from '@aikom/server/modules/subvention/bench';
import type { Runtime } from '@aikom/server/runtime';
import { fmt, repeat, type Benchmark } from './harness';

/**
 * Issue 9: the full allocation of the education subvention over every local budget from the live registry of the
 * loaded data set (the maintained inputs brought up to date from the change feed and read, nothing in memory, then
 * the formula), the same with the inputs rebuilt from the pupils, again with the inputs in memory, and a scenario
 * re-run; the baseline is a bare count of the enrolled pupils by school on the same date — the least any reading of
 * the inputs from the pupils must do.
 */
export const subventionAllocation: Benchmark = {
  name: 'subvention',
  issue: 9,
  after: ['load-national-postgres'],
  description: 'Full subvention allocation from live data (cold and warm) and a scenario re-run, vs a bare count',
  async run(ctx) {
    const rt = ctx.shared.get('national') as Runtime;
    const asOf = rt.ctx.now().toISOString().slice(0, 10);
    const r = await benchSubvention(rt.ctx, { asOf });
    const bare = await repeat(3, () =>
      sql`SELECT e.school_id, count(*) FROM enrolment e
          WHERE e.entry_date <= ${asOf}::date AND (e.exit_date IS NULL OR e.exit_date >= ${asOf}::date)
          GROUP BY e.school_id`.execute(rt.ctx.db.kysely),
    );
    ctx.log(
      `  ${r.budgets} budgets, ${r.schools} schools, ${r.pupils} pupils; inputs ${fmt(r.inputsMs)} ms (rebuilt from the pupils ${fmt(r.rebuildInputsMs)} ms, idle refresh ${fmt(r.refreshIdleMs)} ms), formula ${fmt(r.formulaMs)} ms; ${r.gainers} gain and ${r.losers} lose in the scenario`,
    );
    return [
      {
        metric: `full allocation from live data, maintained inputs, nothing in memory (${r.budgets} budgets, on ${r.engine})`,
        value: r.coldMs,
        unit: 'ms',
        baseline: { name: 'bare count of enrolled pupils by school', value: bare.median },
        ratio: r.coldMs / bare.median,
        target: '< 1000 ms',
        pass: r.coldMs < 1000,
        note: `inputs ${fmt(r.inputsMs)} ms`,
      },
      {
        metric: 'full allocation with the inputs rebuilt from the pupils',
        value: r.rebuildMs,
        unit: 'ms',
        baseline: { name: 'bare count of enrolled pupils by school', value: bare.median },
        ratio: r.rebuildMs / bare.median,
        note: `inputs ${fmt(r.rebuildInputsMs)} ms; idle refresh ${fmt(r.refreshIdleMs)} ms`,
      },
      {
        metric: 'full allocation, inputs in memory',
        value: r.warmMs,
        unit: 'ms',
        target: '< 1000 ms',
        pass: r.warmMs < 1000,
        note: `CPU ${fmt(r.warmCpuMs)} ms`,
      },
      {
        metric: 'scenario re-run (class-size table + 1, city norm 27) with the comparison',
        value: r.scenarioMs,
        unit: 'ms',
        target: '< 200 ms',
        pass: r.scenarioMs < 200,
        note: `CPU ${fmt(r.scenarioCpuMs)} ms`,
      },
    ];
  },
};
