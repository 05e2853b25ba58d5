/**
 * The soak on loopback (docs/reliability/load.md): the real server in a child process, portal users of every level
 * and platforms at once, no error allowed. Short (CI): 75 s, 20 users, 2 platforms on the demo preset.
 * AIKOM_RELIABILITY=full: 30 minutes, 200 users, 10 platforms — on the demo preset, or on a loaded database as it is
 * with AIKOM_SOAK_DATABASE_URL and AIKOM_SOAK_DATA_DIR (the national preset on PostgreSQL and its key file).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../packages/server/test/engines';
import { byScale } from '../../../packages/server/test/reliability/scale';
import { formatReport, runSoak, type SoakOptions } from './soak';

const load: Omit<SoakOptions, 'databaseUrl' | 'dataDir'> = {
  seconds: byScale(75, 1800),
  users: byScale(20, 200),
  platforms: byScale(2, 10),
  thinkMs: byScale(1000, 3000),
  platformThinkMs: byScale(2000, 5000),
  // A minute cannot show a slow leak (the heap is still warming up); the full run judges growth after 5 minutes.
  memoryMinWindowSeconds: byScale(Number.POSITIVE_INFINITY, 600),
  log: (line) => console.log(line),
};

async function freshPostgres(admin: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `aikom_soak_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

function expectHeld(report: Awaited<ReturnType<typeof runSoak>>): void {
  console.log(formatReport(report));
  expect(report.errorSamples).toEqual([]);
  expect(report.server.errorLogs).toEqual([]);
  expect(report.server.exitCode).toBe(0);
  const count = (endpoint: string) => report.endpoints.find((e) => e.endpoint === endpoint)?.count ?? 0;
  // Every kind of work happened, so "no errors" means something.
  for (const endpoint of [
    'POST /api/v1/auth/login',
    'GET /api/v1/schools/:id/classes',
    'GET /api/v1/schools/:id/pupils',
    'GET /api/v1/pupils/:id',
    'PUT /api/v1/pupils/:id',
    'GET /api/v1/pupils/search',
    'POST /oauth/token',
    'POST /api/v1/schools/:edrpou/pupils:batch',
    'GET /api/v1/changes',
  ])
    expect(count(endpoint), endpoint).toBeGreaterThan(0);
  expect(count('POST /api/v1/auth/login')).toBe(report.users);
  expect(report.edits.saved).toBeGreaterThan(0);
  expect(report.feed.changes).toBeGreaterThan(0);
  expect(report.memory.samples.length).toBeGreaterThan(5);
  expect(report.failures).toEqual([]);
  expect(report.passed).toBe(true);
}

describe('soak', () => {
  const national = process.env.AIKOM_SOAK_DATABASE_URL;
  if (national) {
    it('holds on the loaded database as it is', async () => {
      expectHeld(await runSoak({ ...load, databaseUrl: national, dataDir: process.env.AIKOM_SOAK_DATA_DIR }));
    });
    return;
  }

  for (const engine of enginesUnderTest()) {
    it(`holds on ${engine} with the demo preset`, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-soak-test-'));
      const pgDb = engine === 'postgres' ? await freshPostgres(process.env.TEST_DATABASE_URL!) : undefined;
      try {
        expectHeld(await runSoak({ ...load, dataDir, databaseUrl: pgDb?.url, loadPreset: 'demo' }));
      } finally {
        await pgDb?.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }
});
