/**
 * `aikom registry …` end to end, in process, on a small fixed synthetic region: the births extract imported from a
 * file and linked (`--json`), a bad file refused with nothing left behind, the children sought linked with both
 * targets, a detection, and the status of the versions. The CLI reads the real clock, so the data set is made for
 * today.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { schoolYearOf } from '@aikom/domain/school-year';
import { createSyntheticExtracts, extractCsvLines, type ExtractKind } from '@aikom/tools/synth/extracts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, enginesUnderTest, type TestDatabase } from '../../../test/engines';
import { prepareInstance } from '../../bootstrap';
import { loadConfig } from '../../config';
import { seedSynthetic } from '../../modules/seed/load-synthetic';
import { parseHostilitiesTsv, parseKatottgTsv, readDatasetText, readManifest } from '../../reference/reference-data';
import { openRuntime } from '../../runtime';
import { main } from '../main';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
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
    return { code: await main(argv), out, err };
  } finally {
    so.mockRestore();
    se.mockRestore();
    log.mockRestore();
  }
}

const SIZE = { pupils: 300, schools: 3 } as const;

describe.each(enginesUnderTest())('aikom registry on %s', (engine) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aikom-registry-${engine}-`));
  const saved = { ...process.env };
  let database: TestDatabase | undefined;
  const file = (kind: ExtractKind) => path.join(dir, `${kind}.csv`);
  const rows = new Map<ExtractKind, number>();

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
    const runtime = await openRuntime(loadConfig({ ...process.env }), { purpose: 'registry CLI test' });
    try {
      await prepareInstance(runtime.ctx);
      await seedSynthetic(runtime.ctx, { preset: 'demo', seed: 5, ...SIZE });
    } finally {
      await runtime.close();
    }
    const today = new Date().toISOString().slice(0, 10);
    const manifest = readManifest();
    const extracts = createSyntheticExtracts(
      {
        codifier: parseKatottgTsv(readDatasetText(manifest.katottg)),
        hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
      },
      { preset: 'demo', seed: 5, schoolYear: schoolYearOf(today).id, today, ...SIZE },
      { unenrolled: { deported: 0.01, missing: 0.01, unaccounted: 0.02 } },
    );
    for (const kind of ['births', 'sought'] as const) {
      const items = [...extracts.items(kind)].map((i) => i.row);
      rows.set(kind, items.length);
      fs.writeFileSync(file(kind), [...extractCsvLines(kind, items)].join(''), 'utf8');
    }
  }, 120_000);
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

  it('refuses the sought list before the births extract, and a file that is not an extract', async () => {
    const early = await run('registry', 'import', '--kind', 'sought', '--file', file('sought'), '--json');
    expect(early.code).not.toBe(0);
    expect(early.err).toContain('спершу завантажте його');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'surname;name\nІваненко;Олег\n', 'utf8');
    const wrong = await run('registry', 'import', '--kind', 'births', '--file', bad, '--json');
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain('REGISTRY_EXTRACT_COLUMNS');
    // Nothing was left behind: no version of any kind that is imported.
    const status = await run('registry', 'status', '--json');
    expect(status.code, status.err).toBe(0);
    const { snapshots } = JSON.parse(status.out) as { snapshots: Array<{ status: string }> };
    expect(snapshots.filter((v) => v.status === 'imported')).toEqual([]);
  }, 60_000);

  it('imports the births extract as version 1 and links it with the registry', async () => {
    const r = await run('registry', 'import', '--kind', 'births', '--file', file('births'), '--json');
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as {
      kind: string;
      version: number;
      rows: number;
      imported: number;
      rejected: number;
      provenance: { sha256: string };
      runs: Array<{ target: string; linked: number; review: number }>;
    };
    expect(report).toMatchObject({ kind: 'births', version: 1, rows: rows.get('births'), rejected: 0 });
    expect(report.imported).toBe(rows.get('births'));
    expect(report.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.runs.map((x) => x.target)).toEqual(['registry']);
    // Most of the registry's children are found in the births extract (the rest are the children no school knows).
    expect(report.runs[0]!.linked).toBeGreaterThan(SIZE.pupils * 0.9);
  }, 60_000);

  it('links the children sought with both targets, and lists the potentially missing children', async () => {
    const sought = await run('registry', 'import', '--kind', 'sought', '--file', file('sought'), '--json');
    expect(sought.code, sought.err).toBe(0);
    const s = JSON.parse(sought.out) as { runs: Array<{ target: string }> };
    expect(s.runs.map((x) => x.target).sort()).toEqual(['births', 'registry']);
    const detected = await run('registry', 'detect', '--json');
    expect(detected.code, detected.err).toBe(0);
    const d = JSON.parse(detected.out) as { opened: number; candidates: Record<string, number> };
    expect(d.opened).toBeGreaterThan(0);
    expect(d.candidates.not_enrolled).toBeGreaterThan(0);
    expect(d.candidates.sought_match).toBeGreaterThan(0);
    // A second detection opens nothing new.
    const again = JSON.parse((await run('registry', 'detect', '--json')).out) as { opened: number };
    expect(again.opened).toBe(0);
  }, 60_000);
});
