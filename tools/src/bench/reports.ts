import { benchReports } from '@aikom/server/modules/reports/bench';
import { ReportService } from '@aikom/server/modules/reports/service';
import type { Runtime } from '@aikom/server/runtime';
import { fmt, time, type Benchmark } from './harness';

/**
 * ZNZ-1 of one school (live from its spells) and the national roll-up of the main tables (from the materialised
 * per-region sums) on the loaded national database; the baseline is the naive aggregation over every open spell,
 * measured in the same run, and the two national results must agree.
 */
export const reportsNational: Benchmark = {
  name: 'reports',
  issue: 8,
  after: ['load-national-postgres'],
  description: 'ZNZ-1 of the largest school, national roll-up of the main tables vs the naive query over every spell',
  async run(ctx) {
    const rt = ctx.shared.get('national') as Runtime;
    const asOf = new ReportService(rt.ctx).resolveDate().asOf;
    // The roll-up is built once for the date (the refresh job's work), then read.
    const build = await time(() => new ReportService(rt.ctx).refresh('cli', { date: asOf, all: true }));
    ctx.log(`  roll-up of ${build.value.schools} schools built in ${fmt(build.ms / 1000)} s`);
    const r = await benchReports(rt.ctx, { date: asOf, runs: 20, naiveRuns: 3 });
    const [school, rollup, report, naive] = r.timings as [
      (typeof r.timings)[0],
      (typeof r.timings)[0],
      (typeof r.timings)[0],
      (typeof r.timings)[0],
    ];
    return [
      {
        metric: 'ZNZ-1 of the largest school (live, warm, median of 20)',
        value: school.medianMs,
        unit: 'ms',
        target: '< 50 ms',
        pass: school.medianMs < 50,
      },
      {
        metric: `national roll-up of the main tables (warm, median of 20; ${r.pupils} pupils, ${r.schools} schools)`,
        value: rollup.medianMs,
        unit: 'ms',
        baseline: { name: 'naive aggregation over every open spell', value: naive.medianMs },
        ratio: naive.medianMs / rollup.medianMs,
        target: '< 200 ms',
        pass: rollup.medianMs < 200,
        note: r.agree ? 'equal to the naive result' : 'DIFFERS from the naive result',
      },
      {
        metric: 'whole national report (coverage, checks, flagged schools; median of 20)',
        value: report.medianMs,
        unit: 'ms',
      },
      { metric: 'building the roll-up of every school', value: build.ms / 1000, unit: 's' },
    ];
  },
};
