/**
 * Benchmark of the platform API (for `npm run bench`: call `benchExchange`). In one run, on the same machine and
 * engine:
 * - the raw insert baseline: the same pupils written with COPY by the bulk writer (no API, no matching, no
 *   per-record rules), into a database of its own;
 * - batched upserts through the HTTP API on loopback (1 000 records a batch), from an empty registry;
 * - single reads (`GET /api/v1/schools/{edrpou}/pupils/{externalId}`) from concurrent clients: latency percentiles;
 * - the mirror: following the change feed over everything written, and checking it equals the registry.
 */
import type { Preset, SyntheticDataset } from '../synth/generate';
import { createPlatformClient } from '../../../packages/sdk/src/resources/platform';
import { writePupilsBulk, type BulkPupil } from '@aikom/server/modules/pupils/bulk-writer';
import { validateOnServer } from '@aikom/server/modules/pupils/validation';
import { seedSynthetic } from '@aikom/server/modules/seed/load-synthetic';
import { contextOn, freshDatabase, startEmbeddedRegistry } from './embedded';
import { runLoadInChild, type LoadReport } from './load';
import { EJournalSimulator } from './simulator';

export interface ExchangeBenchOptions {
  /** PostgreSQL server to create the benchmark's databases on; PGlite when absent. */
  databaseUrl?: string | undefined;
  preset?: Preset;
  seed?: number;
  /** Schools served by the simulated platform (the largest of the preset first). */
  schools?: number;
  batchSize?: number;
  /** Batch requests in flight at once. */
  concurrency?: number;
  readClients?: number;
  readSeconds?: number;
  log?: (message: string) => void;
}

export interface ExchangeBenchResult {
  engine: string;
  preset: Preset;
  schools: number;
  records: number;
  rawInsert: { records: number; seconds: number; perSecond: number };
  batchedUpserts: {
    records: number;
    created: number;
    rejected: number;
    seconds: number;
    perSecond: number;
    /** Batched upserts per second ÷ raw inserts per second. */
    ratioToRaw: number;
  };
  reads: LoadReport & { endpoint: string };
  /** The same load on GET /healthz (one trivial query): what the machine gives any request at this concurrency. */
  readsControl: LoadReport & { endpoint: string };
  mirror: { changes: number; seconds: number; equal: boolean };
}

export async function benchExchange(o: ExchangeBenchOptions = {}): Promise<ExchangeBenchResult> {
  const preset = o.preset ?? 'region';
  const seed = o.seed ?? 1;
  const log = o.log ?? (() => undefined);
  const registry = await startEmbeddedRegistry({ databaseUrl: o.databaseUrl, preset, seed, schools: o.schools ?? 60 });
  try {
    const { dataset, schools, ctx, today } = registry;
    const client = createPlatformClient({
      baseUrl: registry.baseUrl,
      clientId: registry.platform.clientId,
      clientSecret: registry.platform.clientSecret,
    });
    const sim = new EJournalSimulator({
      client,
      dataset,
      schools,
      today,
      batchSize: o.batchSize ?? 1000,
      concurrency: o.concurrency ?? 2,
      log,
    });
    const records = sim.journal.size;
    log(`${registry.engine}: ${schools.length} schools, ${records} records`);

    // Baseline: the same records, valid ones only (as the API keeps), with COPY into a database of their own.
    const raw = await rawInsert(o.databaseUrl, preset, seed, schools, dataset, ctx.now());
    log(`raw COPY: ${raw.records} pupils in ${raw.seconds} s (${raw.perSecond}/s)`);

    await sim.initialiseMirror();
    const pushed = await sim.push();
    const upserts = {
      records: pushed.records,
      created: pushed.created,
      rejected: pushed.rejected,
      seconds: Math.round(pushed.ms / 100) / 10,
      perSecond: pushed.recordsPerSecond,
      ratioToRaw: Math.round((pushed.recordsPerSecond / raw.perSecond) * 100) / 100,
    };

    const accepted = [...sim.journal.values()].filter((e) => e.accepted);
    const token = await client.token();
    const paths = accepted.map((_, n) => {
      const e = accepted[(n * 7919) % accepted.length]!;
      return `/api/v1/schools/${e.edrpou}/pupils/${encodeURIComponent(e.externalId)}`;
    });
    const reads = await runLoadInChild({
      baseUrl: registry.baseUrl,
      paths,
      headers: { authorization: `Bearer ${token}` },
      clients: o.readClients ?? 100,
      durationMs: (o.readSeconds ?? 15) * 1000,
    });
    log(`reads: ${reads.requestsPerSecond}/s, p50 ${reads.p50} ms, p99 ${reads.p99} ms, errors ${reads.errors}`);
    const control = await runLoadInChild({
      baseUrl: registry.baseUrl,
      paths: ['/healthz'],
      headers: {},
      clients: o.readClients ?? 100,
      durationMs: Math.min(5, o.readSeconds ?? 15) * 1000,
    });
    log(`control /healthz: ${control.requestsPerSecond}/s, p50 ${control.p50} ms, p99 ${control.p99} ms`);

    const followed = await sim.follow({ pageSize: 1000 });
    const verified = await sim.verify();
    return {
      engine: registry.engine,
      preset,
      schools: schools.length,
      records,
      rawInsert: raw,
      batchedUpserts: upserts,
      reads: { ...reads, endpoint: 'GET /api/v1/schools/{edrpou}/pupils/{externalId}' },
      readsControl: { ...control, endpoint: 'GET /healthz' },
      mirror: { changes: followed.changes, seconds: Math.round(followed.ms / 100) / 10, equal: verified.equal },
    };
  } finally {
    await registry.close();
  }
}

async function rawInsert(
  databaseUrl: string | undefined,
  preset: Preset,
  seed: number,
  schools: readonly string[],
  dataset: SyntheticDataset,
  now: Date,
): Promise<{ records: number; seconds: number; perSecond: number }> {
  const fresh = await freshDatabase(databaseUrl, 'raw');
  try {
    const ctx = await contextOn(fresh.db);
    await seedSynthetic(ctx, { preset, seed, organisationsOnly: true });
    const refs = new Map(
      (
        await ctx.db.kysely
          .selectFrom('organisation')
          .select(['id', 'edrpou', 'ouo_id', 'region_id'])
          .where('edrpou', 'in', [...schools])
          .execute()
      ).map((s) => [s.edrpou!, { id: s.id, ouo_id: s.ouo_id, region_id: s.region_id }]),
    );
    const territories = new Map(
      (await ctx.db.kysely.selectFrom('territory').select(['id', 'code']).execute()).map((t) => [t.code, t.id]),
    );
    const year = Number(dataset.plan.schoolYear.id);
    const wanted = new Set(schools);
    const pupils: BulkPupil[] = [];
    for (const s of dataset.plan.schools) {
      if (!wanted.has(s.edrpou)) continue;
      for (const p of dataset.schoolPupils(s.index)) {
        const v = validateOnServer(p.record, now);
        if (v.errors.length > 0) continue;
        pupils.push({ record: v.normalised, quality: v, school: refs.get(s.edrpou)!, schoolYear: year });
      }
    }
    const t0 = performance.now();
    const ids = await ctx.db.bulk((w) =>
      writePupilsBulk(w, pupils, {
        keys: ctx.keys,
        territoryId: (code) => (code ? (territories.get(code) ?? null) : null),
        source: 'bench',
        actorUserId: null,
        actorPlatformId: null,
        now,
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return { records: ids.length, seconds: Math.round(seconds * 10) / 10, perSecond: Math.round(ids.length / seconds) };
  } finally {
    await fresh.drop();
  }
}
