/**
 * The education subvention end to end on generated data: a ministry analyst runs the allocation, opens a budget's
 * explanation, traces an input to its pupils, changes the class-size norm in a scenario and reads the map of winners
 * and losers; an administrator edits the parameter set (a new version, the old one kept); pupils move and the
 * redistribution names the movement. Every count is checked against an independent count made here from the
 * generator's records, not from the database.
 */
import { assignBudget } from '@aikom/domain/subvention/budgets';
import { groupOf, CLASS_FORMS } from '@aikom/domain/subvention/groups';
import { defaultParameters } from '@aikom/domain/subvention/parameters';
import { createSyntheticDataset } from '@aikom/tools/synth/generate';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createUser, insertCurrentSchoolYear, jobDiedForGood, signIn, type Session } from '../../../test/factories';
import { createTestApp, TEST_NOW, type TestApp, auditDb } from '../../../test/harness';
import { parseHostilitiesTsv, parseKatottgTsv, readDatasetText, readManifest } from '../../reference/reference-data';
import { validateOnServer } from '../pupils/validation';
import { seedSynthetic, type SeedReport } from '../seed/load-synthetic';
import { SnapshotLoader } from './snapshot';

const SEED = 11;
const TODAY = TEST_NOW.toISOString().slice(0, 10);

interface ExpectedSchool {
  edrpou: string;
  budget: string | null;
  pupils: number;
  groupIBasic: number;
  specialNeeds: number;
  transport: number;
  classesBasic: number;
}

/** The generator's data set, regenerated as the seed made it, counted here by the rules of docs/subvention.md. */
function expectedSchools(): Map<string, ExpectedSchool> {
  const manifest = readManifest();
  const codifier = parseKatottgTsv(readDatasetText(manifest.katottg));
  const data = createSyntheticDataset(
    { codifier, hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)) },
    { preset: 'demo', seed: SEED, schoolYear: 2025, today: TODAY },
  );
  const byCode = new Map(codifier.map((e) => [e.code, e]));
  const up = (code: string, test: (c: string) => boolean): string | null => {
    for (let c: string | null = code; c; c = byCode.get(c)?.parentCode ?? null) if (test(c)) return c;
    return null;
  };
  const placeOf = (code: string | null) => {
    if (!code || !byCode.has(code)) return null;
    const oblast = up(code, (c) => byCode.get(c)!.level === 1)!;
    return {
      code,
      category: byCode.get(code)!.category,
      hromadaCode: up(code, (c) => ['H', 'K'].includes(byCode.get(c)!.category)),
      oblastCode: oblast,
      oblastCategory: byCode.get(oblast)!.category,
    };
  };
  const settlementOf = (code: string) => (byCode.get(code)?.category === 'B' ? byCode.get(code)!.parentCode : code);
  const out = new Map<string, ExpectedSchool>();
  const meta = new Map<string, { type: string | null; katottg: string; relocated: boolean }>();
  for (const o of data.organisations()) {
    if (o.kind !== 'school') continue;
    const a = assignBudget(
      {
        schoolType: o.schoolType,
        ownership: o.ownership,
        founder: o.founder,
        status: o.status,
        location: placeOf(o.katottg),
        origin: o.status === 'relocated' ? placeOf(o.originalKatottg) : null,
      },
      { privateSchools: 'excluded' },
    );
    out.set(o.edrpou, {
      edrpou: o.edrpou,
      budget: 'budgetCode' in a ? a.budgetCode : null,
      pupils: 0,
      groupIBasic: 0,
      specialNeeds: 0,
      transport: 0,
      classesBasic: 0,
    });
    meta.set(o.edrpou, { type: o.schoolType, katottg: o.katottg, relocated: o.status === 'relocated' });
  }
  const classes = new Map<string, Set<string>>();
  for (const p of data.pupils()) {
    const v = validateOnServer(p.record, TEST_NOW);
    const r = (v.errors.length === 0 ? v.normalised : p.record) as typeof p.record;
    if (r.enrollment.entryDate > TODAY) continue;
    const s = out.get(r.enrollment.schoolEdrpou)!;
    const m = meta.get(s.edrpou)!;
    const group = groupOf(m.type, r.educationForm);
    s.pupils++;
    if (group === 'I' && r.enrollment.grade >= 5 && r.enrollment.grade <= 9) s.groupIBasic++;
    if (group === 'I' && r.specialNeeds) s.specialNeeds++;
    const home = r.residence?.katottg && byCode.has(r.residence.katottg) ? settlementOf(r.residence.katottg) : null;
    if (!m.relocated && ['I', 'II', 'III'].includes(group) && home !== null && home !== settlementOf(m.katottg))
      s.transport++;
    if (
      (CLASS_FORMS as readonly string[]).includes(r.educationForm) &&
      r.enrollment.grade >= 5 &&
      r.enrollment.grade <= 9
    ) {
      const set = classes.get(s.edrpou) ?? new Set<string>();
      set.add(`${r.enrollment.grade}-${r.enrollment.classLetter}`);
      classes.set(s.edrpou, set);
    }
  }
  for (const [edrpou, set] of classes) {
    const s = out.get(edrpou)!;
    if (groupOf(meta.get(edrpou)!.type, 'day') === 'I') s.classesBasic = set.size;
  }
  return out;
}

interface RunBody {
  run: { id: string; status: string; totalKop: number; summary: { budgets: number; pupils: number } };
  budgets: Array<{ code: string; name: string; oblastCode: string; pupils: number; amountKop: number }>;
  tileMap: { tiles: Array<{ code: string; amountKop: number; budgets: number }> };
}

interface Explanation {
  explanation: {
    budget: { code: string; name: string };
    result: { amountKop: number; weight: string };
    inputs: { pupils: number; groups: Array<{ group: string; basic: number }>; classes: { basic: number } };
    schools: Array<{
      id: string;
      edrpou: string;
      pupils: number;
      groups: { I: { basic: number } };
      classes: { basic: number };
      specialNeeds: number;
      transport: number;
    }>;
    steps: Array<{ key: string; expression: string }>;
    parameters: Array<{ path: string; verified: boolean; source: string }>;
  };
}

interface Comparison {
  summary: { gainers: number; losers: number; deltaTotalKop: number; redistributedKop: number };
  budgets: Array<{ code: string; deltaKop: number; baseKop: number; scenarioKop: number; scenarioNorm: string | null }>;
  chart: {
    topGainers: Array<{ code: string }>;
    topLosers: Array<{ code: string }>;
    histogram: Array<{ budgets: number }>;
  };
  tileMap: { tiles: Array<{ code: string; deltaKop: number; gainers: number; losers: number }> };
  scenario: { changes: Array<{ path: string }>; unverified: string[] };
  timings: { cachedInputs: boolean };
}

describe.each(enginesUnderTest())('the education subvention on %s', (engine) => {
  let t: TestApp;
  let seeded: SeedReport;
  let expected: Map<string, ExpectedSchool>;
  let analyst: Session;
  let admin: Session;
  let otherAnalyst: Session;
  let regionAnalyst: Session;
  let ouoAdmin: Session;
  let runId = '';

  const get = (s: Session, url: string) => t.app.inject({ url, headers: s.headers });
  const post = (s: Session, url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...s.headers, ...headers }, payload: payload as object });

  beforeAll(async () => {
    t = await createTestApp(engine);
    await insertCurrentSchoolYear(t.ctx);
    seeded = await seedSynthetic(t.ctx, { preset: 'demo', seed: SEED });
    expected = expectedSchools();
    const orgs = [...seeded.organisations.values()];
    const ministry = orgs.find((o) => o.kind === 'ministry')!;
    const ouo = orgs.find((o) => o.kind === 'ouo')!;
    const region = orgs.find((o) => o.kind === 'region' && o.id === ouo.regionId)!;
    const user = async (role: Parameters<typeof createUser>[1], org: (typeof orgs)[number]) => {
      const s = await signIn(t.app, t.ctx, await createUser(t.ctx, role, { ...org, edrpou: null }, { totp: true }));
      t.advance(31_000);
      return s;
    };
    analyst = await user('ministry_analyst', ministry);
    otherAnalyst = await user('ministry_analyst', ministry);
    admin = await user('ministry_admin', ministry);
    regionAnalyst = await user('region_analyst', region);
    ouoAdmin = await user('ouo_admin', ouo);
  });
  afterAll(async () => t?.close());

  it('runs the allocation as a job; every budget counts the pupils of its schools; the amounts sum to the total', async () => {
    const res = await post(analyst, '/api/v1/subvention/runs', { parameterSetId: 'default' });
    expect(res.statusCode, res.body).toBe(202);
    const started = res.json<{ run: { id: string; status: string; budgetYear: number }; job: { id: string } }>();
    expect(started.run).toMatchObject({ status: 'queued', budgetYear: 2026 });
    runId = started.run.id;
    const notYet = await get(analyst, `/api/v1/subvention/runs/${runId}/budgets/UA32000000000030281`);
    expect(notYet.json<{ code: string }>().code).toBe('SUBVENTION_RUN_STATE');
    await t.ctx.jobs.drain();
    const job = await get(analyst, `/api/v1/jobs/${started.job.id}`);
    expect(job.json<{ status: string }>().status).toBe('succeeded');

    const body = (await get(analyst, `/api/v1/subvention/runs/${runId}`)).json<RunBody>();
    expect(body.run.status).toBe('succeeded');
    expect(body.run.totalKop).toBe(Number(defaultParameters(2026).total.value));
    expect(body.budgets.reduce((s, b) => s + b.amountKop, 0)).toBe(body.run.totalKop);
    // Pupils per budget, counted independently from the generator's records and the budget rule.
    const perBudget = new Map<string, number>();
    for (const s of expected.values())
      if (s.budget && s.pupils > 0) perBudget.set(s.budget, (perBudget.get(s.budget) ?? 0) + s.pupils);
    expect(new Map(body.budgets.map((b) => [b.code, b.pupils]))).toEqual(perBudget);
    expect(body.run.summary.pupils).toBe([...perBudget.values()].reduce((a, b) => a + b, 0));
    // Largest amount first by default; the tile map adds up.
    expect(body.budgets[0]!.amountKop).toBeGreaterThanOrEqual(body.budgets.at(-1)!.amountKop);
    expect(body.tileMap.tiles).toHaveLength(27);
    expect(body.tileMap.tiles.reduce((s, x) => s + x.amountKop, 0)).toBe(body.run.totalKop);
    const byName = (await get(analyst, `/api/v1/subvention/runs/${runId}?sort=name&order=asc`)).json<RunBody>();
    expect(byName.budgets.map((b) => b.name)).toEqual(
      [...byName.budgets.map((b) => b.name)].sort((a, b) => a.localeCompare(b, 'uk')),
    );
  });

  it('explains one budget: every input equals the independent count, every step is there', async () => {
    const body = (await get(analyst, `/api/v1/subvention/runs/${runId}`)).json<RunBody>();
    const budget = body.budgets.find((b) => b.code !== 'UA32000000000030281')!;
    const res = await get(analyst, `/api/v1/subvention/runs/${runId}/budgets/${budget.code}`);
    expect(res.statusCode, res.body).toBe(200);
    const e = res.json<Explanation>().explanation;
    expect(e.result.amountKop).toBe(budget.amountKop);
    expect(e.inputs.pupils).toBe(budget.pupils);
    const mine = [...expected.values()].filter((s) => s.budget === budget.code && s.pupils > 0);
    expect(e.schools.map((s) => s.edrpou).sort()).toEqual(mine.map((s) => s.edrpou).sort());
    for (const s of e.schools) {
      const x = expected.get(s.edrpou)!;
      expect([s.pupils, s.groups.I.basic, s.classes.basic, s.specialNeeds, s.transport], s.edrpou).toEqual([
        x.pupils,
        x.groupIBasic,
        x.classesBasic,
        x.specialNeeds,
        x.transport,
      ]);
    }
    expect(e.steps.map((s) => s.key)).toEqual(
      expect.arrayContaining(['pupils', 'density', 'rural', 'norm', 'weight', 'share', 'quota', 'amount']),
    );
    expect(e.parameters.find((p) => p.path === '/classSize/table')).toMatchObject({ verified: true });
    expect(e.parameters.find((p) => p.path === '/groups/I')).toMatchObject({ verified: false, source: '' });
  });

  it('traces an input to exactly the pupils behind it, page by page, and audits the read', async () => {
    const body = (await get(analyst, `/api/v1/subvention/runs/${runId}`)).json<RunBody>();
    const budget = body.budgets.find((b) => b.code !== 'UA32000000000030281')!;
    const e = (await get(analyst, `/api/v1/subvention/runs/${runId}/budgets/${budget.code}`)).json<Explanation>()
      .explanation;
    const school = [...e.schools].sort((a, b) => b.groups.I.basic - a.groups.I.basic)[0]!;
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { statusCode: number; body: string; json: <T>() => T } = await get(
        analyst,
        `/api/v1/subvention/runs/${runId}/budgets/${budget.code}/pupils?school=${school.id}&group=I&level=basic&limit=50${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.statusCode, page.body).toBe(200);
      const p = page.json<{
        items: Array<{ id: string; grade: number; school: { id: string } }>;
        nextCursor: string | null;
      }>();
      for (const i of p.items) {
        expect(i.school.id).toBe(school.id);
        expect(i.grade >= 5 && i.grade <= 9).toBe(true);
        seen.add(i.id);
      }
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(school.groups.I.basic);
    const sen = await get(
      analyst,
      `/api/v1/subvention/runs/${runId}/budgets/${budget.code}/pupils?feature=specialNeeds&limit=500`,
    );
    expect(sen.json<{ items: unknown[] }>().items).toHaveLength(e.schools.reduce((s, x) => s + x.specialNeeds, 0));
    const audit = await (
      await auditDb(t.ctx)
    )
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'subvention.trace')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
    // Without pupil:read there is no trace (an ОУО administrator does not read the subvention at all).
    expect((await get(ouoAdmin, `/api/v1/subvention/runs/${runId}`)).statusCode).toBe(403);
  });

  it('gives a region analyst every budget, but school lines only of their region', async () => {
    const body = (await get(regionAnalyst, `/api/v1/subvention/runs/${runId}`)).json<RunBody>();
    expect(body.budgets.length).toBeGreaterThan(0);
    for (const b of body.budgets) {
      const e = (await get(regionAnalyst, `/api/v1/subvention/runs/${runId}/budgets/${b.code}`)).json<
        Explanation & { explanation: { hiddenSchools: { schools: number } } }
      >();
      const all = [...expected.values()].filter((s) => s.budget === b.code && s.pupils > 0).length;
      expect(e.explanation.schools.length + e.explanation.hiddenSchools.schools).toBe(all);
    }
  });

  it('exports the run as a spreadsheet that adds up to the total', async () => {
    const res = await get(analyst, `/api/v1/subvention/runs/${runId}/export.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Розподіл')!;
    const body = (await get(analyst, `/api/v1/subvention/runs/${runId}`)).json<RunBody>();
    const amounts: number[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1 && n <= body.budgets.length + 1) amounts.push(Number(row.getCell(8).value));
    });
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(body.run.totalKop);
    expect(Number(sheet.getRow(body.budgets.length + 2).getCell(8).value)).toBe(body.run.totalKop);
    expect(wb.getWorksheet('Параметри')!.rowCount).toBeGreaterThan(20);
    expect(wb.getWorksheet('Наповнюваність')!.rowCount).toBe(9);
  });

  it('models a higher class-size norm: winners and losers on the map, the total unchanged; saves and shares it', async () => {
    const set = (await get(analyst, '/api/v1/subvention/parameter-sets/default')).json<{
      params: ReturnType<typeof defaultParameters>;
    }>();
    const raised = set.params.classSize.table.value.values.map((row) => row.map((v) => String(Number(v) + 2)));
    const scenario = {
      name: 'Нормативи наповнюваності +2',
      base: { parameterSetId: 'default' },
      changes: {
        classSize: {
          table: { value: { ...set.params.classSize.table.value, values: raised } },
          cityNorm: { value: '27' },
        },
      },
    };
    const preview = await post(analyst, '/api/v1/subvention/scenarios/preview?sort=deltaKop&order=asc', scenario);
    expect(preview.statusCode, preview.body).toBe(200);
    const c = preview.json<Comparison>();
    expect(c.summary.deltaTotalKop).toBe(0);
    expect(c.budgets.reduce((s, b) => s + b.deltaKop, 0)).toBe(0);
    expect(c.summary.gainers + c.summary.losers).toBeGreaterThan(0);
    expect(c.budgets[0]!.deltaKop).toBeLessThanOrEqual(c.budgets.at(-1)!.deltaKop);
    expect(c.scenario.changes.map((x) => x.path).sort()).toEqual(['/classSize/cityNorm', '/classSize/table']);
    expect(c.scenario.unverified).toContain('/classSize/table');
    expect(c.timings.cachedInputs).toBe(true);
    expect(c.tileMap.tiles.reduce((s, x) => s + x.deltaKop, 0)).toBe(0);
    expect(c.chart.histogram.reduce((s, b) => s + b.budgets, 0)).toBe(c.budgets.length);

    const saved = await post(analyst, '/api/v1/subvention/scenarios', scenario);
    expect(saved.statusCode, saved.body).toBe(201);
    const id = saved.json<{ id: string; mine: boolean; shared: boolean }>().id;
    // A draft is its author's.
    expect((await get(otherAnalyst, `/api/v1/subvention/scenarios/${id}`)).statusCode).toBe(404);
    const share = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/subvention/scenarios/${id}`,
      headers: analyst.headers,
      payload: { shared: true },
    });
    expect(share.json<{ shared: boolean }>().shared).toBe(true);
    const theirs = await get(otherAnalyst, `/api/v1/subvention/scenarios/${id}`);
    expect(theirs.json<{ mine: boolean }>().mine).toBe(false);
    const rename = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/subvention/scenarios/${id}`,
      headers: otherAnalyst.headers,
      payload: { name: 'чужий' },
    });
    expect(rename.statusCode).toBe(403);
    const compared = (
      await get(otherAnalyst, `/api/v1/subvention/scenarios/${id}/comparison?sort=deltaKop&order=asc`)
    ).json<Comparison>();
    expect(compared.budgets).toEqual(c.budgets);
    const loser = c.chart.topLosers[0] ?? c.chart.topGainers[0]!;
    const both = await get(analyst, `/api/v1/subvention/scenarios/${id}/budgets/${loser.code}`);
    expect(both.statusCode, both.body).toBe(200);
    const pair = both.json<{ baseline: Explanation['explanation']; changed: Explanation['explanation'] }>();
    expect(pair.changed.result.amountKop - pair.baseline.result.amountKop).toBe(
      c.budgets.find((b) => b.code === loser.code)!.deltaKop,
    );
    const xlsx = await get(analyst, `/api/v1/subvention/scenarios/${id}/export.xlsx`);
    expect(xlsx.statusCode).toBe(200);
  });

  it('documents every endpoint in the OpenAPI document, with its security', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { security?: unknown[]; tags?: string[] }>>;
    }>();
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/subvention/'));
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/subvention/runs',
        '/api/v1/subvention/runs/{id}/budgets/{code}',
        '/api/v1/subvention/scenarios/preview',
        '/api/v1/subvention/redistribution',
        '/api/v1/subvention/parameter-sets/{id}',
      ]),
    );
    for (const p of paths)
      for (const op of Object.values(doc.paths[p]!))
        expect(op.security, p).toEqual([{ sessionCookie: [], csrfToken: [] }]);
  });

  it('refuses a scenario whose changes break the parameter set, naming the field', async () => {
    const res = await post(analyst, '/api/v1/subvention/scenarios/preview', {
      base: { parameterSetId: 'default' },
      changes: { classSize: { cityNorm: { value: 'двадцять' } } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ code: string; errors: Array<{ path: string }> }>()).toMatchObject({
      code: 'SUBVENTION_PARAMETERS_INVALID',
      errors: [{ path: '/changes/classSize/cityNorm/value' }],
    });
  });

  it('lets only a ministry administrator edit a parameter set: each save is a new version, the old one kept', async () => {
    const current = await get(admin, '/api/v1/subvention/parameter-sets/default-2026');
    const set = current.json<{ params: ReturnType<typeof defaultParameters>; version: number; unverified: string[] }>();
    expect(set.unverified).toContain('/groups/II');
    const params = {
      ...set.params,
      groups: { ...set.params.groups, II: { value: '3', source: 'перевірка тесту', verified: true } },
    };
    const put = (s: Session, headers: Record<string, string>, body: unknown) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/subvention/parameter-sets/default-2026',
        headers: { ...s.headers, ...headers },
        payload: body as object,
      });
    expect((await put(analyst, { 'if-match': '"1"' }, { params, note: 'спроба аналітика' })).statusCode).toBe(403);
    expect((await put(admin, {}, { params, note: 'без версії' })).statusCode).toBe(428);
    expect((await put(admin, { 'if-match': '"7"' }, { params, note: 'застаріла' })).statusCode).toBe(412);
    const bad = await put(admin, { 'if-match': '"1"' }, { params: { ...params, budgetYear: 2027 }, note: 'інший рік' });
    expect(bad.json<{ code: string }>().code).toBe('SUBVENTION_PARAMETERS_INVALID');
    const ok = await put(admin, { 'if-match': '"1"' }, { params, note: 'Вага групи II за перевіркою' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const v2 = ok.json<{ version: number; versions: Array<{ version: number; note: string }>; unverified: string[] }>();
    expect(v2.version).toBe(2);
    expect(v2.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(v2.unverified).not.toContain('/groups/II');
    const v1 = (await get(analyst, '/api/v1/subvention/parameter-sets/default-2026?version=1')).json<{
      params: { groups: { II: { value: string } } };
    }>();
    expect(v1.params.groups.II.value).toBe('2.5');
    // The run made with version 1 still explains itself by version 1.
    const code = (await get(analyst, `/api/v1/subvention/runs/${runId}`)).json<RunBody>().budgets[0]!.code;
    const e = (await get(analyst, `/api/v1/subvention/runs/${runId}/budgets/${code}`)).json<Explanation>();
    expect(e.explanation.parameters.find((p) => p.path === '/groups/II')).toMatchObject({
      value: '2.5',
      verified: false,
    });
    const created = await post(admin, '/api/v1/subvention/parameter-sets', {
      budgetYear: 2027,
      name: 'Проєкт на 2027 рік',
      from: { id: 'default-2026' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(
      created.json<{ budgetYear: number; params: { budgetYear: number; groups: { II: { value: string } } } }>(),
    ).toMatchObject({
      budgetYear: 2027,
      params: { budgetYear: 2027, groups: { II: { value: '3' } } },
    });
    const list = (await get(analyst, '/api/v1/subvention/parameter-sets?budgetYear=2027')).json<{
      items: Array<{ isDefault: boolean }>;
    }>();
    expect(list.items.map((i) => i.isDefault).sort()).toEqual([false, true]);
  });

  it('redistributes after pupils move between budgets, naming the movement and its pupils', async () => {
    // The snapshot: a run as of the day before the move, with the set's first version.
    const snap = await post(analyst, '/api/v1/subvention/runs', {
      parameterSetId: 'default-2026',
      version: 1,
      asOf: '2025-10-14',
    });
    const snapshotRun = snap.json<{ run: { id: string } }>().run.id;
    await t.ctx.jobs.drain();
    const body = (await get(analyst, `/api/v1/subvention/runs/${snapshotRun}`)).json<RunBody>();
    const hromadas = body.budgets.filter((b) => b.code !== 'UA32000000000030281');
    const [from, to] = [hromadas[0]!, hromadas[1]!];
    const fromSchool = [...expected.values()].find((s) => s.budget === from.code && s.pupils > 20)!;
    const toSchool = [...expected.values()].find((s) => s.budget === to.code && s.pupils > 20)!;
    const toId = await t.ctx.db.kysely
      .selectFrom('organisation')
      .select(['id', 'ouo_id', 'region_id'])
      .where('edrpou', '=', toSchool.edrpou)
      .executeTakeFirstOrThrow();
    const fromOrg = await t.ctx.db.kysely
      .selectFrom('organisation')
      .select(['id', 'ouo_id', 'region_id'])
      .where('edrpou', '=', fromSchool.edrpou)
      .executeTakeFirstOrThrow();
    const fromId = fromOrg.id;
    const movers = await t.ctx.db.kysely
      .selectFrom('enrolment')
      .select(['id', 'person_id', 'grade', 'class_letter', 'school_year'])
      .where('school_id', '=', fromId)
      .where('exit_date', 'is', null)
      .orderBy('person_id')
      .limit(7)
      .execute();
    // The transfer as the registry records it: the old spell closed, a new one opened in the other school.
    const editor = await signIn(
      t.app,
      t.ctx,
      await createUser(
        t.ctx,
        'school_editor',
        {
          id: fromId,
          name: '',
          kind: 'school',
          regionId: fromOrg.region_id,
          ouoId: fromOrg.ouo_id,
          edrpou: fromSchool.edrpou,
        },
        { totp: true },
      ),
    );
    // An exit date is the pupil's last day in the school: they leave on 14.10 and start in the other school on 15.10.
    for (const m of movers) {
      const exit = await post(editor, `/api/v1/pupils/${m.person_id}/exit`, {
        date: '2025-10-14',
        reason: 'transfer',
        destinationEdrpou: toSchool.edrpou,
      });
      expect([204, 200], exit.body).toContain(exit.statusCode);
    }
    await t.ctx.db.kysely
      .insertInto('enrolment')
      .values(
        movers.map((m) => ({
          id: crypto.randomUUID(),
          person_id: m.person_id,
          school_id: toId.id,
          ouo_id: toId.ouo_id!,
          region_id: toId.region_id!,
          school_year: m.school_year,
          grade: m.grade,
          class_letter: m.class_letter,
          entry_date: '2025-10-15',
          entry_basis: 'transfer',
          previous_enrolment_id: m.id,
        })),
      )
      .execute();
    await t.ctx.db.kysely
      .insertInto('pupil_event')
      .values(
        movers.map((m) => ({
          person_id: m.person_id,
          school_id: toId.id,
          source: 'test',
          kind: 'enrolled',
          changes: '{}',
        })),
      )
      .execute();
    // The maintained inputs of today are refreshed for the schools of the movers only (the two schools and any
    // earlier school of theirs), and equal a read from scratch.
    const loader = new SnapshotLoader(t.ctx);
    const refreshed = await loader.load({ national: true }, TODAY);
    expect(refreshed.source).toBe('maintained');
    expect(refreshed.refreshed).toBeGreaterThanOrEqual(2);
    expect(refreshed.refreshed).toBeLessThanOrEqual(2 + movers.length);
    loader.forget();
    const full = await loader.load({ national: true }, TODAY, { rebuild: true });
    expect(full.source).toBe('built');
    expect(full.refreshed).toBeNull();
    // The last day counts: as of 14.10 the movers are still pupils of their old school, as of today of the new one
    // only (never of both).
    const pupilsOf = (x: typeof full.snapshot, school: string) =>
      x.cells.filter((c) => c.schoolId === school).reduce((n, c) => n + c.pupils, 0);
    const lastDay = (await loader.load({ national: true }, '2025-10-14')).snapshot;
    expect(pupilsOf(lastDay, fromId)).toBe(fromSchool.pupils);
    expect(pupilsOf(lastDay, toId.id)).toBe(toSchool.pupils);
    expect(pupilsOf(full.snapshot, fromId)).toBe(fromSchool.pupils - movers.length);
    expect(pupilsOf(full.snapshot, toId.id)).toBe(toSchool.pupils + movers.length);
    const canonical = (x: typeof full.snapshot) => ({
      cells: [...x.cells].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      classes: [...x.classes].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    });
    expect(canonical(refreshed.snapshot)).toEqual(canonical(full.snapshot));
    const res = await get(analyst, `/api/v1/subvention/redistribution?runId=${snapshotRun}`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<{
      summary: { moved: number; deltaTotalKop: number };
      flows: Array<{ fromCode: string | null; toCode: string | null; pupils: number }>;
      budgets: Array<{ code: string; deltaKop: number; inflow: number; outflow: number }>;
    }>();
    expect(r.summary.moved).toBe(movers.length);
    expect(r.summary.deltaTotalKop).toBe(0);
    expect(r.flows).toContainEqual(
      expect.objectContaining({ fromCode: from.code, toCode: to.code, pupils: movers.length }),
    );
    const gain = r.budgets.find((b) => b.code === to.code)!;
    const loss = r.budgets.find((b) => b.code === from.code)!;
    expect([gain.inflow, loss.outflow]).toEqual([movers.length, movers.length]);
    expect(gain.deltaKop).toBeGreaterThan(0);
    expect(loss.deltaKop).toBeLessThan(0);
    const who = await get(
      analyst,
      `/api/v1/subvention/redistribution/pupils?parameterSetId=default-2026&version=1&snapshot=2025-10-14&from=${from.code}&to=${to.code}`,
    );
    expect(who.statusCode, who.body).toBe(200);
    expect(
      who
        .json<{ items: Array<{ id: string }> }>()
        .items.map((i) => i.id)
        .sort(),
    ).toEqual(movers.map((m) => m.person_id).sort());
  });

  it('a run whose job is given up after its last attempt says it failed, and a new run can be started', async () => {
    const res = await post(analyst, '/api/v1/subvention/runs', { parameterSetId: 'default' });
    expect(res.statusCode, res.body).toBe(202);
    const started = res.json<{ run: { id: string }; job: { id: string } }>();
    await jobDiedForGood(t.ctx, started.job.id);
    expect(await t.ctx.jobs.recover()).toBe(1);
    const body = (await get(analyst, `/api/v1/subvention/runs/${started.run.id}`)).json<{
      run: { status: string; error: { code: string } | null };
    }>();
    expect([body.run.status, body.run.error?.code]).toEqual(['failed', 'JOB_ABANDONED']);
    const again = await post(analyst, '/api/v1/subvention/runs', { parameterSetId: 'default' });
    expect(again.statusCode, again.body).toBe(202);
    await t.ctx.jobs.drain();
    const next = again.json<{ run: { id: string } }>().run.id;
    expect((await get(analyst, `/api/v1/subvention/runs/${next}`)).json<RunBody>().run.status).toBe('succeeded');
  });
});
