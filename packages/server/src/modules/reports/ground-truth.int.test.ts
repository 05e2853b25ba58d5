/**
 * On generated data, every ZNZ-1 cell equals an independent count made here from the generator's records (not from
 * the database, not through the report code): for every school of the demo preset, for every ОУО (76-РВК), for the
 * region and the nation; at the official date and later in the year (when late arrivals count).
 */
import { FORM_EDUCATION_FORMS, FORM_LANGUAGES, formCells } from '@aikom/domain/reports/znz1-form';
import { createSyntheticDataset, type SyntheticPupilRecord } from '@aikom/tools/synth/generate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createUser, signIn, type Session } from '../../../test/factories';
import { createTestApp, TEST_NOW, type TestApp } from '../../../test/harness';
import { parseHostilitiesTsv, parseKatottgTsv, readDatasetText, readManifest } from '../../reference/reference-data';
import { seedSynthetic, type SeedReport } from '../seed/load-synthetic';
import { validateOnServer } from '../pupils/validation';

const SEED = 8;
const TODAY = TEST_NOW.toISOString().slice(0, 10);
const Y = 2025;

interface Stored extends SyntheticPupilRecord {
  /** The catalogue's verdict on the record as loaded (errors block, warnings do not). */
  quality: 'errors' | 'warnings' | 'clean';
}

interface School {
  edrpou: string;
  ouoKey: string;
  regionCode: string;
  special: boolean;
  urban: boolean;
  records: Stored[];
}

/** The generator's data set, regenerated here exactly as the seed made it (same preset, seed, year and date). */
function dataset() {
  const manifest = readManifest();
  const codifier = parseKatottgTsv(readDatasetText(manifest.katottg));
  const data = createSyntheticDataset(
    { codifier, hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)) },
    { preset: 'demo', seed: SEED, schoolYear: Y, today: TODAY },
  );
  const parent = new Map(codifier.map((e) => [e.code, e.parentCode]));
  const oblastOf = (code: string) => {
    let c: string | null | undefined = code;
    while (c && parent.get(c)) c = parent.get(c);
    return c ?? null;
  };
  const schools = new Map<string, School>();
  for (const o of data.organisations())
    if (o.kind === 'school')
      schools.set(o.edrpou, {
        edrpou: o.edrpou,
        ouoKey: o.ouoKey!,
        regionCode: o.regionKey!.replace('region:', ''),
        special: o.schoolType === 'special',
        urban: o.settlementType === 'urban',
        records: [],
      });
  for (const p of data.pupils()) {
    // The seed stores a record with catalogue errors as it came, a valid one normalised: the same here.
    const v = validateOnServer(p.record, TEST_NOW);
    const stored = v.errors.length === 0 ? (v.normalised as unknown as SyntheticPupilRecord) : p.record;
    schools.get(p.record.enrollment.schoolEdrpou)!.records.push({
      ...stored,
      quality: v.errors.length > 0 ? 'errors' : v.warnings.length > 0 ? 'warnings' : 'clean',
    });
  }
  return { schools, oblastOf, ouoNames: new Map([...data.organisations()].map((o) => [o.key, o.edrpou])) };
}

/**
 * The expected cells of one school, counted from its records by the rules of docs/reports-znz1.md, written out here
 * without the report code.
 */
function expectedCells(s: School, asOf: string, oblastOf: (code: string) => string | null): Map<string, number> {
  const m = new Map<string, number>();
  const inc = (id: string, n = 1) => m.set(id, (m.get(id) ?? 0) + n);
  const open = s.records.filter((r) => r.enrollment.entryDate <= asOf);
  const levelRow = (g: number) => (g <= 4 ? 13 : g <= 9 ? 14 : 15);
  const levelCol = (g: number) => (g <= 4 ? 0 : g <= 9 ? 1 : 2);
  const classKey = (r: Stored) => `${r.enrollment.grade}-${r.enrollment.classLetter}`;
  const inclusive = new Set(s.special ? [] : open.filter((r) => r.specialNeeds).map(classKey));
  const classes = new Map<string, number>();
  for (const r of open) classes.set(classKey(r), r.enrollment.grade);
  for (const [key, g] of classes)
    for (const row of [g, levelRow(g), 16]) {
      inc(`1.${row}.1`);
      if (inclusive.has(key)) inc(`1.${row}.4`);
    }
  for (const r of open) {
    const g = r.enrollment.grade;
    const girl = r.sex === 'female';
    for (const row of [g, levelRow(g), 16]) {
      inc(`1.${row}.2`);
      if (girl) inc(`1.${row}.3`);
      if (inclusive.has(classKey(r))) {
        inc(`1.${row}.5`);
        if (r.specialNeeds) inc(`1.${row}.6`);
      }
    }
    const lang = FORM_LANGUAGES.indexOf(r.instructionLanguage) + 1 || 32;
    for (const row of [lang, 33]) {
      inc(`2.${row}.1`);
      inc(`2.${row}.${2 + levelCol(g)}`);
    }
    const form = FORM_EDUCATION_FORMS.indexOf(r.educationForm) + 1;
    for (const row of [form, 10]) {
      inc(`3.${row}.1`);
      if (girl) inc(`3.${row}.2`);
      inc(`3.${row}.${3 + levelCol(g)}`);
    }
    const born = Number(r.birthDate.slice(0, 4));
    const byRow = born <= Y - 19 ? 1 : born >= Y - 5 ? 15 : born - Y + 20;
    for (const row of [byRow, 17]) {
      inc(`4.${row}.1`);
      if (girl) inc(`4.${row}.2`);
      inc(`4.${row}.${g + 2}`);
    }
    if (r.specialNeeds)
      for (const row of [levelCol(g) + 1, 4]) {
        inc(`7.${row}.1`);
        if (girl) inc(`7.${row}.2`);
        inc(`7.${row}.${s.special ? 5 : 3}`);
        if (['externship', 'family', 'patronage'].includes(r.educationForm)) inc(`7.${row}.4`);
      }
    // Seeded spells enter with basis «enrolment»: those after 1 September are arrivals.
    if (r.enrollment.entryDate > `${Y}-09-01`) for (const row of [g, 13]) inc(`5.${row}.1`);
    inc('x.pupils');
    inc(s.urban ? 'x.pupils.urban' : 'x.pupils.rural');
    const d = r.displacement;
    inc(`x.disp.${d.status}`);
    if (d.status === 'internal') inc(`x.disp.internal.${(d.originKatottg && oblastOf(d.originKatottg)) ?? 'unknown'}`);
    if (d.status === 'external') inc(`x.disp.external.${d.country ?? 'unknown'}`);
    if (r.contact.status === 'lost') {
      inc('x.contact.lost');
      inc(`x.contact.lost.${g}`);
    }
    inc(`x.quality.${r.quality}`);
  }
  return m;
}

function sum(maps: Iterable<Map<string, number>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of maps) for (const [k, v] of m) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

/** Compares every cell of the form and every expected measure; returns the differences (empty = all equal). */
function differences(actual: Record<string, number | null>, expected: Map<string, number>): string[] {
  const diff: string[] = [];
  for (const { id } of formCells(Y)) {
    if (id.startsWith('8.') || id.startsWith('9.') || id.startsWith('6.') || /^5\.\d+\.[2-6]$/.test(id)) {
      if ((actual[id] ?? 0) !== 0) diff.push(`${id}: ${actual[id]} ≠ 0`);
      continue;
    }
    if ((actual[id] ?? 0) !== (expected.get(id) ?? 0)) diff.push(`${id}: ${actual[id]} ≠ ${expected.get(id) ?? 0}`);
  }
  for (const [id, n] of expected)
    if (id.startsWith('x.') && (actual[id] ?? 0) !== n) diff.push(`${id}: ${actual[id]} ≠ ${n}`);
  return diff;
}

describe.each(enginesUnderTest())('ZNZ-1 against the generator’s ground truth on %s', (engine) => {
  let t: TestApp;
  let seeded: SeedReport;
  let analyst: Session;
  let truth: ReturnType<typeof dataset>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    for (const [id, current] of [
      [2024, false],
      [2025, true],
    ] as const)
      await t.ctx.db.kysely
        .insertInto('school_year')
        .values({
          id,
          label: `${id}-${id + 1}`,
          starts_on: `${id}-09-01`,
          ends_on: `${id + 1}-08-31`,
          is_current: current,
        })
        .execute();
    seeded = await seedSynthetic(t.ctx, { preset: 'demo', seed: SEED });
    truth = dataset();
    const ministry = [...seeded.organisations.values()].find((o) => o.kind === 'ministry')!;
    analyst = await signIn(
      t.app,
      t.ctx,
      await createUser(t.ctx, 'ministry_analyst', { ...ministry, edrpou: null }, { totp: true }),
    );
  });
  afterAll(async () => t?.close());

  for (const asOf of ['2025-09-05', '2025-10-15']) {
    it(`every cell of every school as of ${asOf}`, async () => {
      expect(truth.schools.size).toBe(seeded.schools);
      let compared = 0;
      for (const s of truth.schools.values()) {
        const res = await t.app.inject({
          url: `/api/v1/reports/znz1/schools/${s.edrpou}?date=${asOf}`,
          headers: analyst.headers,
        });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json<{ cells: Record<string, number | null>; checks: Array<{ code: string; ok: boolean }> }>();
        const expected = expectedCells(s, asOf, truth.oblastOf);
        expect(differences(body.cells, expected), s.edrpou).toEqual([]);
        const check = (code: string) => body.checks.find((c) => c.code === code)!.ok;
        expect(check('TOTAL_EQUALS_REGISTRY')).toBe(true);
        expect(check('CLASSES_EQUAL_REGISTRY')).toBe(true);
        expect(check('FORM_SUMS')).toBe(true);
        expect(check('BLOCKING_ERRORS')).toBe((expected.get('x.quality.errors') ?? 0) === 0);
        compared += expected.get('x.pupils') ?? 0;
      }
      // Everyone enrolled by the date is in some school's report.
      const all = [...truth.schools.values()].flatMap((s) => s.records);
      expect(compared).toBe(all.filter((r) => r.enrollment.entryDate <= asOf).length);
      if (asOf === '2025-10-15') expect(compared).toBe(seeded.pupils);
      else expect(compared).toBeLessThan(seeded.pupils);
    });
  }

  it('76-РВК of every ОУО, the region and the nation equal the sums of the counted schools', async () => {
    const asOf = '2025-09-05';
    const bySchool = new Map(
      [...truth.schools.values()].map((s) => [s.edrpou, expectedCells(s, asOf, truth.oblastOf)]),
    );
    const ouos = new Map<string, School[]>();
    for (const s of truth.schools.values()) ouos.set(s.ouoKey, [...(ouos.get(s.ouoKey) ?? []), s]);
    for (const [key, schools] of ouos) {
      const edrpou = truth.ouoNames.get(key)!;
      const res = await t.app.inject({
        url: `/api/v1/reports/rvk76/ouos/${edrpou}?date=${asOf}`,
        headers: analyst.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{
        form: string;
        cells: Record<string, number>;
        schools: unknown[];
        coverage: { included: number };
      }>();
      expect(body.form).toBe('76-РВК');
      expect(body.coverage.included).toBe(schools.length);
      expect(body.schools).toHaveLength(schools.length);
      const expected = sum(schools.map((s) => bySchool.get(s.edrpou)!));
      expected.set('x.schools', schools.length);
      expect(differences(body.cells, expected), edrpou).toEqual([]);
    }
    // The region and the nation read the rows the refresh job builds.
    const notBuilt = await t.app.inject({
      url: `/api/v1/reports/rollup/nation?date=2025-09-06`,
      headers: analyst.headers,
    });
    expect(notBuilt.statusCode).toBe(409);
    expect(notBuilt.json<{ code: string }>().code).toBe('REPORT_NOT_BUILT');
    const job = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports/snapshots',
      headers: analyst.headers,
      payload: { date: asOf },
    });
    expect(job.statusCode, job.body).toBe(202);
    await t.ctx.jobs.drain();
    const done = await t.app.inject({
      url: `/api/v1/jobs/${job.json<{ jobId: string }>().jobId}`,
      headers: analyst.headers,
    });
    expect(done.json<{ status: string }>().status).toBe('succeeded');
    const regions = new Set([...truth.schools.values()].map((s) => s.regionCode));
    // The demo's relocated school is managed from its region of origin: two regions.
    expect(regions.size).toBe(2);
    const scopes: Array<[string, Map<string, number>]> = [
      ['/api/v1/reports/rollup/nation', sum(bySchool.values())],
      ...[...regions].map((code): [string, Map<string, number>] => [
        `/api/v1/reports/rollup/regions/${code}`,
        sum([...truth.schools.values()].filter((s) => s.regionCode === code).map((s) => bySchool.get(s.edrpou)!)),
      ]),
    ];
    for (const [url, expected] of scopes) {
      const res = await t.app.inject({ url: `${url}?date=${asOf}`, headers: analyst.headers });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ cells: Record<string, number>; checks: Array<{ code: string; ok: boolean }> }>();
      expect(differences(body.cells, expected), url).toEqual([]);
      expect(body.checks.find((c) => c.code === 'TOTAL_EQUALS_REGISTRY')!.ok).toBe(true);
      expect(body.checks.find((c) => c.code === 'COVERAGE')!.ok).toBe(true);
      expect(body.checks.find((c) => c.code === 'UP_TO_DATE')!.ok).toBe(true);
    }
  });
});
