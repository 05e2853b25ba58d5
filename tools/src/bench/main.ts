/**
 * `npm run bench [-- --only a,b] [--scale region|national] [--database-url URL] [--keep-data]`: runs the benchmarks, prints each
 * figure with its same-run baseline and ratio, and writes .cache/bench/results.json. Exit code 0 whatever the
 * figures (they are reported, not asserted: targets live here, never in timed tests).
 */
import fs from 'node:fs';
import path from 'node:path';
import { portalBundle } from './bundle';
import { campaignRollup } from './campaigns';
import { exchangePostgres } from './exchange';
import { DatabasePool, fmt, type Benchmark, type BenchContext, type Figure } from './harness';
import { loadNationalPostgres, loadRegionPglite } from './load';
import { registryLinkage } from './linkage';
import { schoolPages } from './pages';
import { reportsNational } from './reports';
import { subventionAllocation } from './subvention';
import { transitionNational } from './transitions';
import type { Runtime } from '@aikom/server/runtime';

export const BENCHMARKS: readonly Benchmark[] = [
  portalBundle,
  loadRegionPglite,
  loadNationalPostgres,
  schoolPages,
  campaignRollup,
  transitionNational,
  registryLinkage,
  reportsNational,
  exchangePostgres,
  subventionAllocation,
];

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function main(args: string[]): Promise<number> {
  const only = arg(args, '--only')?.split(',');
  const scale = (arg(args, '--scale') ?? 'national') as 'region' | 'national';
  const adminUrl =
    arg(args, '--database-url') ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const pool = new DatabasePool(adminUrl);
  const ctx: BenchContext = {
    adminUrl,
    scale,
    log: (l) => console.log(l),
    freshDatabase: (tag) => pool.fresh(tag),
    shared: new Map(),
    keepData: args.includes('--keep-data'),
    pool,
  };
  const selected = BENCHMARKS.filter(
    (b) => !only || only.includes(b.name) || BENCHMARKS.some((x) => only.includes(x.name) && x.after?.includes(b.name)),
  );
  const results: Array<{ benchmark: string; issue: number; figures: Figure[]; error?: string }> = [];
  console.log(`aikom benchmarks — scale ${scale}, PostgreSQL ${new URL(adminUrl).host}, ${new Date().toISOString()}\n`);
  for (const b of selected) {
    console.log(`▸ ${b.name} (issue ${b.issue}): ${b.description}`);
    try {
      const figures = await b.run(ctx);
      results.push({ benchmark: b.name, issue: b.issue, figures });
      for (const f of figures) {
        const base = f.baseline
          ? `  | ${f.baseline.name}: ${fmt(f.baseline.value)} ${f.unit} | ratio ${fmt(f.ratio ?? 0, 2)}`
          : '';
        const target = f.target ? `  | target ${f.target}: ${f.pass ? 'met' : 'NOT met'}` : '';
        console.log(`    ${f.metric}: ${fmt(f.value)} ${f.unit}${base}${target}${f.note ? `  (${f.note})` : ''}`);
      }
    } catch (error) {
      console.log(`    failed: ${(error as Error).stack ?? String(error)}`);
      results.push({ benchmark: b.name, issue: b.issue, figures: [], error: (error as Error).message });
    }
    console.log('');
  }
  const national = ctx.shared.get('national') as Runtime | undefined;
  await national?.close();
  await pool.dropAll();
  const out = path.resolve('.cache/bench');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, 'results.json'),
    JSON.stringify({ at: new Date().toISOString(), scale, results }, null, 2),
  );
  const all = results.flatMap((r) => r.figures).filter((f) => f.target);
  console.log(
    `targets met: ${all.filter((f) => f.pass).length} of ${all.length}; results in .cache/bench/results.json`,
  );
  return 0;
}
