/**
 * kill -9 of the server in the middle of its long work, on the embedded database: an XLSX import (while the file is
 * checked and while it is written), a platform's large batch, a rollover of every school, a registry extract import
 * and a linkage run. Each is started through the HTTP API of a real `aikom serve` child process, the process is
 * killed with SIGKILL while the work is in progress, and the data directory is then opened by this test to see what
 * the crash left: no partial state (counts are those before, or whole units of work), the job still marked running.
 * The server is started again on the same data and each job must resume by itself and finish with the result a run
 * without a crash gives.
 *
 * "In progress" is observed, not guessed: either the job's own progress (batches and chunks committed between
 * transactions), or — for work done in one transaction — a status request that stays unanswered because the
 * embedded database's single connection is held by the job's transaction.
 *
 * The scenarios run in order on one data directory, so the later ones work on what the earlier ones wrote.
 * `AIKOM_RELIABILITY=full` makes the data larger.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { schoolYear, schoolYearOf } from '@aikom/domain/school-year';
import { createSyntheticExtracts, extractCsvLines } from '@aikom/tools/synth/extracts';
import { spawnSync } from 'node:child_process';
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareInstance } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/database';
import { linkSchools, registerTestPlatform, type TestPlatform } from '../../src/modules/exchange/testing';
import { TEMPLATE_COLUMNS } from '../../src/modules/imports/columns';
import { exportWorkbook, sheetValue } from '../../src/modules/imports/workbooks';
import { seedSynthetic } from '../../src/modules/seed/load-synthetic';
import {
  parseHostilitiesTsv,
  parseKatottgTsv,
  readDatasetText,
  readManifest,
} from '../../src/reference/reference-data';
import { openRuntime } from '../../src/runtime';
import { createUser, PASSWORD, type Org } from '../factories';
import {
  freePort,
  HttpSession,
  pupilRecords,
  REPO_ROOT,
  ServerProcess,
  sleep,
  waitFor,
  type JobBody,
} from './faults-harness';
import { byScale } from './scale';

const SEED = 41;
const SIZE = { pupils: byScale(2_000, 8_000), schools: byScale(8, 24) };
const IMPORT_ROWS = byScale(4_000, 20_000);
const BATCH_RECORDS = byScale(12_000, 30_000);
const EXTRACT_PUPILS = byScale(15_000, 60_000);

const today = new Date().toISOString().slice(0, 10);
const year = schoolYearOf(today).id;
const fromLabel = schoolYear(year).label;
const toLabel = schoolYear(year + 1).label;

interface School extends Org {
  edrpou: string;
}

function flat(record: Record<string, unknown>, key: string): unknown {
  let node: unknown = record;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

describe('kill -9 of the server during long work (embedded database)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-faults-kill-'));
  const dataDir = path.join(dir, 'data');
  let server: ServerProcess;
  let schools: School[] = [];
  let platform: TestPlatform;
  let editor: HttpSession;
  let minister: HttpSession;
  let verifier: HttpSession;
  let births = '';
  const personsBefore = new Map<string, number>();
  let birthsRows = 0;
  const logins = { editor: 'faults.editor', minister: 'faults.minister', verifier: 'faults.verifier' };

  /** Opens the data directory the killed server left (the server is not running) and reads it. */
  async function inspect<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = await openDatabase({ dataDir });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }
  const count = async (db: Database, query: RawBuilder<unknown>) =>
    Number(((await query.execute(db.kysely)).rows[0] as { n: number }).n);

  const job = async (s: HttpSession, id: string, headers?: Record<string, string>) => {
    const r = await s.request<JobBody>('GET', `/api/v1/jobs/${id}`, undefined, headers ? { headers } : {});
    if (r.status !== 200) throw new Error(`job ${id}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const finished = (s: HttpSession, id: string, headers?: Record<string, string>) =>
    waitFor(
      `job ${id} to finish`,
      async () => {
        const j = await job(s, id, headers);
        return j.status === 'running' || j.status === 'queued' ? undefined : j;
      },
      300_000,
      250,
    );

  /** The latest write to the embedded database's write-ahead log (it advances while a transaction writes). */
  const walMark = () => {
    const wal = path.join(dataDir, 'pg', 'pg_wal');
    let latest = 0;
    for (const f of fs.readdirSync(wal)) {
      const st = fs.statSync(path.join(wal, f));
      if (st.isFile()) latest = Math.max(latest, st.mtimeMs);
    }
    return latest;
  };

  /**
   * Kills the server once the job is under way: when `midway` says so from the job's progress (work committed in
   * units between transactions), or — with `writing` — when a status request stays unanswered (the embedded
   * database's single connection is held by a transaction) while the write-ahead log grows (that transaction is
   * writing; with `held`, the held connection alone). Fails if the job finished first: then the data was too small to catch it in progress.
   */
  async function killDuring(
    s: HttpSession,
    id: string,
    opts: {
      midway?: (j: JobBody) => boolean;
      writing?: boolean;
      /** With `writing`: kill on a held connection alone, without waiting for the log to grow. */
      held?: boolean;
      /** With `writing`: kill only once the job's progress (as last seen) says this. */
      after?: (j: JobBody) => boolean;
      headers?: Record<string, string>;
    },
    heldMs = 250,
  ): Promise<string> {
    const until = Date.now() + 300_000;
    let seen: JobBody | undefined;
    while (Date.now() < until) {
      const mark = walMark();
      let settled = false;
      const pending = s
        .request<JobBody>('GET', `/api/v1/jobs/${id}`, undefined, {
          ...(opts.headers ? { headers: opts.headers } : {}),
          timeoutMs: 300_000,
        })
        .finally(() => (settled = true));
      const raced = await Promise.race([pending, sleep(heldMs).then(() => null)]);
      if (raced === null) {
        while (opts.writing && (!opts.after || (seen && opts.after(seen))) && !settled) {
          if (walMark() > mark || opts.held) {
            await server.kill9();
            await pending.catch(() => undefined);
            return "killed inside the job's writing transaction (a status request waited while the WAL grew)";
          }
          await sleep(25);
        }
        await pending.catch(() => undefined);
        continue;
      }
      const j = raced.body;
      seen = j;
      if (j.status !== 'running' && j.status !== 'queued')
        throw new Error(`the job finished (${j.status}) before it could be caught in progress: ${JSON.stringify(j)}`);
      if (j.status === 'running' && opts.midway?.(j)) {
        await server.kill9();
        return `killed at progress ${j.progress.done}/${j.progress.total ?? '?'} (${j.progress.note ?? ''})`;
      }
      await sleep(20);
    }
    throw new Error('the job was not caught in progress');
  }

  const personsAt = (db: Database, schoolId: string) =>
    count(db, sql<{ n: number }>`SELECT count(*)::int AS n FROM person WHERE school_id = ${schoolId}`);

  async function restart(): Promise<void> {
    await server.start();
  }

  beforeAll(async () => {
    const env = { DATA_DIR: dataDir, AIKOM_DEMO: '0', LOG_LEVEL: 'silent' };
    const runtime = await openRuntime(loadConfig(env), { purpose: 'faults test setup' });
    try {
      const ctx = runtime.ctx;
      await prepareInstance(ctx);
      await seedSynthetic(ctx, { preset: 'demo', seed: SEED, ...SIZE });
      const rows = await ctx.db.kysely
        .selectFrom('organisation')
        .select(['id', 'name', 'kind', 'region_id', 'ouo_id', 'edrpou'])
        .where('kind', 'in', ['school', 'ministry'])
        .orderBy('edrpou')
        .execute();
      const org = (r: (typeof rows)[number]): Org => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        regionId: r.region_id,
        ouoId: r.ouo_id,
        edrpou: r.edrpou,
      });
      schools = rows.filter((r) => r.kind === 'school').map((r) => org(r) as School);
      const ministry = org(rows.find((r) => r.kind === 'ministry')!);
      await createUser(ctx, 'school_editor', schools[0]!, { login: logins.editor });
      await createUser(ctx, 'ministry_admin', ministry, { login: logins.minister });
      await createUser(ctx, 'ministry_verifier', ministry, { login: logins.verifier });
      platform = await registerTestPlatform(ctx, 'Журнал-Збій');
      await linkSchools(ctx, platform.id, [schools[1]!.edrpou]);
      for (const s of schools.slice(0, 2)) personsBefore.set(s.id, await personsAt(ctx.db, s.id));
    } finally {
      await runtime.close();
    }
    // A births extract of a larger synthetic population: its import and linkage take seconds, not milliseconds.
    const manifest = readManifest();
    const extracts = createSyntheticExtracts(
      {
        codifier: parseKatottgTsv(readDatasetText(manifest.katottg)),
        hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
      },
      { preset: 'demo', seed: SEED, schoolYear: year, today, pupils: EXTRACT_PUPILS, schools: SIZE.schools },
    );
    const items = [...extracts.items('births')].map((i) => i.row);
    birthsRows = items.length;
    births = [...extractCsvLines('births', items)].join('');

    // The demo flag only relaxes the second factor (AIKOM_MFA=off is allowed in demo mode); the registry already
    // holds schools, so no demo data is added.
    server = new ServerProcess(
      await freePort(),
      { DATA_DIR: dataDir, AIKOM_DEMO: '1', AIKOM_MFA: 'off' },
      path.join(dir, 'server.log'),
    );
    await server.start();
    const url = () => server.url;
    editor = await new HttpSession(url).signIn(logins.editor, PASSWORD);
    minister = await new HttpSession(url).signIn(logins.minister, PASSWORD);
    verifier = await new HttpSession(url).signIn(logins.verifier, PASSWORD);
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const statusOf = async (db: Database, table: 'job' | 'pupil_import' | 'registry_snapshot', id: string) =>
    (await sql<{ status: string }>`SELECT status FROM ${sql.table(table)} WHERE id = ${id}`.execute(db.kysely)).rows[0]
      ?.status;
  const importRows = (db: Database, importId: string) =>
    count(db, sql`SELECT count(*)::int AS n FROM pupil_import_row WHERE import_id = ${importId}`);
  const platformPupils = (db: Database, schoolId: string) =>
    count(
      db,
      sql`SELECT count(DISTINCT pp.person_id)::int AS n FROM platform_pupil pp JOIN person p ON p.id = pp.person_id
        WHERE pp.platform_id = ${platform.id} AND pp.school_id = ${schoolId}`,
    );

  /** What the previous scenario's resumed job wrote, checked in the data its successor's crash left. */
  const afterwards: Array<(db: Database) => Promise<void>> = [];
  const checkAfterwards = async (db: Database) => {
    for (const check of afterwards.splice(0)) await check(db);
  };

  it('an XLSX import killed while the file is checked, and again while it is written, resumes and writes each row once', async () => {
    const school = schools[0]!;
    const before = personsBefore.get(school.id)!;
    const rows = pupilRecords(school.edrpou, year, IMPORT_ROWS, 300_000, false).map((r) =>
      TEMPLATE_COLUMNS.map((c) => sheetValue(c, flat(r, c.key))),
    );
    const file = await exportWorkbook({ name: school.name, edrpou: school.edrpou }, fromLabel, rows);
    const up = await editor.upload<{ importId: string; jobId: string }>(
      `/api/v1/schools/${school.id}/imports`,
      'uchni.xlsx',
      file,
    );
    expect(up.status, JSON.stringify(up.body)).toBe(202);
    const { importId, jobId } = up.body;

    // 1. Killed while the file is checked: batches of 500 rows are stored, each in its own transaction.
    const when = await killDuring(editor, jobId, { midway: (j) => j.progress.done >= 1_000 });
    const left = await inspect(async (db) => ({
      status: await statusOf(db, 'pupil_import', importId),
      job: await statusOf(db, 'job', jobId),
      rows: await importRows(db, importId),
      persons: await personsAt(db, school.id),
    }));
    expect(left, when).toMatchObject({ status: 'parsing', job: 'running', persons: before });
    expect(left.rows % 500, 'only whole batches of rows are stored').toBe(0);
    expect(left.rows).toBeLessThan(IMPORT_ROWS);

    await restart();
    const parsed = await finished(editor, jobId);
    expect(parsed.status, JSON.stringify(parsed)).toBe('succeeded');
    expect(parsed.attempts).toBe(2);
    const preview = await editor.request<{ status: string; counts: { rows: number; valid: number } }>(
      'GET',
      `/api/v1/imports/${importId}`,
    );
    expect(preview.body.status).toBe('previewed');
    expect(preview.body.counts.rows).toBe(IMPORT_ROWS);
    expect(preview.body.counts.valid).toBeGreaterThan(IMPORT_ROWS * 0.9);

    // 2. Killed while the rows are written: one bulk transaction.
    const commit = await editor.request<{ jobId: string }>('POST', `/api/v1/imports/${importId}/commit`, {
      mode: 'valid_only',
    });
    expect(commit.status, JSON.stringify(commit.body)).toBe(202);
    const commitWhen = await killDuring(editor, commit.body.jobId, { writing: true });
    const mid = await inspect(async (db) => ({
      status: await statusOf(db, 'pupil_import', importId),
      job: await statusOf(db, 'job', commit.body.jobId),
      persons: await personsAt(db, school.id),
      // The interrupted check stored no row twice.
      rows: await importRows(db, importId),
    }));
    expect(mid, commitWhen).toEqual({ status: 'committing', job: 'running', persons: before, rows: IMPORT_ROWS });

    await restart();
    const written = await finished(editor, commit.body.jobId);
    expect(written.status, JSON.stringify(written)).toBe('succeeded');
    expect(written.attempts).toBe(2);
    const done = await editor.request<{ status: string; counts: { committed: number } }>(
      'GET',
      `/api/v1/imports/${importId}`,
    );
    expect(done.body.status).toBe('committed');
    expect(done.body.counts.committed).toBe(preview.body.counts.valid);
    afterwards.push(async (db) => {
      const linked = await count(
        db,
        sql`SELECT count(DISTINCT person_id)::int AS n FROM pupil_import_row WHERE import_id = ${importId} AND person_id IS NOT NULL`,
      );
      expect({ persons: await personsAt(db, school.id), linked }).toEqual({
        persons: before + done.body.counts.committed,
        linked: done.body.counts.committed,
      });
    });
  });

  it('a platform batch killed between its chunks keeps whole chunks and resumes where it stopped', async () => {
    const school = schools[1]!;
    const before = personsBefore.get(school.id)!;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: platform.clientId,
      client_secret: platform.clientSecret,
    }).toString();
    const anon = new HttpSession(() => server.url);
    const token = await anon.request<{ access_token: string }>('POST', '/oauth/token', form, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    const bearer = { authorization: `Bearer ${token.body.access_token}` };
    const sent = await anon.request<{ job: { id: string } }>(
      'POST',
      `/api/v1/schools/${school.edrpou}/pupils:batch`,
      { records: pupilRecords(school.edrpou, year, BATCH_RECORDS, 600_000, true) },
      { headers: { ...bearer, 'idempotency-key': 'faults-batch-1' } },
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const jobId = sent.body.job.id;
    const when = await killDuring(anon, jobId, {
      headers: bearer,
      // While a chunk is processed (its validation or its transaction holds the server), or between chunks when a
      // status answer shows some but not all of them done.
      writing: true,
      held: true,
      midway: (j) => j.progress.done >= 1_000 && j.progress.done < BATCH_RECORDS - 1_000,
    });
    const left = await inspect(async (db) => {
      await checkAfterwards(db);
      const b = (
        await sql<{ chunks_done: number; results: Array<{ summary: { created: number } }> }>`
          SELECT chunks_done, results FROM exchange_batch WHERE job_id = ${jobId}`.execute(db.kysely)
      ).rows[0]!;
      return {
        chunks: b.chunks_done,
        created: b.results.reduce((s, r) => s + r.summary.created, 0),
        persons: await personsAt(db, school.id),
        mapped: await platformPupils(db, school.id),
        job: await statusOf(db, 'job', jobId),
      };
    });
    expect(left.job, when).toBe('running');
    expect(left.chunks).toBeLessThan(Math.ceil(BATCH_RECORDS / 1_000));
    // Exactly the records of the committed chunks are there: nothing of the chunk that was cut off.
    expect(left.persons - before, when).toBe(left.created);
    expect(left.mapped).toBe(left.created);

    await restart();
    const done = await finished(anon, jobId, bearer);
    expect(done.status, JSON.stringify(done)).toBe('succeeded');
    expect(done.attempts).toBe(2);
    const summary = (done.result as { summary: { records: number; created: number; rejected: number } }).summary;
    expect(summary.records).toBe(BATCH_RECORDS);
    expect(summary.created + summary.rejected).toBe(BATCH_RECORDS);
    expect(summary.created).toBeGreaterThan(BATCH_RECORDS * 0.9);
    afterwards.push(async (db) => {
      expect({ persons: await personsAt(db, school.id), mapped: await platformPupils(db, school.id) }).toEqual({
        persons: before + summary.created,
        mapped: summary.created,
      });
    });
  });

  /**
   * Per school: whether a transition of the year is applied, and what such a transition writes — the next year's
   * spells, the exits of graduates and leavers, one event per pupil — and the spells of the year still open.
   */
  const transitionState = (db: Database) =>
    sql<{
      school_id: string;
      applied: number;
      pupils: number | null;
      moved: number | null;
      open_from: number;
      next: number;
      exits: number;
      events: number;
    }>`
      SELECT s.id AS school_id,
        (SELECT count(*)::int FROM transition t WHERE t.school_id = s.id AND t.from_year = ${year}) AS applied,
        (SELECT t.pupils FROM transition t WHERE t.school_id = s.id AND t.from_year = ${year}) AS pupils,
        (SELECT t.promoted + t.repeated FROM transition t WHERE t.school_id = s.id AND t.from_year = ${year}) AS moved,
        (SELECT count(*)::int FROM enrolment e
          WHERE e.school_id = s.id AND e.school_year = ${year} AND e.exit_date IS NULL) AS open_from,
        (SELECT count(*)::int FROM enrolment e WHERE e.school_id = s.id AND e.school_year = ${year + 1}) AS next,
        (SELECT count(*)::int FROM transition_exit x WHERE x.school_id = s.id) AS exits,
        (SELECT count(*)::int FROM pupil_event v
          WHERE v.school_id = s.id AND v.kind IN ('promoted', 'repeated', 'graduated', 'left')) AS events
      FROM organisation s WHERE s.kind = 'school' ORDER BY s.id`
      .execute(db.kysely)
      .then((r) => r.rows);
  type SchoolState = Awaited<ReturnType<typeof transitionState>>[number];
  const untouched = (s: SchoolState) => s.applied === 0 && s.next === 0 && s.exits === 0 && s.events === 0;
  const whole = (s: SchoolState) =>
    s.applied === 1 &&
    s.open_from === 0 &&
    s.next === s.moved &&
    s.next + s.exits === s.pupils &&
    s.events === s.pupils;
  const everySchoolWholeOrUntouched = (states: SchoolState[], when: string) => {
    for (const s of states) expect(untouched(s) || whole(s), `${when}: ${JSON.stringify(s)}`).toBe(true);
  };

  it('a rollover killed mid-way leaves each school fully transitioned or untouched, and resumes', async () => {
    const open = await minister.request('POST', `/api/v1/school-years/${toLabel}/open`);
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    const run = await minister.request<{ jobId: string; schools: number }>('POST', '/api/v1/transitions', {
      fromYear: fromLabel,
      validationErrors: 'warn',
    });
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    const { jobId } = run.body;
    const when = await killDuring(minister, jobId, { writing: true });
    const mid = await inspect(async (db) => {
      await checkAfterwards(db);
      return { state: await transitionState(db), job: await statusOf(db, 'job', jobId) };
    });
    expect(mid.job, when).toBe('running');
    everySchoolWholeOrUntouched(mid.state, `after the kill (${when})`);

    await restart();
    const done = await finished(minister, jobId);
    expect(done.status, JSON.stringify(done)).toBe('succeeded');
    expect(done.attempts).toBe(2);
    const report = done.result as { applied: number; alreadyApplied: number; blocked: number; schools: number };
    expect(report.schools).toBe(run.body.schools);
    afterwards.push(async (db) => {
      const state = await transitionState(db);
      everySchoolWholeOrUntouched(state, 'after the resumed run');
      // Schools applied before the crash count as already applied in the resumed run's report.
      const applied = state.filter((s) => s.applied === 1).length;
      expect(applied).toBe(report.applied + report.alreadyApplied);
      expect(applied).toBeGreaterThan(0);
      expect(state.filter(untouched).length).toBe(report.blocked);
    });
  });

  let snapshotId = '';

  it('a registry extract import killed inside its transaction leaves no records and resumes', async () => {
    const up = await verifier.upload<{ snapshotId: string; jobId: string }>(
      '/api/v1/verification/extracts?kind=births&link=false',
      'births.csv',
      Buffer.from(births, 'utf8'),
    );
    expect(up.status, JSON.stringify(up.body)).toBe(202);
    snapshotId = up.body.snapshotId;
    const when = await killDuring(verifier, up.body.jobId, { writing: true });
    const records = (db: Database) =>
      count(db, sql`SELECT count(*)::int AS n FROM registry_record WHERE snapshot_id = ${snapshotId}`);
    const left = await inspect(async (db) => {
      await checkAfterwards(db);
      return {
        status: await statusOf(db, 'registry_snapshot', snapshotId),
        records: await records(db),
        job: await statusOf(db, 'job', up.body.jobId),
      };
    });
    expect(left, when).toEqual({ status: 'importing', records: 0, job: 'running' });

    await restart();
    const done = await finished(verifier, up.body.jobId);
    expect(done.status, JSON.stringify(done)).toBe('succeeded');
    expect(done.attempts).toBe(2);
    const result = done.result as { imported: number; rejected: number };
    expect(result.imported + result.rejected).toBe(birthsRows);
    afterwards.push(async (db) => {
      expect({ status: await statusOf(db, 'registry_snapshot', snapshotId), records: await records(db) }).toEqual({
        status: 'imported',
        records: result.imported,
      });
    });
  });

  it('a linkage run killed mid-way leaves no run and no links, and resumes; the audit chain is whole', async () => {
    expect(snapshotId).not.toBe('');
    const req = await verifier.request<{ jobId: string }>(
      'POST',
      `/api/v1/verification/extracts/${snapshotId}/link`,
      {},
    );
    expect(req.status, JSON.stringify(req.body)).toBe(202);
    const { jobId } = req.body;
    const when = await killDuring(verifier, jobId, { writing: true });
    const runs = (db: Database) =>
      count(db, sql`SELECT count(*)::int AS n FROM registry_link_run WHERE snapshot_id = ${snapshotId}`);
    const links = (db: Database) =>
      count(
        db,
        sql`SELECT count(*)::int AS n FROM registry_link l JOIN registry_link_run r ON r.id = l.run_id
          WHERE r.snapshot_id = ${snapshotId}`,
      );
    const left = await inspect(async (db) => {
      await checkAfterwards(db);
      return { runs: await runs(db), links: await links(db), job: await statusOf(db, 'job', jobId) };
    });
    expect(left, when).toEqual({ runs: 0, links: 0, job: 'running' });

    await restart();
    const done = await finished(verifier, jobId);
    expect(done.status, JSON.stringify(done)).toBe('succeeded');
    expect(done.attempts).toBe(2);
    const report = (done.result as { runs: Array<{ linked: number; review: number }> }).runs;
    expect(report).toHaveLength(1);
    await server.stop();
    const after = await inspect(async (db) => ({ runs: await runs(db), links: await links(db) }));
    expect(after.runs).toBe(1);
    expect(after.links).toBe(report[0]!.linked + report[0]!.review);
    expect(after.links).toBeGreaterThan(0);

    // Six kills later, the hash chain of the audit log has no gap and no broken link.
    const r = spawnSync(process.execPath, ['packages/server/bin/aikom.js', 'audit', 'verify'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, AIKOM_DEMO: '0', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  });
});
