/**
 * Disk full under the embedded database. The data directory of a prepared instance is copied onto a small tmpfs;
 * once a real `aikom serve` runs on it, a ballast file takes all but a few hundred kilobytes, and the server takes
 * pupils from a portal user until the filesystem is full. Asserted: every write refused for lack of space is a problem+json with a stable code and a Ukrainian title
 * (no 500, no hang, no crash of the server); reads keep working; and once the mount is enlarged the server starts
 * again on the same files and holds exactly the pupils it answered 201 for — nothing committed is lost, nothing
 * refused is half there.
 *
 * Mounting needs root (CAP_SYS_ADMIN); without it the test is skipped with the reason.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { schoolYearOf } from '@aikom/domain/school-year';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareInstance } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { seedSynthetic } from '../../src/modules/seed/load-synthetic';
import { openRuntime } from '../../src/runtime';
import { createUser, PASSWORD, type Org } from '../factories';
import { freePort, HttpSession, pupilRecords, ServerProcess } from './faults-harness';
import { byScale } from './scale';

/** The mount's size beyond the prepared data (room for the server's start). */
const SPARE_MB = 16;
/** Left free once the server runs: the rest is taken by a ballast file, so the disk fills after a few writes. */
const FREE_KB = byScale(384, 2_048);
/** Writes tried at most (the filesystem is full long before). */
const MAX_WRITES = 5_000;

function mountable(): true | string {
  if (process.platform !== 'linux') return 'tmpfs mounts need Linux';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'mounting a tmpfs needs root';
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-faults-probe-'));
  try {
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { encoding: 'utf8' });
    if (r.status !== 0) return `mount -t tmpfs is not permitted here: ${(r.stderr || String(r.error)).trim()}`;
    spawnSync('umount', [probe]);
    return true;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

const available = mountable();
if (available !== true) console.warn(`disk-full test skipped: ${available}`);

const du = (dir: string) => Number(spawnSync('du', ['-sk', dir], { encoding: 'utf8' }).stdout.split(/\s/)[0]) * 1024;

describe.skipIf(available !== true)('disk full under the embedded database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-faults-disk-'));
  const prepared = path.join(dir, 'prepared');
  const mnt = path.join(dir, 'small');
  const dataDir = path.join(mnt, 'data');
  let server: ServerProcess;
  let school: Org & { edrpou: string };
  let mounted = false;
  const year = schoolYearOf(new Date().toISOString().slice(0, 10)).id;

  beforeAll(async () => {
    const runtime = await openRuntime(loadConfig({ DATA_DIR: prepared, AIKOM_DEMO: '0', LOG_LEVEL: 'silent' }), {
      purpose: 'faults test setup',
    });
    try {
      await prepareInstance(runtime.ctx);
      await seedSynthetic(runtime.ctx, { preset: 'demo', seed: 47, pupils: 200, schools: 2 });
      const s = await runtime.ctx.db.kysely
        .selectFrom('organisation')
        .select(['id', 'name', 'kind', 'region_id', 'ouo_id', 'edrpou'])
        .where('kind', '=', 'school')
        .orderBy('edrpou')
        .executeTakeFirstOrThrow();
      school = { id: s.id, name: s.name, kind: s.kind, regionId: s.region_id, ouoId: s.ouo_id, edrpou: s.edrpou! };
      await createUser(runtime.ctx, 'school_editor', school, { login: 'faults.disk.editor' });
    } finally {
      await runtime.close();
    }
    fs.mkdirSync(mnt);
    const size = Math.ceil(du(prepared) / 1024 / 1024) + SPARE_MB;
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}m`, 'tmpfs', mnt], { encoding: 'utf8' });
    if (m.status !== 0) throw new Error(`mount: ${m.stderr}`);
    mounted = true;
    fs.cpSync(prepared, dataDir, { recursive: true });
    server = new ServerProcess(
      await freePort(),
      { DATA_DIR: dataDir, AIKOM_DEMO: '1', AIKOM_MFA: 'off' },
      path.join(dir, 'server.log'),
    );
    await server.start();
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    if (mounted) spawnSync('umount', ['-l', mnt]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses writes with a clear error when the disk is full, and loses nothing committed', async () => {
    const editor = await new HttpSession(() => server.url).signIn('faults.disk.editor', PASSWORD);
    const freeKb = Number(spawnSync('df', ['-k', '--output=avail', mnt], { encoding: 'utf8' }).stdout.split('\n')[1]);
    const ballast = path.join(mnt, 'ballast');
    fs.writeFileSync(ballast, Buffer.alloc(Math.max(0, freeKb - FREE_KB) * 1024));
    const records = pupilRecords(school.edrpou, year, MAX_WRITES, 400_000, false);
    const created: string[] = [];
    const refusals: Array<{ status: number; code: string | undefined; title: string | undefined; type: string }> = [];
    let i = 0;
    // Writes until a run of refusals shows the disk is full (the first few may still find a free page).
    while (i < records.length && refusals.length < 20) {
      const record = records[i++]!;
      const r = await editor.request<{ id?: string; code?: string; title?: string }>('POST', '/api/v1/pupils', record, {
        timeoutMs: 30_000,
      });
      if (r.status === 201) created.push((record.birthCertificate as { number: string }).number);
      else refusals.push({ status: r.status, code: r.body.code, title: r.body.title, type: r.contentType });
    }
    const free = spawnSync('df', ['-k', mnt], { encoding: 'utf8' }).stdout.trim().split('\n').at(-1);
    const causes = [...new Set(server.log.match(/"code":"[^"]+"/g) ?? [])];
    console.log(
      `disk full: ${created.length} pupils written before the disk filled; refusals ${JSON.stringify(refusals.slice(0, 2))}; ` +
        `logged codes ${causes.join(' ')}; df: ${free}`,
    );
    expect(created.length, 'some writes succeed before the disk is full').toBeGreaterThan(0);
    expect(refusals.length, `the disk filled within ${MAX_WRITES} writes`).toBeGreaterThan(0);
    for (const r of refusals) {
      expect(r.type).toContain('application/problem+json');
      expect(r.status).toBe(507);
      expect(r.code).toBe('STORAGE_FULL');
      expect(r.title).toMatch(/[а-яіїєґ]/i);
    }
    expect(server.alive, `the server stays up:\n${server.log}`).toBe(true);
    // Reads still work on a full disk.
    const list = await editor.request<{ items: unknown[] }>('GET', `/api/v1/schools/${school.id}/pupils?grade=5`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);

    // Room again; the server is started anew on the same files and has every committed pupil, and no refused one.
    await server.stop();
    fs.rmSync(ballast);
    const db = await openDatabase({ dataDir });
    try {
      const r = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM person WHERE source = 'portal' AND school_id = ${school.id}`.execute(db.kysely);
      expect(r.rows[0]!.n, 'exactly the pupils answered 201 are stored').toBe(created.length);
    } finally {
      await db.close();
    }
    await server.start();
    const again = await new HttpSession(() => server.url).signIn('faults.disk.editor', PASSWORD);
    // And a write succeeds again.
    const more = await again.request('POST', '/api/v1/pupils', records[i]!);
    expect(more.status, JSON.stringify(more.body)).toBe(201);
  });
});
