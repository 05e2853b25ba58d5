/**
 * The platform exchange API on PostgreSQL (issue 7): batched upserts through the real HTTP endpoint on loopback, and
 * single reads at 100 concurrent clients. Throughput is reported against a raw COPY of exactly the rows the API
 * wrote, into the same tables of a freshly migrated database of the same server, measured in the same run.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@aikom/server/db/database';
import { buildApp } from '@aikom/server/http/app';
import { linkSchools, registerTestPlatform, type TestPlatform } from '@aikom/server/modules/exchange/testing';
import { seedSynthetic } from '@aikom/server/modules/seed/load-synthetic';
import { contextOn } from '../simulator/embedded';
import { runLoadInChild } from '../simulator/load';
import { referenceData } from '../simulator/reference';
import { createSyntheticDataset } from '../synth/generate';
import { fmt, type Benchmark, type BenchContext, type Figure } from './harness';
import { PUPIL_TABLES } from './load';

/** Pupils pushed through the API (the largest schools of the preset first, until this many). */
const PUPILS = 100_000;
const BATCH = 1_000;
/** Batch requests in flight at once (a platform's sync workers). */
const CLIENTS = 3;
const READ_CLIENTS = 100;
const READ_SECONDS = 20;
/** What a pupil write consists of: the pupil tables and the platform's mapping. */
const WRITTEN_TABLES = [...PUPIL_TABLES, 'platform_pupil'] as const;

interface Entry {
  edrpou: string;
  externalId: string;
  record: Record<string, unknown>;
  accepted: boolean;
}

interface Pass {
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  batches: number;
  seconds: number;
  perSecond: number;
}

async function token(baseUrl: string, p: TestPlatform): Promise<string> {
  const res = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: p.clientId,
      client_secret: p.clientSecret,
    }).toString(),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Every entry once, in batches of up to BATCH records of one school, from CLIENTS concurrent clients. */
async function push(baseUrl: string, bearer: string, entries: readonly Entry[]): Promise<Pass> {
  const bySchool = new Map<string, Entry[]>();
  for (const e of entries) {
    const list = bySchool.get(e.edrpou) ?? [];
    list.push(e);
    bySchool.set(e.edrpou, list);
  }
  const work: Array<{ edrpou: string; chunk: Entry[] }> = [];
  for (const [edrpou, list] of bySchool)
    for (let i = 0; i < list.length; i += BATCH) work.push({ edrpou, chunk: list.slice(i, i + BATCH) });
  const pass: Pass = {
    records: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    batches: 0,
    seconds: 0,
    perSecond: 0,
  };
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let w = work[next++]; w; w = work[next++]) {
        const res = await fetch(`${baseUrl}/api/v1/schools/${w.edrpou}/pupils:batch`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${bearer}`,
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
          },
          body: JSON.stringify({ records: w.chunk.map((e) => e.record) }),
        });
        if (res.status !== 200) throw new Error(`batch for ${w.edrpou}: ${res.status} ${await res.text()}`);
        const answer = (await res.json()) as {
          summary: Omit<Pass, 'batches' | 'seconds' | 'perSecond'>;
          results: Array<{ index: number; status: string }>;
        };
        pass.batches++;
        pass.records += answer.summary.records;
        pass.created += answer.summary.created;
        pass.updated += answer.summary.updated;
        pass.unchanged += answer.summary.unchanged;
        pass.rejected += answer.summary.rejected;
        for (const r of answer.results) w.chunk[r.index]!.accepted = r.status !== 'rejected';
      }
    }),
  );
  pass.seconds = (performance.now() - started) / 1000;
  pass.perSecond = pass.records / pass.seconds;
  return pass;
}

/**
 * The second pass of a platform's sync: most records as they were (unchanged), some edited as schools do during the
 * year — a new address, lost contact, a move to another class of the same grade.
 */
function edited(e: Entry, n: number, today: string): Record<string, unknown> {
  const r = e.record as {
    residence?: Record<string, unknown>;
    enrollment?: { classLetter?: string } & Record<string, unknown>;
  } & Record<string, unknown>;
  switch (n % 10) {
    case 0:
    case 1:
      return { ...r, residence: { ...(r.residence ?? {}), address: `вул. Нова, ${(n % 150) + 1}` } };
    case 2:
      return { ...r, contact: { status: 'lost', lostSince: today, note: 'Не виходить на звʼязок' } };
    case 3:
      return r.enrollment
        ? { ...r, enrollment: { ...r.enrollment, classLetter: r.enrollment.classLetter === 'Б' ? 'В' : 'Б' } }
        : r;
    default:
      return r;
  }
}

/** COPY of the rows the API wrote into a fresh database with the same schema, organisations and platform. */
async function rawCopy(ctx: BenchContext, source: Awaited<ReturnType<typeof contextOn>>): Promise<number> {
  const dumpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-exchange-dump-'));
  try {
    await source.db.bulk(async (w) => {
      for (const t of ['organisation', 'platform', ...WRITTEN_TABLES])
        await w.copyToFile(t, path.join(dumpDir, `${t}.copy`));
    });
    const db = await openDatabase({ databaseUrl: await ctx.freshDatabase('exchange_copy'), poolSize: 2 });
    try {
      const base = await contextOn(db);
      await base.db.bulk(async (w) => {
        await w.query(`DELETE FROM organisation_version`);
        await w.query(`DELETE FROM organisation`);
        await w.copyFromFile('organisation', null, path.join(dumpDir, 'organisation.copy'));
        await w.copyFromFile('platform', null, path.join(dumpDir, 'platform.copy'));
      });
      const t0 = performance.now();
      await base.db.bulk(async (w) => {
        for (const t of WRITTEN_TABLES) await w.copyFromFile(t, null, path.join(dumpDir, `${t}.copy`));
      });
      return (performance.now() - t0) / 1000;
    } finally {
      await db.close();
    }
  } finally {
    fs.rmSync(dumpDir, { recursive: true, force: true });
  }
}

export const exchangePostgres: Benchmark = {
  name: 'exchange-postgres',
  issue: 7,
  description:
    `Platform batch upserts (creates, then updates/unchanged) of ≥ ${PUPILS} pupils over HTTP on loopback, against ` +
    `a raw COPY of the same rows; single reads at ${READ_CLIENTS} concurrent clients — region preset's schools, PostgreSQL`,
  async run(ctx) {
    const db = await openDatabase({ databaseUrl: await ctx.freshDatabase('exchange'), poolSize: 12 });
    try {
      const app0 = await contextOn(db);
      await seedSynthetic(app0, { preset: 'region', seed: 1, organisationsOnly: true });
      const today = app0.now().toISOString().slice(0, 10);
      const year = Number(
        (
          await db.kysely
            .selectFrom('school_year')
            .select('id')
            .where('is_current', '=', true)
            .executeTakeFirstOrThrow()
        ).id,
      );
      const dataset = createSyntheticDataset(referenceData(), { preset: 'region', seed: 1, schoolYear: year, today });
      const chosen: Array<(typeof dataset.plan.schools)[number]> = [];
      let planned = 0;
      for (const s of [...dataset.plan.schools].sort((a, b) => b.records - a.records)) {
        if (planned >= PUPILS * 1.1) break;
        chosen.push(s);
        planned += s.records;
      }
      const platform = await registerTestPlatform(app0, 'Навантаження обміну', { rateLimitPerMinute: 1_000_000 });
      await linkSchools(
        app0,
        platform.id,
        chosen.map((s) => s.edrpou),
      );
      const entries: Entry[] = [];
      for (const s of chosen)
        for (const p of dataset.schoolPupils(s.index)) {
          const externalId = `ej-${s.edrpou}-${p.recordNo}`;
          entries.push({
            edrpou: s.edrpou,
            externalId,
            record: { ...(p.record as unknown as Record<string, unknown>), externalId },
            accepted: false,
          });
        }
      ctx.log(`  ${chosen.length} schools linked to the platform, ${entries.length} records`);

      const app = await buildApp(app0, { webDist: false, logger: false });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      try {
        const creates = await push(baseUrl, await token(baseUrl, platform), entries);
        ctx.log(
          `  creates: ${creates.records} records in ${creates.batches} batches, ${fmt(creates.seconds)} s — ` +
            `created ${creates.created}, rejected ${creates.rejected}`,
        );
        const copySeconds = await rawCopy(ctx, app0);
        const copyRate = creates.created / copySeconds;
        ctx.log(`  raw COPY of the same rows: ${fmt(copySeconds)} s (${fmt(copyRate)} pupils/s)`);

        const accepted = entries.filter((e) => e.accepted);
        const second = accepted.map((e, n) => ({ ...e, record: edited(e, n, today) }));
        const updates = await push(baseUrl, await token(baseUrl, platform), second);
        ctx.log(
          `  second pass: ${updates.records} records, ${fmt(updates.seconds)} s — updated ${updates.updated}, ` +
            `unchanged ${updates.unchanged}, rejected ${updates.rejected}`,
        );

        const bearer = await token(baseUrl, platform);
        const paths = accepted.map((_, n) => {
          const e = accepted[(n * 7919) % accepted.length]!;
          return `/api/v1/schools/${e.edrpou}/pupils/${encodeURIComponent(e.externalId)}`;
        });
        const reads = await runLoadInChild({
          baseUrl,
          paths,
          headers: { authorization: `Bearer ${bearer}` },
          clients: READ_CLIENTS,
          durationMs: READ_SECONDS * 1000,
        });
        const control = await runLoadInChild({
          baseUrl,
          paths: ['/healthz'],
          headers: {},
          clients: READ_CLIENTS,
          durationMs: 5_000,
        });
        const throughput = (metric: string, p: Pass): Figure => ({
          metric,
          value: p.perSecond,
          unit: 'pupils/s',
          baseline: { name: 'raw COPY of the same rows', value: copyRate },
          ratio: p.perSecond / copyRate,
          target: '≥ 5 000 pupils/s',
          pass: p.perSecond >= 5_000,
          note: `${p.records} records in ${p.batches} batches, ${fmt(p.seconds)} s, ${CLIENTS} clients`,
        });
        return [
          throughput('batched upserts over HTTP: creates', creates),
          {
            ...throughput('batched upserts over HTTP: second pass (updates and unchanged)', updates),
            note: `${updates.updated} updated, ${updates.unchanged} unchanged; ${updates.records} records in ${updates.batches} batches, ${fmt(updates.seconds)} s`,
          },
          {
            metric: `single read GET …/pupils/{externalId}, p99 at ${READ_CLIENTS} clients`,
            value: reads.p99,
            unit: 'ms',
            baseline: { name: 'GET /healthz p99 at the same concurrency', value: control.p99 },
            ratio: control.p99 > 0 ? reads.p99 / control.p99 : 0,
            target: '< 50 ms',
            pass: reads.p99 < 50 && reads.errors === 0,
            note:
              `p50 ${fmt(reads.p50)} ms, p95 ${fmt(reads.p95)} ms, ${reads.requestsPerSecond} req/s, ` +
              `${reads.requests} requests, ${reads.errors} errors; /healthz ${control.requestsPerSecond} req/s`,
          },
        ];
      } finally {
        await app.close();
      }
    } finally {
      await db.close();
    }
  },
};
