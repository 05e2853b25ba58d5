/**
 * The operator's report commands end to end, in process: seed the demo data, build the roll-ups, print the national
 * roll-up, write a school's ZNZ-1 as PDF and an ОУО's 76-РВК as XLSX, and fail plainly on an unknown school.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, enginesUnderTest, type TestDatabase } from '../../../test/engines';
import { main } from '../main';

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI with captured output. */
async function run(...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    out += parts.map(String).join(' ') + '\n';
  });
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    so.mockRestore();
    se.mockRestore();
    log.mockRestore();
  }
}

describe.each(enginesUnderTest())('aikom report on %s', (engine) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aikom-cli-${engine}-`));
  const saved = { ...process.env };
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    process.env.AIKOM_DEMO = '0';
    process.env.AIKOM_KEY_FILE = path.join(dir, 'keys.json');
    if (engine === 'postgres') {
      database = await createTestDatabase('postgres', { reference: false });
      process.env.DATABASE_URL = database.url!;
      await database.db.close();
    } else {
      delete process.env.DATABASE_URL;
      process.env.DATA_DIR = path.join(dir, 'data');
    }
    const seeded = await run('seed', '--preset', 'demo', '--seed', '2', '--json');
    expect(seeded.code, seeded.err).toBe(0);
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    process.env = saved;
    if (database) {
      const pg = await import('pg');
      const admin = new pg.default.Client({ connectionString: saved.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${new URL(database.url!).pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('builds the roll-ups and prints the national tables', async () => {
    const refresh = await run('report', 'refresh', '--json');
    expect(refresh.code, refresh.err).toBe(0);
    expect(JSON.parse(refresh.out)).toMatchObject({ schools: 20, rebuilt: 20 });
    const again = await run('report', 'refresh', '--json');
    expect(JSON.parse(again.out)).toMatchObject({ schools: 20, rebuilt: 0 });
    const nation = await run('report', 'rollup', '--format', 'json');
    expect(nation.code, nation.err).toBe(0);
    const body = JSON.parse(nation.out) as {
      level: string;
      cells: Record<string, number>;
      checks: Array<{ code: string; ok: boolean }>;
      layout: unknown[];
    };
    expect(body.level).toBe('nation');
    expect(body.cells['1.16.2']).toBeGreaterThan(5000);
    expect(body.cells['x.schools']).toBe(20);
    expect(body.layout).toHaveLength(9);
    expect(body.checks.find((c) => c.code === 'TOTAL_EQUALS_REGISTRY')!.ok).toBe(true);
    expect(body.checks.find((c) => c.code === 'COVERAGE')!.ok).toBe(true);
  });

  it('writes a school’s ZNZ-1 as PDF and its ОУО’s 76-РВК as XLSX', async () => {
    const nation = JSON.parse((await run('report', 'rollup')).out) as { flagged: Array<{ edrpou: string }> };
    const edrpou = nation.flagged[0]!.edrpou;
    const json = await run('report', 'znz1', '--school', edrpou);
    expect(json.code, json.err).toBe(0);
    const report = JSON.parse(json.out) as {
      header: { name: string; ouo: { id: string } };
      checks: Array<{ code: string; ok: boolean }>;
    };
    expect(report.checks.find((c) => c.code === 'BLOCKING_ERRORS')!.ok).toBe(false);
    const pdf = path.join(dir, 'school.pdf');
    const written = await run('report', 'znz1', '--school', edrpou, '--format', 'pdf', '--out', pdf);
    expect(written.code, written.err).toBe(0);
    expect(written.out).toContain('Збережено');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('форма № ЗНЗ-1');
    expect(text).toContain(edrpou);
    expect(text).toContain('Мережа класів і контингент учнів');
    const xlsx = path.join(dir, 'ouo.xlsx');
    const rvk = await run('report', 'rvk76', '--ouo', report.header.ouo.id, '--format', 'xlsx', '--out', xlsx);
    expect(rvk.code, rvk.err).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.getWorksheet('Форма')!.getCell(1, 1).text).toContain('76-РВК');
    expect(wb.getWorksheet('Заклади')!.rowCount).toBeGreaterThan(1);
  });

  it('fails plainly on an unknown school and on a bad date', async () => {
    const unknown = await run('report', 'znz1', '--school', '99999999');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Заклад «99999999» не знайдено');
    const bad = await run('report', 'rollup', '--date', '2025-02-30');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('VALIDATION_FAILED');
    expect((await run('report', 'rvk76', '--help')).code).toBe(0);
  });
});
