import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareInstance } from '@aikom/server/bootstrap';
import { loadConfig } from '@aikom/server/config';
import { seedSynthetic } from '@aikom/server/modules/seed/load-synthetic';
import { openRuntime, type Runtime } from '@aikom/server/runtime';
import { fmt, time, type Benchmark, type BenchContext, type Figure } from './harness';

/** The tables a pupil load writes, in foreign-key order. */
export const PUPIL_TABLES = ['person', 'enrolment', 'displacement_record', 'contact_record', 'pupil_event'] as const;

async function openFor(url: string | undefined, dir: string): Promise<Runtime> {
  const config = loadConfig({
    DATA_DIR: dir,
    AIKOM_DEMO: '0',
    LOG_LEVEL: 'silent',
    ...(url ? { DATABASE_URL: url } : {}),
  });
  return openRuntime(config, { purpose: 'bench' });
}

async function rowCounts(rt: Runtime): Promise<number> {
  let total = 0;
  for (const t of PUPIL_TABLES) {
    const r = await rt.ctx.db.kysely
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    total += Number(r.n);
  }
  return total;
}

/**
 * Our load (generate, validate every record by the catalogue, seal identifiers, COPY with indexes in place) against a
 * raw COPY of exactly the rows it produced into a freshly migrated database of the same engine (the baseline: what
 * the engine does with ready rows and the same indexes). Returns the loaded runtime for the benchmarks after it.
 */
export async function measureLoad(
  ctx: BenchContext,
  preset: 'region' | 'national',
  url: string | undefined,
  baselineUrl: string | undefined,
  dataDir?: string,
): Promise<{ figures: Figure[]; runtime: Runtime }> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `aikom-bench-${preset}-`));
  const rt = await openFor(url, dir);
  await prepareInstance(rt.ctx);
  ctx.log(`  loading the ${preset} preset into ${rt.ctx.db.engine}…`);
  const load = await time(() =>
    seedSynthetic(rt.ctx, {
      preset,
      seed: 1,
      onProgress: (done, total) => process.stderr.write(`\r  ${done}/${total}   `),
    }),
  );
  process.stderr.write('\n');
  const rows = await rowCounts(rt);
  // Dump what was loaded, then COPY it into a fresh database with the same schema.
  const dumpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-dump-'));
  await rt.ctx.db.bulk(async (w) => {
    await w.copyToFile('organisation', path.join(dumpDir, 'organisation.copy'));
    for (const t of PUPIL_TABLES) await w.copyToFile(t, path.join(dumpDir, `${t}.copy`));
  });
  const base = await openFor(baselineUrl, fs.mkdtempSync(path.join(os.tmpdir(), `aikom-bench-base-`)));
  await prepareInstance(base.ctx);
  await base.ctx.db.bulk(async (w) => {
    await w.query(`DELETE FROM organisation_version`);
    await w.query(`DELETE FROM organisation`);
    await w.copyFromFile('organisation', null, path.join(dumpDir, 'organisation.copy'));
  });
  ctx.log('  baseline: raw COPY of the same rows…');
  const copy = await time(() =>
    base.ctx.db.bulk(async (w) => {
      for (const t of PUPIL_TABLES) await w.copyFromFile(t, null, path.join(dumpDir, `${t}.copy`));
    }),
  );
  await base.close();
  fs.rmSync(dumpDir, { recursive: true, force: true });
  const ours = rows / (load.ms / 1000);
  const raw = rows / (copy.ms / 1000);
  const figures: Figure[] = [
    {
      metric: `${preset} preset loaded (${load.value.pupils} pupils, ${rows} rows) on ${rt.ctx.db.engine}`,
      value: load.ms / 1000,
      unit: 's',
      ...(preset === 'national' ? { target: '< 180 s', pass: load.ms < 180_000 } : {}),
    },
    {
      metric: `load throughput vs raw COPY of the same rows`,
      value: ours,
      unit: 'rows/s',
      baseline: { name: 'raw COPY', value: raw },
      ratio: ours / raw,
      target: '≥ 50 % of COPY',
      pass: ours / raw >= 0.5,
      note: `COPY took ${fmt(copy.ms / 1000)} s`,
    },
  ];
  return { figures, runtime: rt };
}

export const loadRegionPglite: Benchmark = {
  name: 'load-region-pglite',
  issue: 2,
  description:
    'Region preset (≈ 150 000 pupils) generated and loaded into embedded PGlite, against a raw COPY of the same rows',
  async run(ctx) {
    const { figures, runtime } = await measureLoad(ctx, 'region', undefined, undefined);
    await runtime.close();
    return figures;
  },
};

export const loadNationalPostgres: Benchmark = {
  name: 'load-national-postgres',
  issue: 2,
  description:
    'National preset (≈ 3.9 M pupils) generated and loaded into PostgreSQL, against a raw COPY of the same rows',
  async run(ctx) {
    let url: string;
    // The kept data set's identifiers are sealed with the key file of its own data directory.
    const keptDir = path.resolve(`.cache/bench/kept-${ctx.scale}`);
    if (ctx.keepData) {
      fs.mkdirSync(keptDir, { recursive: true });
      const kept = await ctx.pool.kept(`aikom_bench_data_${ctx.scale}`);
      url = kept.url;
      if (kept.existed) {
        const rt = await openFor(url, keptDir);
        // Migrations added since the data set was loaded apply to it as to any instance.
        await prepareInstance(rt.ctx);
        const pupils = await rt.ctx.db.kysely
          .selectFrom('person')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        if (Number(pupils.n) > 0) {
          ctx.log(`  reusing the ${ctx.scale} data set kept by an earlier run (${pupils.n} pupils); load not measured`);
          ctx.shared.set('national', rt);
          return [];
        }
        // An earlier load that did not finish (its transaction rolled back): start again from an empty database.
        await rt.close();
        await ctx.pool.drop(url);
        url = (await ctx.pool.kept(`aikom_bench_data_${ctx.scale}`)).url;
      }
    } else url = await ctx.freshDatabase('load');
    const { figures, runtime } = await measureLoad(
      ctx,
      ctx.scale,
      url,
      await ctx.freshDatabase('copy'),
      ctx.keepData ? keptDir : undefined,
    );
    // Kept for the benchmarks that need the national data set.
    ctx.shared.set('national', runtime);
    return figures;
  },
};
