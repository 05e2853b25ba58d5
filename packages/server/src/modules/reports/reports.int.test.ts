/**
 * ZNZ-1 and the roll-ups on a small cascade with pupils made through the API: entered cells with their history,
 * movement and the previous year's results, drill-down to the pupils behind a number, a pupil whose record moved out
 * of the school's scope, out-of-date roll-ups, published variants, dashboards and open data.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, createUser, pupilRecord, signIn, type Cascade, type Session } from '../../../test/factories';
import { createTestApp, type TestApp, auditDb } from '../../../test/harness';

interface Report {
  cells: Record<string, number | null>;
  entered: string[];
  checks: Array<{ code: string; ok: boolean; actual?: number }>;
  registry: { pupils: number; classes: number; blockingErrors: number };
  header: { edrpou: string; locality: { code: number } | null; ownership: { code: number } | null };
}

describe.each(enginesUnderTest())('reports on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let editor: Session;
  let specialist: Session;
  let analyst: Session;
  let verifier: Session;
  let regionAdmin: Session;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
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
    const sessions: Session[] = [];
    for (const [role, org] of [
      ['school_editor', c.schools[0]],
      ['ouo_specialist', c.ouos[0]],
      ['ministry_analyst', c.ministry],
      ['ministry_verifier', c.ministry],
      ['region_admin', c.regions[0]],
    ] as const) {
      sessions.push(await signIn(t.app, t.ctx, await createUser(t.ctx, role, org, { totp: true })));
      t.advance(31_000);
    }
    [editor, specialist, analyst, verifier, regionAdmin] = sessions as [Session, Session, Session, Session, Session];
    const pupils = [
      ['p1', c.schools[0], { sex: 'male', birthDate: '2014-03-09', enrollment: { grade: 5, classLetter: 'А' } }],
      [
        'p2',
        c.schools[0],
        {
          firstName: 'Оксана',
          middleName: 'Петрівна',
          sex: 'female',
          birthDate: '2014-05-01',
          specialNeeds: true,
          educationForm: 'family',
          enrollment: { grade: 5, classLetter: 'А' },
        },
      ],
      [
        'p3',
        c.schools[0],
        {
          firstName: 'Марія',
          middleName: 'Іванівна',
          sex: 'female',
          birthDate: '2019-02-11',
          educationForm: 'distance',
          instructionLanguage: 'pl',
          enrollment: { grade: 1, classLetter: 'А' },
        },
      ],
      [
        'p4',
        c.schools[0],
        {
          birthDate: '2009-07-20',
          displacement: { status: 'external', since: '2022-03-10', country: 'PL' },
          enrollment: { grade: 10, classLetter: 'Б' },
        },
      ],
      ['p5', c.schools[1], { birthDate: '2014-01-15', enrollment: { grade: 5, classLetter: 'А' } }],
    ] as const;
    let n = 200000;
    const surnames = ['Андрієнко', 'Бойко', 'Гнатюк', 'Дорошенко', 'Єременко'];
    for (const [key, school, o] of pupils) {
      const writer = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', school, { totp: true }));
      t.advance(31_000);
      const base = pupilRecord(school);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pupils',
        headers: writer.headers,
        payload: {
          ...base,
          lastName: surnames[Object.keys(ids).length],
          ...o,
          birthCertificate: { series: 'І-БК', number: String(++n) },
          enrollment: { ...(base.enrollment as object), ...o.enrollment },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = res.json<{ id: string }>().id;
    }
  });
  afterAll(async () => t?.close());

  const get = <T = Report>(url: string, s: Session = editor) =>
    t.app.inject({ url, headers: s.headers }).then((r) => ({ status: r.statusCode, body: r.json<T>(), raw: r }));
  const school0 = () => c.schools[0].edrpou!;

  it('counts the school’s pupils by the sections of the form, with the header codes', async () => {
    const r = await get(`/api/v1/reports/znz1/schools/${school0()}?date=2025-09-05`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const v = r.body.cells;
    expect(v['1.5.1']).toBe(1);
    expect(v['1.5.2']).toBe(2);
    expect(v['1.5.3']).toBe(1);
    expect(v['1.5.4']).toBe(1);
    expect(v['1.5.5']).toBe(2);
    expect(v['1.5.6']).toBe(1);
    expect(v['1.16.1']).toBe(3);
    expect(v['1.16.2']).toBe(4);
    expect(v['2.9.2']).toBe(1); // Polish, grades 1–4
    expect(v['3.4.1']).toBe(1); // distance
    expect(v['3.7.1']).toBe(1); // family
    expect(v['4.14.3']).toBe(1); // born 2019, grade 1
    expect(v['7.2.4']).toBe(1); // special needs, individual form
    expect(v['x.disp.external.PL']).toBe(1);
    expect(r.body.registry).toEqual({ pupils: 4, classes: 3, blockingErrors: 0 });
    expect(r.body.checks.filter((x) => !x.ok).map((x) => x.code)).toEqual(['ENTERED_FILLED']);
    expect(r.body.header.edrpou).toBe(school0());
    expect(r.body.header.locality?.code).toBe(1);
    expect(r.body.header.ownership?.code).toBe(2);
    // The school is found by id as well as by ЄДРПОУ; another school's report is not the editor's to read.
    expect((await get(`/api/v1/reports/znz1/schools/${c.schools[0].id}`)).status).toBe(200);
    const other = await get(`/api/v1/reports/znz1/schools/${c.schools[1].edrpou}`);
    expect(other.status).toBe(404);
  });

  it('the school enters second shift and extended-day groups; every entry is kept', async () => {
    const put = (s: Session, payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/reports/znz1/schools/${school0()}/entered`,
        headers: s.headers,
        payload,
      });
    let res = await put(editor, { schoolYear: '2025-2026', cells: { '8.1.1': 1, '8.1.2': 1, '9.1.1': 1, '9.1.2': 3 } });
    expect(res.statusCode, res.body).toBe(200);
    t.advance(60_000);
    res = await put(editor, { cells: { '8.1.1': 2 } });
    expect(res.statusCode, res.body).toBe(200);
    const state = res.json<{ cells: Record<string, { value: number }>; history: unknown[] }>();
    expect(state.cells['8.1.1']!.value).toBe(2);
    const hist = await get<{ history: Array<{ cell: string; value: number }> }>(
      `/api/v1/reports/znz1/schools/${school0()}/entered?year=2025`,
    );
    expect(hist.body.history.filter((h) => h.cell === '8.1.1').map((h) => h.value)).toEqual([2, 1]);
    const refused = await put(editor, { cells: { '1.1.1': 5, '8.4.1': 3 } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ code: string; errors: Array<{ path: string }> }>().errors.map((e) => e.path)).toEqual([
      '/cells/1.1.1',
      '/cells/8.4.1',
    ]);
    expect((await put(specialist, { cells: { '8.1.1': 1 } })).statusCode).toBe(403);
    const r = await get(`/api/v1/reports/znz1/schools/${school0()}?date=2025-09-05`);
    expect(r.body.cells['8.1.1']).toBe(2);
    expect(r.body.cells['8.4.2']).toBe(1);
    expect(r.body.cells['9.1.2']).toBe(3);
    expect(r.body.entered).toEqual(['8.1.1', '8.1.2', '8.4.1', '8.4.2', '9.1.1', '9.1.2']);
    // Two second-shift classes in 1–4 but the records show one class there.
    expect(r.body.checks.find((x) => x.code === 'ENTERED_WITHIN_RECORDS')!.ok).toBe(false);
  });

  it('drills down to the pupils behind a number, audited as a pupil list', async () => {
    const d = await get<{ value: number; notListed: number; items: Array<{ id: string }> }>(
      `/api/v1/reports/znz1/schools/${school0()}/cells/1.5.6/pupils?date=2025-09-05`,
    );
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body.items.map((p) => p.id)).toEqual([ids.p2]);
    expect(d.body.value).toBe(1);
    const classes = await get<{ listedFor: string; items: Array<{ id: string }> }>(
      `/api/v1/reports/znz1/schools/${school0()}/cells/1.5.1/pupils?date=2025-09-05`,
    );
    expect(classes.body.listedFor).toBe('1.5.2');
    expect(classes.body.items.map((p) => p.id).sort()).toEqual([ids.p1, ids.p2].sort());
    const measure = await get<{ items: Array<{ id: string }> }>(
      `/api/v1/reports/znz1/schools/${school0()}/cells/x.disp.external.PL/pupils`,
    );
    expect(measure.body.items.map((p) => p.id)).toEqual([ids.p4]);
    expect((await get(`/api/v1/reports/znz1/schools/${school0()}/cells/8.1.1/pupils`)).body).toMatchObject({
      code: 'REPORT_CELL_ENTERED',
    });
    expect((await get(`/api/v1/reports/znz1/schools/${school0()}/cells/77.1.1/pupils`)).status).toBe(404);
    expect((await get(`/api/v1/reports/znz1/schools/${school0()}/cells/1.5.2/pupils`, verifier)).status).toBe(403);
    const audit = await (
      await auditDb(t.ctx)
    )
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'pupil.list')
      .where('object_id', '=', c.schools[0].id)
      .execute();
    expect(audit.map((a) => (a.details as { cell?: string }).cell)).toEqual(
      expect.arrayContaining(['1.5.6', '1.5.1', 'x.disp.external.PL']),
    );
  });

  it('counts movement during the year and the previous year’s results; a pupil now held elsewhere still counts', async () => {
    const exit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/pupils/${ids.p1}/exit`,
      headers: editor.headers,
      payload: { date: '2025-10-01', reason: 'transfer', destinationEdrpou: c.schools[4].edrpou },
    });
    expect(exit.statusCode, exit.body).toBe(204);
    // The destination school (another region) enrols the pupil: the record is now held outside school 0's scope.
    // (The transfer itself belongs to the pupils module; here its end state is set up directly.)
    await t.ctx.db.kysely
      .updateTable('person')
      .set({ school_id: c.schools[4].id, ouo_id: c.ouos[2].id, region_id: c.regions[1].id })
      .where('id', '=', ids.p1!)
      .execute();
    await t.ctx.db.kysely
      .insertInto('enrolment')
      .values({
        id: uuidv7(),
        person_id: ids.p1!,
        school_id: c.schools[4].id,
        ouo_id: c.ouos[2].id,
        region_id: c.regions[1].id,
        school_year: 2025,
        grade: 5,
        class_letter: 'А',
        entry_date: '2025-10-02',
        entry_basis: 'transfer',
        created_at: t.ctx.now(),
      })
      .execute();
    // Last year's spells of pupils 2 and 4, closed by the year-end transition (set up as the rollover leaves them).
    for (const [person, grade, reason] of [
      [ids.p2!, 4, 'promoted'],
      [ids.p4!, 10, 'repeated'],
    ] as const)
      await t.ctx.db.kysely
        .insertInto('enrolment')
        .values({
          id: uuidv7(),
          person_id: person,
          school_id: c.schools[0].id,
          ouo_id: c.ouos[0].id,
          region_id: c.regions[0].id,
          school_year: 2024,
          grade,
          class_letter: 'А',
          entry_date: '2024-09-01',
          exit_date: '2025-06-30',
          exit_reason: reason,
          created_at: t.ctx.now(),
        })
        .execute();
    const early = await get(`/api/v1/reports/znz1/schools/${school0()}?date=2025-09-05`);
    expect(early.body.cells['1.5.2']).toBe(2);
    expect(early.body.checks.find((x) => x.code === 'TOTAL_EQUALS_REGISTRY')!.ok).toBe(true);
    expect(early.body.cells['6.4.1']).toBe(1);
    expect(early.body.cells['6.10.3']).toBe(1);
    expect(early.body.cells['6.13.4']).toBe(2);
    const drill = await get<{ notListed: number; items: Array<{ id: string }> }>(
      `/api/v1/reports/znz1/schools/${school0()}/cells/1.5.2/pupils?date=2025-09-05`,
    );
    expect(drill.body.items.map((p) => p.id)).toEqual([ids.p2]);
    expect(drill.body.notListed).toBe(1);
    // The exit date is the pupil's last day: on 1 October they are still the school's pupil and have not left yet.
    const lastDay = await get(`/api/v1/reports/znz1/schools/${school0()}?date=2025-10-01`);
    expect(lastDay.body.cells['1.5.2']).toBe(2);
    expect(lastDay.body.cells['5.5.2']).toBe(0);
    expect(lastDay.body.checks.find((x) => x.code === 'TOTAL_EQUALS_REGISTRY')!.ok).toBe(true);
    const lastDayDrill = await get<{ notListed: number; items: Array<{ id: string }> }>(
      `/api/v1/reports/znz1/schools/${school0()}/cells/1.5.2/pupils?date=2025-10-01`,
    );
    expect(lastDayDrill.body.items.length + lastDayDrill.body.notListed).toBe(2);
    const dayAfter = await get(`/api/v1/reports/znz1/schools/${school0()}?date=2025-10-02`);
    expect(dayAfter.body.cells['1.5.2']).toBe(1);
    expect(dayAfter.body.cells['5.5.2']).toBe(1);
    const late = await get(`/api/v1/reports/znz1/schools/${school0()}?date=2025-10-15`);
    expect(late.body.cells['1.5.2']).toBe(1);
    expect(late.body.cells['5.5.2']).toBe(1);
    expect(late.body.cells['5.5.3']).toBe(1);
    expect(late.body.cells['5.13.2']).toBe(1);
    const dest = await get(`/api/v1/reports/znz1/schools/${c.schools[4].edrpou}?date=2025-10-15`, analyst);
    expect(dest.body.cells['5.5.1']).toBe(1);
    expect(dest.body.cells['1.5.2']).toBe(1);
    const left = await get<{ items: Array<{ id: string }> }>(
      `/api/v1/reports/znz1/schools/${school0()}/cells/5.5.3/pupils?date=2025-10-15`,
      specialist,
    );
    expect(left.body.items).toHaveLength(0); // the record is held elsewhere now: counted, not listed
    const yearEnd = await get<{ items: Array<{ id: string }> }>(
      `/api/v1/reports/znz1/schools/${school0()}/cells/6.13.4/pupils?date=2025-10-15`,
    );
    expect(yearEnd.body.items.map((p) => p.id).sort()).toEqual([ids.p2, ids.p4].sort());
  });

  it('76-РВК sums the ОУО’s schools and rebuilds a school whose records changed', async () => {
    const url = `/api/v1/reports/rvk76/ouos/${c.ouos[0].id}?date=2025-09-05`;
    const first = await get<{ cells: Record<string, number>; schools: Array<{ id: string; pupils: number }> }>(
      url,
      specialist,
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.cells['1.5.2']).toBe(3);
    expect(first.body.cells['x.schools']).toBe(2);
    expect(first.body.schools.map((s) => s.pupils).sort()).toEqual([1, 4]);
    const writer = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[1], { totp: true }));
    t.advance(31_000);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pupils',
      headers: writer.headers,
      payload: pupilRecord(c.schools[1], {
        lastName: 'Коваленко',
        birthDate: '2014-08-08',
        birthCertificate: { series: 'І-БК', number: '300001' },
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const second = await get<{ cells: Record<string, number> }>(url, specialist);
    expect(second.body.cells['1.5.2']).toBe(4);
    // A school user may not read the ОУО's summary; another ОУО's specialist neither.
    expect((await get(url)).status).toBe(404);
    expect((await get(`/api/v1/reports/rvk76/ouos/${c.ouos[1].edrpou ?? c.ouos[1].id}`, specialist)).status).toBe(404);
  });

  it('regions and the nation read the refreshed roll-up, flag out-of-date data, offer a tile map', async () => {
    const job = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports/snapshots',
      headers: regionAdmin.headers,
      payload: { date: '2025-09-05' },
    });
    expect(job.statusCode, job.body).toBe(202);
    await t.ctx.jobs.drain();
    const region = await get<{ cells: Record<string, number>; coverage: { schools: number; included: number } }>(
      `/api/v1/reports/rollup/regions/${c.regions[0].id}?date=2025-09-05`,
      regionAdmin,
    );
    expect(region.status, JSON.stringify(region.body)).toBe(200);
    expect(region.body.coverage).toMatchObject({ schools: 4, included: 4 });
    expect(region.body.cells['1.16.2']).toBe(6);
    // The other region was not in the admin's scope: the nation is incomplete until the ministry refreshes it.
    const partial = await get<{ checks: Array<{ code: string; ok: boolean }> }>(
      `/api/v1/reports/rollup/nation?date=2025-09-05`,
      analyst,
    );
    expect(partial.body.checks.find((x) => x.code === 'COVERAGE')!.ok).toBe(false);
    expect((await get(`/api/v1/reports/rollup/nation?date=2025-09-05`, regionAdmin)).status).toBe(404);
    const all = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports/snapshots',
      headers: analyst.headers,
      payload: { date: '2025-09-05' },
    });
    expect(all.statusCode).toBe(202);
    await t.ctx.jobs.drain();
    const nation = await get<{
      cells: Record<string, number>;
      checks: Array<{ code: string; ok: boolean }>;
      regions: Array<{ code: string; pupils: number }>;
    }>(`/api/v1/reports/rollup/nation?date=2025-09-05`, analyst);
    expect(nation.body.checks.find((x) => x.code === 'COVERAGE')!.ok).toBe(true);
    expect(nation.body.checks.find((x) => x.code === 'UP_TO_DATE')!.ok).toBe(true);
    // Pupil 1 joined school 4 only on 2 October: not in its numbers as of 5 September.
    expect(nation.body.cells['1.16.2']).toBe(6);
    expect(nation.body.regions.find((r) => r.code === 'UA32000000000030281')!.pupils).toBe(6);
    // A change makes the roll-up out of date until the next refresh.
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/pupils/${ids.p3}/exit`,
      headers: editor.headers,
      payload: { date: '2025-10-15', reason: 'abroad', destinationCountry: 'DE' },
    });
    const stale = await get<{ checks: Array<{ code: string; ok: boolean; actual?: number }> }>(
      `/api/v1/reports/rollup/nation?date=2025-09-05`,
      analyst,
    );
    expect(stale.body.checks.find((x) => x.code === 'UP_TO_DATE')).toMatchObject({ ok: false, actual: 1 });
    const drill = await get<{ items: Array<{ id: string; value: number }> }>(
      `/api/v1/reports/rollup/cells/1.16.2/schools?level=region&id=${c.regions[0].id}&date=2025-09-05`,
      regionAdmin,
    );
    expect(drill.body.items.map((s) => s.value)).toEqual([4, 2]);
    const dash = await get<{
      charts: Array<{ id: string; series: Array<{ data: Array<number | null> }> }>;
      tileMap: { tiles: Array<{ code: string; values: Record<string, number | null> }> } | null;
    }>(`/api/v1/reports/dashboard?level=nation&date=2025-09-05`, analyst);
    expect(dash.status, JSON.stringify(dash.body)).toBe(200);
    expect(dash.body.tileMap!.tiles).toHaveLength(27);
    expect(dash.body.tileMap!.tiles.find((x) => x.code === 'UA32000000000030281')!.values.pupils).toBe(6);
    expect(dash.body.charts.map((x) => x.id)).toEqual([
      'pupilsByGrade',
      'pupilsByForm',
      'displacement',
      'displacementInternalByOrigin',
      'displacementExternalByCountry',
      'lostContact',
      'dataQuality',
      'trend',
    ]);
    const published = await get<typeof dash.body>(
      `/api/v1/reports/dashboard?level=nation&date=2025-09-05&published=true`,
      analyst,
    );
    const grades = published.body.charts.find((x) => x.id === 'pupilsByGrade')!.series[0]!.data;
    expect(grades.every((x) => x === null || x === 0 || x >= 5)).toBe(true);
    expect(published.body.tileMap!.tiles.find((x) => x.code === 'UA32000000000030281')!.values.pupils).toBe(6);
  });

  it('the published variant and open data hide small counts', async () => {
    const p = await get(`/api/v1/reports/znz1/schools/${school0()}?date=2025-09-05&published=true`);
    expect(p.body.cells['1.5.2']).toBeNull();
    expect(p.body.cells['1.16.1']).toBe(3); // classes are not suppressed
    const open = await t.app.inject({ url: '/api/v1/open-data/znz1?date=2025-09-05' });
    expect(open.statusCode, open.body).toBe(200);
    const body = open.json<{
      published: boolean;
      cells: Record<string, number | null>;
      schools: unknown[];
      flagged: unknown[];
    }>();
    expect(body.published).toBe(true);
    expect(body.schools).toEqual([]);
    expect(body.flagged).toEqual([]);
    for (const [id, v] of Object.entries(body.cells))
      if (!/^1\.\d+\.[14]$|^[89]\.\d+\.1$|^x\.schools/.test(id)) expect(v === null || v === 0 || v >= 5, id).toBe(true);
    const dash = await t.app.inject({ url: '/api/v1/open-data/dashboard?date=2025-09-05&region=UA32000000000030281' });
    expect(dash.statusCode, dash.body).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/open-data/znz1?date=2025-09-07' })).statusCode).toBe(409);
  });

  it('dashboards of a school and of an ОУО', async () => {
    const school = await get<{
      charts: Array<{ id: string; series: Array<{ data: Array<number | null> }>; table: { rows: unknown[][] } }>;
    }>(`/api/v1/reports/dashboard?level=school&id=${school0()}&date=2025-09-05`);
    expect(school.status, JSON.stringify(school.body)).toBe(200);
    const byGrade = school.body.charts.find((x) => x.id === 'pupilsByGrade')!;
    expect(byGrade.series[0]!.data[4]).toBe(2);
    expect(byGrade.table.rows[4]).toEqual(['5 клас', 2, 1]);
    const ouo = await get(`/api/v1/reports/dashboard?level=ouo&id=${c.ouos[0].id}&date=2025-09-05`, specialist);
    expect(ouo.status).toBe(200);
    expect((await get(`/api/v1/reports/dashboard?level=ouo&id=${c.ouos[0].id}`, editor)).status).toBe(404);
  });
});
