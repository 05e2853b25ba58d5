import { nameKey } from '@aikom/domain/names';
import { schoolYearOf } from '@aikom/domain/school-year';
import { createSyntheticDataset, type Preset, type SyntheticOrganisation } from '@aikom/tools/synth/generate';
import { writeTruth } from '@aikom/tools/synth/truth';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import { parseHostilitiesTsv, parseKatottgTsv, readDatasetText, readManifest } from '../../reference/reference-data';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BulkWriter } from '../../db/database';
import {
  CONTACT_COLUMNS,
  DISPLACEMENT_COLUMNS,
  ENROLMENT_COLUMNS,
  EVENT_COLUMNS,
  PERSON_COLUMNS,
  writePupilsBulk,
  type BulkPupil,
} from '../pupils/bulk-writer';
import type { WorkerBatch, WorkerDone, WorkerInput } from './synthetic-worker';
import { validateOnServer } from '../pupils/validation';
import { ensureCascadeRoots } from '../organisations/cascade-roots';
import type { SchoolRef } from '../pupils/rows';

export interface SeedOptions {
  preset: Preset;
  seed: number;
  onProgress?: (done: number, total: number, note: string) => void;
  /** Write the ground truth (which records carry which faults, which are duplicates) to this file (NDJSON/JSON). */
  truthFile?: string;
  /** Load the organisations only (a registry whose pupils will arrive from platforms: the platform simulator). */
  organisationsOnly?: boolean;
  /** Overrides the preset's number of children and schools (small fixed data sets for tests; loaded in this thread). */
  pupils?: number;
  schools?: number;
  /** Worker threads generating and sealing records in parallel (default: by preset and cores; 0 = in this thread). */
  workers?: number;
}

export interface SeedReport {
  preset: Preset;
  seed: number;
  regions: number;
  ouos: number;
  schools: number;
  pupils: number;
  withErrors: number;
  withWarnings: number;
  /** Key (stable within the data set) → organisation id, for demo users and tests. */
  organisations: Map<string, { id: string; kind: string; name: string; regionId: string | null; ouoId: string | null }>;
  ms: number;
}

const ORG_COLUMNS = [
  'id',
  'kind',
  'parent_id',
  'region_id',
  'ouo_id',
  'name',
  'short_name',
  'name_key',
  'edrpou',
  'territory_id',
  'school_type',
  'ownership',
  'settlement_type',
  'status',
  'original_territory_id',
  'founder',
  'grade_min',
  'grade_max',
  'address',
  'version',
  'created_at',
  'updated_at',
] as const;

/**
 * Loads a synthetic data set (tools/src/synth) into an empty registry, in one transaction: the ОУО and schools of the
 * plan under the instance's regional departments, then every pupil — validated by the catalogue (legacy data keeps
 * its errors: they are what the data-quality panel and campaigns are for), identifiers sealed, written with COPY.
 */
export async function seedSynthetic(ctx: AppContext, options: SeedOptions): Promise<SeedReport> {
  const started = Date.now();
  const now = ctx.now();
  const today = now.toISOString().slice(0, 10);
  const year = schoolYearOf(today).id;
  const manifest = readManifest();
  const dataset = createSyntheticDataset(
    {
      codifier: parseKatottgTsv(readDatasetText(manifest.katottg)),
      hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
    },
    {
      preset: options.preset,
      seed: options.seed,
      schoolYear: year,
      today,
      ...(options.pupils !== undefined && { pupils: options.pupils }),
      ...(options.schools !== undefined && { schools: options.schools }),
    },
  );
  await ctx.db.system((trx) => ensureCascadeRoots(trx, now));
  const existing = await ctx.db.kysely
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'school')
    .limit(1)
    .executeTakeFirst();
  if (existing) {
    throw new AppError('CONFLICT', {
      detail:
        'Реєстр уже містить заклади освіти: синтетичні дані завантажуються лише в порожній реєстр (новий DATA_DIR або нова база даних).',
    });
  }
  const territories = new Map(
    (await ctx.db.kysely.selectFrom('territory').select(['id', 'code']).execute()).map((t) => [t.code, t.id]),
  );
  const territoryId = (code: string | undefined | null) => (code ? (territories.get(code) ?? null) : null);
  const regions = await ctx.db.kysely
    .selectFrom('organisation as o')
    .innerJoin('territory as t', 't.id', 'o.territory_id')
    .select(['o.id', 'o.name', 't.code'])
    .where('o.kind', '=', 'region')
    .execute();
  const regionByCode = new Map(regions.map((r) => [r.code, r]));
  const ministry = await ctx.db.kysely
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'ministry')
    .executeTakeFirstOrThrow();

  const orgs: SeedReport['organisations'] = new Map();
  const rows: unknown[][] = [];
  const schools = new Map<string, SchoolRef>();
  let ouoCount = 0;
  for (const o of dataset.organisations()) {
    if (o.kind === 'ministry') {
      orgs.set(o.key, { id: ministry.id, kind: 'ministry', name: ministry.name, regionId: null, ouoId: null });
      continue;
    }
    if (o.kind === 'region') {
      const r = regionByCode.get(o.katottg);
      if (!r) throw new Error(`no regional department for ${o.katottg}`);
      orgs.set(o.key, { id: r.id, kind: 'region', name: r.name, regionId: null, ouoId: null });
      continue;
    }
    const regionId = orgs.get(o.regionKey!)!.id;
    const id = uuidv7();
    const ouoId = o.kind === 'school' ? orgs.get(o.ouoKey!)!.id : null;
    const parentId = orgs.get(o.parentKey!)!.id;
    orgs.set(o.key, { id, kind: o.kind, name: o.name, regionId, ouoId });
    rows.push(orgRow(o, id, parentId, regionId, ouoId, territoryId, now));
    if (o.kind === 'school') schools.set(o.edrpou, { id, ouo_id: ouoId, region_id: regionId });
    else ouoCount++;
  }

  const total = dataset.summary.records;
  let withErrors = 0;
  let withWarnings = 0;
  options.onProgress?.(0, total, 'організації');
  const loaded = await ctx.db.bulk(async (w) => {
    await w.copy('organisation', ORG_COLUMNS, rows);
    await w.query(
      `INSERT INTO organisation_version (organisation_id, version, data, changed_by, changed_at)
       SELECT id, 1, to_jsonb(o) - 'name_key', NULL, $1 FROM organisation o WHERE kind IN ('ouo', 'school')`,
      [now],
    );
    // Into empty tables, building the secondary indexes once at the end is several times cheaper than keeping them
    // up to date row by row (the usual bulk-load practice); it all happens inside this transaction.
    const rebuild = await dropSecondaryIndexes(w);
    // The same for foreign keys (PostgreSQL, "Populating a Database"): checked row by row they cost several index
    // probes per row in the one backend that runs the COPY; added back at the end, each is one join over the table.
    // Adding them back validates every row, so what was loaded is checked exactly as before.
    const foreignKeys = await dropForeignKeys(w);
    const count = await loadPupils(w);
    await w.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    for (const definition of rebuild) await w.query(definition);
    for (const fk of foreignKeys) await w.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
    // Fresh statistics before the first reader: without them the planner takes the just-filled tables for nearly
    // empty ones and, for a school's class list, intersects with the index of every open spell in the country
    // (tens of milliseconds instead of one). Autovacuum would get there too, minutes later.
    await w.query(`ANALYZE organisation, ${PUPIL_TABLES.join(', ')}`);
    return count;
  });

  async function loadPupils(w: BulkWriter): Promise<number> {
    if (options.organisationsOnly) return 0;
    const resized = options.pupils !== undefined || options.schools !== undefined;
    const workers = resized ? 0 : (options.workers ?? defaultWorkers(options.preset));
    if (workers > 0) {
      const counts = await loadInWorkers(w, {
        preset: options.preset,
        seed: options.seed,
        schoolYear: year,
        today,
        now: now.toISOString(),
        keyFile: ctx.keys.file,
        schools: [...schools.entries()].map(([e, s]) => [e, s.id, s.ouo_id, s.region_id]),
        territories: [...territories.entries()],
        batch: 5_000,
        schoolCount: dataset.plan.schools.length,
        workers,
        onProgress: (done) => options.onProgress?.(done, total, 'учні'),
      });
      withErrors = counts.withErrors;
      withWarnings = counts.withWarnings;
      return counts.count;
    }
    const pupils = function* (): Generator<BulkPupil> {
      for (const p of dataset.pupils()) {
        const v = validateOnServer(p.record, now);
        if (v.errors.length > 0) withErrors++;
        if (v.warnings.length > 0) withWarnings++;
        const school = schools.get(p.record.enrollment.schoolEdrpou);
        if (!school) throw new Error(`no school ${p.record.enrollment.schoolEdrpou}`);
        // Records with errors are loaded as they are (legacy data): the normalised form when it is valid, the raw one otherwise.
        yield {
          record: v.errors.length === 0 ? v.normalised : (p.record as BulkPupil['record']),
          quality: v,
          school,
          schoolYear: year,
        };
      }
    };
    const ids = await writePupilsBulk(w, pupils(), {
      keys: ctx.keys,
      territoryId,
      source: 'seed',
      actorUserId: null,
      actorPlatformId: null,
      now,
      onProgress: (done) => options.onProgress?.(done, total, 'учні'),
    });
    return ids.length;
  }
  // The generator is deterministic: a second pass yields the same records, so the truth needs no buffering.
  if (options.truthFile) await writeTruth(options.truthFile, dataset.truth());
  options.onProgress?.(loaded, total, 'готово');
  return {
    preset: options.preset,
    seed: options.seed,
    regions: regions.length,
    ouos: ouoCount,
    schools: schools.size,
    pupils: loaded,
    withErrors,
    withWarnings,
    organisations: orgs,
    ms: Date.now() - started,
  };
}

function orgRow(
  o: SyntheticOrganisation,
  id: string,
  parentId: string,
  regionId: string,
  ouoId: string | null,
  territoryId: (code: string | null) => number | null,
  now: Date,
): unknown[] {
  return [
    id,
    o.kind,
    parentId,
    regionId,
    ouoId,
    o.name,
    o.shortName,
    nameKey(o.name),
    o.edrpou,
    territoryId(o.katottg),
    o.schoolType,
    o.ownership,
    o.settlementType,
    o.status,
    o.status === 'relocated' ? territoryId(o.originalKatottg) : null,
    o.founder,
    o.gradeMin,
    o.gradeMax,
    o.address,
    1,
    now,
    now,
  ];
}

/** The tables a pupil load writes. */
const PUPIL_TABLES = ['person', 'enrolment', 'displacement_record', 'contact_record', 'pupil_event'] as const;

/** Drops the secondary indexes of the pupil tables and returns the statements that recreate them. */
async function dropSecondaryIndexes(w: BulkWriter): Promise<string[]> {
  const indexes = await w.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = ANY ($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [PUPIL_TABLES],
  );
  for (const i of indexes) await w.query(`DROP INDEX ${i.indexname}`);
  return indexes.map((i) => i.indexdef);
}

/** Drops the foreign keys of the pupil tables and returns what recreates them (the referencing table first). */
async function dropForeignKeys(w: BulkWriter): Promise<Array<{ table: string; name: string; definition: string }>> {
  const keys = await w.query<{ table: string; name: string; definition: string }>(
    `SELECT c.conrelid::regclass::text AS table, quote_ident(c.conname) AS name,
       pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c
     WHERE c.contype = 'f' AND c.conrelid = ANY (SELECT t::regclass FROM unnest($1::text[]) AS t)
     ORDER BY c.conrelid::regclass::text, c.conname`,
    [PUPIL_TABLES],
  );
  for (const k of keys) await w.query(`ALTER TABLE ${k.table} DROP CONSTRAINT ${k.name}`);
  return keys;
}

/** Large presets use worker threads (one per core, at most four); the demo loads in this thread. */
function defaultWorkers(preset: Preset): number {
  if (preset === 'demo') return 0;
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/**
 * Splits the schools among worker threads; each renders COPY text of its pupils in batches, and this thread streams
 * the batches into the five tables of the bulk transaction as they come. Any worker failure fails the whole load
 * (the transaction rolls back: nothing is left behind).
 */
async function loadInWorkers(
  w: BulkWriter,
  input: Omit<WorkerInput, 'fromSchool' | 'toSchool'> & {
    schoolCount: number;
    workers: number;
    onProgress: (done: number) => void;
  },
): Promise<{ count: number; withErrors: number; withWarnings: number }> {
  const { schoolCount, workers: n, onProgress, ...common } = input;
  const per = Math.ceil(schoolCount / n);
  const queue: Array<{ worker: Worker; batch: WorkerBatch }> = [];
  let wake: (() => void) | null = null;
  let failure: unknown = null;
  let finished = 0;
  const totals = { count: 0, withErrors: 0, withWarnings: 0 };
  const threads: Worker[] = [];
  for (let i = 0; i < n; i++) {
    const worker = new Worker(new URL('./synthetic-worker.mjs', import.meta.url), {
      workerData: {
        ...common,
        fromSchool: i * per,
        toSchool: Math.min(schoolCount, (i + 1) * per),
      } satisfies WorkerInput,
    });
    threads.push(worker);
    worker.on('message', (m: WorkerBatch | WorkerDone) => {
      if (m.type === 'batch') queue.push({ worker, batch: m });
      else {
        finished++;
        totals.withErrors += m.withErrors;
        totals.withWarnings += m.withWarnings;
      }
      wake?.();
    });
    worker.on('error', (e) => {
      failure = e;
      wake?.();
    });
  }
  try {
    while (finished < n || queue.length > 0) {
      if (failure) throw failure as Error;
      const next = queue.shift();
      if (!next) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      const b = next.batch;
      await w.copyText('person', PERSON_COLUMNS, b.person);
      await w.copyText('enrolment', ENROLMENT_COLUMNS, b.enrolment);
      await w.copyText('displacement_record', DISPLACEMENT_COLUMNS, b.displacement);
      await w.copyText('contact_record', CONTACT_COLUMNS, b.contact);
      await w.copyText('pupil_event', EVENT_COLUMNS, b.event);
      next.worker.postMessage('ack');
      totals.count += b.count;
      onProgress(totals.count);
    }
    if (failure) throw failure as Error;
    return totals;
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
}
