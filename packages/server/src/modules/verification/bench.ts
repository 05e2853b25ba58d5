/**
 * The linkage benchmark: the births extract of a synthetic data set linked with the registry seeded from the same
 * data set, timed, and measured against the generator's truth — precision, recall, the pairs sent to review — beside
 * the exact-identifier baseline on the same records, in the same run.
 *
 * For the bench harness (tools/src/bench): `runLinkageBench(ctx, { dataset, births })` on a registry already seeded
 * with `dataset`, or `benchVerification({ preset, seed })` to do everything on a database of its own. From the shell:
 *
 *   npx tsx packages/server/src/modules/verification/bench.ts --preset region [--seed 1] [--json]
 *   DATABASE_URL=postgres://… npx tsx packages/server/src/modules/verification/bench.ts --preset national
 *
 * The national set needs PostgreSQL (the embedded engine holds one region comfortably, not the country).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateLinks, linkByIdentifiersOnly, NameDictionary, type LinkageQuality } from '@aikom/domain/linkage/index';
import type { ExtractKind } from '@aikom/domain/linkage/extract-formats';
import { createSyntheticExtracts, type ExtractItem } from '@aikom/tools/synth/extracts';
import type { Preset, SyntheticDataset } from '@aikom/tools/synth/generate';
import { loadConfig } from '../../config';
import type { AppContext } from '../../context';
import { prepareInstance } from '../../bootstrap';
import { parseHostilitiesTsv, parseKatottgTsv, readDatasetText, readManifest } from '../../reference/reference-data';
import { openRuntime } from '../../runtime';
import { seedSynthetic } from '../seed/load-synthetic';
import { systemAccess } from './access';
import { evaluateRegistryRun, registryTruth, snapshotTruth } from './evaluation';
import { loadPersons, loadRecords } from './linkage';
import { VerificationService } from './service';
import { RowsExtractSource } from './sources';

export interface LinkageBenchResult {
  births: number;
  registry: number;
  /** Wall-clock seconds: import of the extract; linkage (loading both sides, linking, writing the links). */
  seconds: { import: number; load: number; link: number; write: number; linkage: number };
  /** Processor seconds of this process during the linkage (both cores count). */
  cpuSeconds: number;
  linked: LinkageQuality;
  review: number;
  reviewTrue: number;
  /** As if the pairs in review were decided right. */
  withReview: { precision: number; recall: number };
  baseline: LinkageQuality;
  candidatePairs: number;
  byMethod: Record<string, number>;
  peakRssMiB: number;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Imports `births` (extract rows with their truth) into a new snapshot of a registry seeded with `dataset`, links it,
 * and measures the links and the identifier baseline against the truth.
 */
export async function runLinkageBench(
  ctx: AppContext,
  input: { dataset: SyntheticDataset; births: readonly ExtractItem[] },
): Promise<LinkageBenchResult> {
  const service = new VerificationService(ctx);
  const access = systemAccess(ctx);
  const kind: ExtractKind = 'births';
  const t0 = performance.now();
  const imported = await service.importRows(
    new RowsExtractSource(
      kind,
      'bench-births',
      input.births.map((b) => b.row),
    ),
  );
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  const [report] = await service.link(access, imported.snapshot.id, {});
  const cpu = process.cpuUsage(cpu0);
  const t2 = performance.now();
  const persons = await registryTruth(access, input.dataset);
  const births = await snapshotTruth(
    access,
    imported.snapshot.id,
    new Map(input.births.map((b) => [b.truth.recordId, b.truth.truthId])),
  );
  const q = await evaluateRegistryRun(access, report!.runId, births, persons);
  const dictionary = new NameDictionary();
  const left = await loadRecords(access, dictionary, imported.snapshot.id);
  const right = await loadPersons(access, dictionary);
  const baseline = evaluateLinks(
    linkByIdentifiersOnly(left.records, right.records),
    () => true,
    Int32Array.from(left.recordNos!, (no) => births.get(no) ?? 0),
    Int32Array.from(right.personIds!, (id) => persons.get(id) ?? 0),
  );
  return {
    births: imported.result.imported,
    registry: persons.size,
    seconds: {
      import: round((t1 - t0) / 1000, 1),
      load: report!.seconds.load,
      link: report!.seconds.link,
      write: report!.seconds.write,
      linkage: round((t2 - t1) / 1000, 1),
    },
    cpuSeconds: round((cpu.user + cpu.system) / 1e6, 1),
    linked: q.linked,
    review: q.review,
    reviewTrue: q.reviewTrue,
    withReview: { precision: q.withReview.precision, recall: q.withReview.recall },
    baseline,
    candidatePairs: report!.stats.candidatePairs,
    byMethod: report!.byMethod,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

export interface BenchOptions {
  preset: Preset;
  seed: number;
  /** PostgreSQL to use (an empty database, or one this benchmark seeded before with the same preset and seed). */
  databaseUrl?: string;
  /** Embedded database directory (default: a temporary one, removed afterwards). */
  dataDir?: string;
  onStage?: (stage: string) => void;
}

/**
 * Everything on a database of its own: seeds the registry (unless it already holds this data set), makes the births
 * extract and runs {@link runLinkageBench}.
 */
export async function benchVerification(
  options: BenchOptions,
): Promise<LinkageBenchResult & { preset: Preset; seed: number; engine: string; seedSeconds: number | null }> {
  const temporary =
    !options.databaseUrl && !options.dataDir ? fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-bench-')) : null;
  const config = loadConfig({
    ...process.env,
    AIKOM_DEMO: '0',
    LOG_LEVEL: 'silent',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATA_DIR: options.dataDir ?? temporary! }),
  });
  // A fixed clock: the data set, the extract and the school year agree on one date.
  const now = new Date('2025-10-15T09:00:00Z');
  const runtime = await openRuntime(config, { purpose: 'verification benchmark', now: () => now });
  try {
    const ctx = runtime.ctx;
    await prepareInstance(ctx);
    const stage = options.onStage ?? (() => undefined);
    const today = now.toISOString().slice(0, 10);
    let seedSeconds: number | null = null;
    const seededAlready = await ctx.db.kysely
      .selectFrom('person')
      .select('id')
      .where('source', '=', 'seed')
      .limit(1)
      .executeTakeFirst();
    if (!seededAlready) {
      stage('seed');
      const s0 = performance.now();
      await seedSynthetic(ctx, { preset: options.preset, seed: options.seed });
      seedSeconds = round((performance.now() - s0) / 1000, 1);
    }
    stage('extract');
    const manifest = readManifest();
    const extracts = createSyntheticExtracts(
      {
        codifier: parseKatottgTsv(readDatasetText(manifest.katottg)),
        hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
      },
      { preset: options.preset, seed: options.seed, schoolYear: 2025, today },
    );
    const births = [...extracts.items('births')];
    stage('linkage');
    const result = await runLinkageBench(ctx, { dataset: extracts.dataset, births });
    return { preset: options.preset, seed: options.seed, engine: ctx.db.engine, seedSeconds, ...result };
  } finally {
    await runtime.close();
    if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const preset = (arg('preset') ?? 'region') as Preset;
  const json = process.argv.includes('--json');
  const result = await benchVerification({
    preset,
    seed: Number(arg('seed') ?? 1),
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    onStage: (s) => {
      if (!json) console.error(`… ${s}`);
    },
  });
  console.log(JSON.stringify(result, null, json ? 0 : 2));
}
