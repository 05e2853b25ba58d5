import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExtractRow } from '@aikom/domain/linkage/extract-formats';
import { isSchoolAge } from '@aikom/domain/linkage/missing-children';
import {
  parseHostilitiesTsv,
  parseKatottgTsv,
  readDatasetText,
  readManifest,
} from '@aikom/server/reference/reference-data';
import {
  createCleanTwin,
  createSyntheticExtracts,
  DEFAULT_UNENROLLED,
  EXTRACT_KINDS,
  extractCsvLines,
  oldTransliteration,
  writeExtractFiles,
  type ExtractItem,
} from './extracts';
import { createSyntheticDataset, TerritoryIndex } from './generate';

const manifest = readManifest();
const TODAY = '2025-10-15';
const index = new TerritoryIndex(
  parseKatottgTsv(readDatasetText(manifest.katottg)),
  parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
  TODAY,
);
const OPTIONS = { preset: 'demo' as const, seed: 7, schoolYear: 2025, today: TODAY };
const extracts = createSyntheticExtracts(index, OPTIONS);
const all = new Map(EXTRACT_KINDS.map((k) => [k, [...extracts.items(k)]]));
const items = (k: (typeof EXTRACT_KINDS)[number]): ExtractItem[] => all.get(k)!;

describe('the clean twin the extracts are made from', () => {
  it('yields the same records as the data set wherever the data set injected no fault', () => {
    const faulty = createSyntheticDataset(index, OPTIONS);
    const clean = createCleanTwin(faulty, OPTIONS);
    expect(clean.summary).toEqual(faulty.summary);
    const a = [...faulty.pupils()];
    const b = [...clean.pupils()];
    expect(b).toHaveLength(a.length);
    let compared = 0;
    let differing = 0;
    for (let i = 0; i < a.length; i++) {
      expect(b[i]!.truthId).toBe(a[i]!.truthId);
      if (a[i]!.truth.faults.length === 0) {
        expect(b[i]!.record).toEqual(a[i]!.record);
        compared++;
      } else if (JSON.stringify(a[i]!.record) !== JSON.stringify(b[i]!.record)) differing++;
    }
    expect(compared).toBeGreaterThan(a.length * 0.8);
    expect(differing).toBeGreaterThan(0);
  });
});

describe('createSyntheticExtracts', () => {
  const births = items('births');
  const children = extracts.dataset.plan.summary.pupils;

  it('lists every child of school age once in the births extract, and children no school knows besides', () => {
    const ids = new Set(births.map((b) => b.truth.truthId));
    expect(ids.size).toBe(births.length);
    const enrolled = births.filter((b) => b.truth.truthId <= children);
    const extra = births.filter((b) => b.truth.truthId > children);
    expect(extra.length).toBe(extracts.extraChildren);
    const expected = Object.values(DEFAULT_UNENROLLED).reduce((a, s) => a + Math.round(children * s), 0);
    expect(extracts.extraChildren).toBe(expected);
    // Of school age, but for the rare day–month swap of the register that crosses 1 September.
    const inWindow = births.filter((b) => isSchoolAge(b.row.birth_date!, 2025)).length;
    expect(inWindow / births.length).toBeGreaterThan(0.998);
    // A pupil younger than six or older than seventeen would be outside the extract.
    expect(enrolled.length).toBeGreaterThan(children * 0.9);
    expect(enrolled.length).toBeLessThanOrEqual(children);
  });

  it('writes rows the extract reader accepts, with unique record ids and certificates', () => {
    for (const kind of EXTRACT_KINDS) {
      const rows = items(kind);
      expect(rows.length, kind).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.truth.recordId)).size).toBe(rows.length);
      for (const { row } of rows) {
        const read = readExtractRow(kind, row);
        expect(read.errors, `${kind} ${JSON.stringify(row)}`).toEqual([]);
      }
    }
    const certs = births
      .filter((b) => b.row.birth_cert_number)
      .map((b) => `${b.row.birth_cert_series} ${b.row.birth_cert_number}`);
    // Reissued certificates draw a new number at random: a handful may collide in a data set; no more.
    expect(certs.length - new Set(certs).size).toBeLessThanOrEqual(2);
  });

  it('gives each fate its lists: deaths, border crossings, the IDP database, the children sought', () => {
    const fatesOf = (kind: (typeof EXTRACT_KINDS)[number]) => new Set(items(kind).map((i) => i.truth.fate));
    for (const f of fatesOf('deaths')) expect(['deceased', 'enrolled_deceased']).toContain(f);
    expect(items('deaths').filter((i) => i.truth.fate === 'deceased')).toHaveLength(
      Math.round(children * DEFAULT_UNENROLLED.deceased),
    );
    for (const f of fatesOf('border')) expect(['abroad', 'returned', 'enrolled_abroad']).toContain(f);
    for (const f of fatesOf('idp')) expect(['idp', 'enrolled_idp']).toContain(f);
    for (const f of fatesOf('sought')) expect(['deported', 'missing', 'enrolled_sought']).toContain(f);
    const returned = items('border').filter((i) => i.truth.fate === 'returned');
    const byChild = new Map<number, string[]>();
    for (const r of returned) byChild.set(r.truth.truthId, [...(byChild.get(r.truth.truthId) ?? []), r.row.direction!]);
    for (const dirs of byChild.values()) expect(dirs).toEqual(['exit', 'entry']);
    for (const b of items('border')) {
      expect(b.row.last_name).toMatch(/^[A-Z' -]+$/);
      expect(b.row.middle_name).toBeUndefined();
    }
  });

  it('adds the registries own noise at about the configured rates', () => {
    const enrolled = births.filter((b) => b.truth.truthId <= children);
    const missing = enrolled.filter((b) => b.row.birth_cert_number === '').length / enrolled.length;
    // 1 % missing in the register plus the 0.6 % of children born abroad (their certificate is foreign).
    expect(missing).toBeGreaterThan(0.005);
    expect(missing).toBeLessThan(0.04);
  });

  it('is deterministic for a preset and seed', () => {
    const digest = (list: Iterable<ExtractItem>) => {
      const h = createHash('sha256');
      for (const i of list) h.update(JSON.stringify(i));
      return h.digest('hex');
    };
    const again = createSyntheticExtracts(index, OPTIONS);
    for (const kind of ['births', 'border'] as const) expect(digest(again.items(kind))).toBe(digest(items(kind)));
    const other = createSyntheticExtracts(index, { ...OPTIONS, seed: 8 });
    expect(digest(other.items('sought'))).not.toBe(digest(items('sought')));
  });
});

describe('files', () => {
  it('writes one CSV per extract and the truth as NDJSON', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-extracts-'));
    try {
      const written = await writeExtractFiles(extracts, dir, path.join(dir, 'truth.ndjson'));
      for (const kind of EXTRACT_KINDS) {
        const text = fs.readFileSync(written.files[kind], 'utf8');
        const lines = text.trimEnd().split('\r\n');
        expect(lines).toHaveLength(items(kind).length + 1);
        expect(lines[0]!.startsWith('record_id;')).toBe(true);
        expect(written.rows[kind]).toBe(items(kind).length);
      }
      const truth = fs.readFileSync(path.join(dir, 'truth.ndjson'), 'utf8').trimEnd().split('\n');
      expect(truth.length).toBe(EXTRACT_KINDS.reduce((a, k) => a + items(k).length, 0));
      expect(JSON.parse(truth[0]!)).toMatchObject({ kind: 'births', truthId: expect.any(Number) as number });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('quotes fields that hold the delimiter or quotes', () => {
    const lines = [...extractCsvLines('sought', [{ record_id: 'a;b', list: 'Список "Діти війни"' }])];
    expect(lines[1]).toContain('"a;b"');
    expect(lines[1]).toContain('"Список ""Діти війни"""');
  });
});

describe('oldTransliteration', () => {
  it.each([
    ['Юлія', 'Yuliya'],
    ['Олексій', 'Oleksiy'],
    ['Григорій', 'Grygoriy'],
    ['Марія', 'Mariya'],
    ['Христя', 'Khrystya'],
    ['Гончаренко', 'Goncharenko'],
  ])('%s → %s', (cyrillic, latin) => expect(oldTransliteration(cyrillic)).toBe(latin));
});
