import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import {
  createCascade,
  createUser,
  pupilRecord,
  signIn,
  type Cascade,
  type Session,
  type TestUser,
} from '../../../test/factories';
import { createTestApp, type TestApp } from '../../../test/harness';
import { CampaignService } from './service';

describe.each(enginesUnderTest())('data-update campaigns on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let ministry: Session;
  let ouoAdmin: Session;
  let region: Session;
  let school0: Session;
  let school2: Session;
  let campaignId = '';
  const users: Record<string, TestUser> = {};
  /** Sessions end after 12 hours: sign everyone in again after a jump of the clock. */
  const resign = async () => {
    const again = async (name: string) => {
      const s = await signIn(t.app, t.ctx, users[name]!);
      t.advance(31_000);
      return s;
    };
    ministry = await again('ministry');
    region = await again('region');
    ouoAdmin = await again('ouoAdmin');
    school0 = await again('school0');
    school2 = await again('school2');
  };
  let pupilWithout = '';
  const refresh = () => new CampaignService(t.ctx).refresh();
  const get = <T>(s: Session, url: string) =>
    t.app.inject({ url, headers: s.headers }).then((r) => {
      expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
      return r.json<T>();
    });

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    const sign = async (
      name: string,
      role: Parameters<typeof createUser>[1],
      org: Parameters<typeof createUser>[2],
    ) => {
      users[name] = await createUser(t.ctx, role, org, { totp: true });
      const s = await signIn(t.app, t.ctx, users[name]);
      t.advance(31_000);
      return s;
    };
    ministry = await sign('ministry', 'ministry_admin', c.ministry);
    region = await sign('region', 'region_admin', c.regions[0]);
    ouoAdmin = await sign('ouoAdmin', 'ouo_admin', c.ouos[0]);
    school0 = await sign('school0', 'school_editor', c.schools[0]);
    school2 = await sign('school2', 'school_editor', c.schools[2]);
    // School 0: one complete pupil, one without a birth certificate (indicator 1 not recorded).
    const post = (s: Session, payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/v1/pupils', headers: s.headers, payload });
    expect((await post(school0, pupilRecord(c.schools[0]))).statusCode).toBe(201);
    const res = await post(
      school0,
      pupilRecord(c.schools[0], {
        lastName: 'Олійник',
        firstName: 'Ганна',
        middleName: 'Іванівна',
        sex: 'female',
        birthCertificate: undefined,
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    pupilWithout = res.json<{ id: string }>().id;
    expect(
      (
        await post(
          school2,
          pupilRecord(c.schools[2], { lastName: 'Гнатюк', birthCertificate: { series: 'І-ЖС', number: '777777' } }),
        )
      ).statusCode,
    ).toBe(201);
  });
  afterAll(async () => t?.close());

  it('opens a campaign for all schools with the four MON indicators', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns',
      headers: ministry.headers,
      payload: {
        title: 'Актуалізація даних про учнів',
        deadline: '2025-10-31',
        scope: { kind: 'all' },
        indicators: [1, 2, 3, 4],
        reminderDays: 3,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ campaign: { id: string; requiredRules: Array<{ code: string }> }; schools: number }>();
    campaignId = body.campaign.id;
    expect(body.schools).toBe(8);
    expect(body.campaign.requiredRules.map((r) => r.code)).toContain('BIRTH_CERT_MISSING');
    // Region admins open campaigns only for their region; schools cannot open any.
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns',
      headers: region.headers,
      payload: { title: 'Чужа', deadline: '2025-10-31', scope: { kind: 'region', regionId: c.regions[1].id } },
    });
    expect(wrong.json<{ errors: Array<{ code: string }> }>().errors[0]?.code).toBe('SCOPE_OUTSIDE');
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/campaigns',
          headers: school0.headers,
          payload: { title: 'x x x', deadline: '2025-10-31', scope: { kind: 'all' } },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('shows a school what is missing pupil by pupil and refuses confirmation until it is fixed', async () => {
    const page = await get<{
      school: { pupils: number; pupilsDone: number; status: string; canConfirm: boolean };
      items: Array<{ pupilId: string; problems: Array<{ code: string }> }>;
    }>(school0, `/api/v1/campaigns/${campaignId}/schools/${c.schools[0].id}`);
    expect(page.school).toMatchObject({ pupils: 2, pupilsDone: 1, status: 'open', canConfirm: false });
    expect(page.items.map((i) => i.pupilId)).toEqual([pupilWithout]);
    expect(page.items[0]!.problems.map((p) => p.code)).toEqual(['BIRTH_CERT_MISSING']);
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/schools/${c.schools[0].id}/confirm`,
      headers: school0.headers,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ openItems: number }>().openItems).toBe(1);
    // Another school's page is not there for this school.
    expect(
      (
        await t.app.inject({
          url: `/api/v1/campaigns/${campaignId}/schools/${c.schools[2].id}`,
          headers: school0.headers,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('goes green for the ОУО and the region once the school fixes its records and confirms', async () => {
    const card = await get<{ record: Record<string, unknown>; version: number }>(
      school0,
      `/api/v1/pupils/${pupilWithout}`,
    );
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/pupils/${pupilWithout}`,
      headers: { ...school0.headers, 'if-match': `"${card.version}"` },
      payload: { ...card.record, birthCertificate: { series: 'ІІ-БК', number: '246810' } },
    });
    expect(put.statusCode, put.body).toBe(200);
    await refresh();
    const ouoBefore = await get<{
      items: Array<{ id: string; schoolsComplete: number; schoolsConfirmed: number; completion: number }>;
    }>(ouoAdmin, `/api/v1/campaigns/${campaignId}/rollup?level=school&parentId=${c.ouos[0].id}`);
    expect(ouoBefore.items.find((r) => r.id === c.schools[0].id)).toMatchObject({
      schoolsComplete: 1,
      schoolsConfirmed: 0,
      completion: 100,
    });
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/schools/${c.schools[0].id}/confirm`,
      headers: school0.headers,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'confirmed', confirmedLate: false });
    const ouoAfter = await get<{ items: Array<{ id: string; schoolsConfirmed: number }> }>(
      ouoAdmin,
      `/api/v1/campaigns/${campaignId}/rollup?level=school&parentId=${c.ouos[0].id}`,
    );
    expect(ouoAfter.items.find((r) => r.id === c.schools[0].id)?.schoolsConfirmed).toBe(1);
    const regionView = await get<{
      level: string;
      rows: Array<{ id: string; schoolsConfirmed: number; schools: number }>;
    }>(region, `/api/v1/campaigns/${campaignId}`);
    expect(regionView.level).toBe('ouo');
    expect(regionView.rows.find((r) => r.id === c.ouos[0].id)).toMatchObject({ schools: 2, schoolsConfirmed: 1 });
    expect(regionView.rows.map((r) => r.id)).not.toContain(c.ouos[2].id);
    const nation = await get<{ level: string; rows: Array<{ id: string }> }>(
      ministry,
      `/api/v1/campaigns/${campaignId}`,
    );
    expect(nation.level).toBe('region');
    expect(nation.rows.map((r) => r.id).sort()).toEqual([c.regions[0].id, c.regions[1].id].sort());
  });

  it('reopens a confirmed school when its data changes afterwards, with a notice', async () => {
    t.advance(60_000);
    const card = await get<{ record: Record<string, unknown>; version: number }>(
      school0,
      `/api/v1/pupils/${pupilWithout}`,
    );
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/pupils/${pupilWithout}`,
      headers: { ...school0.headers, 'if-match': `"${card.version}"` },
      payload: { ...card.record, specialNeeds: true },
    });
    expect((await refresh()).reopened).toBe(1);
    const page = await get<{ school: { status: string } }>(
      school0,
      `/api/v1/campaigns/${campaignId}/schools/${c.schools[0].id}`,
    );
    expect(page.school.status).toBe('reopened');
    const notes = await get<{ items: Array<{ kind: string }>; unread: number }>(school0, '/api/v1/notifications');
    expect(notes.items.map((n) => n.kind)).toContain('campaign.reopened');
  });

  it('marks a confirmation after the deadline as late and lists overdue schools', async () => {
    t.advance(20 * 86_400_000); // past 31.10.2025
    await resign();
    const overdue = await get<{ items: Array<{ schoolId: string; overdue: boolean }> }>(
      ministry,
      `/api/v1/campaigns/${campaignId}/schools?overdue=true`,
    );
    expect(overdue.items.every((s) => s.overdue)).toBe(true);
    expect(overdue.items.map((s) => s.schoolId)).toContain(c.schools[2].id);
    // The first N for a page, with how many there are in all.
    const first = await get<{ items: Array<{ overdue: boolean }>; total: number }>(
      ministry,
      `/api/v1/campaigns/${campaignId}/schools?overdue=true&limit=2`,
    );
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(overdue.items.length);
    expect(first.total).toBeGreaterThan(2);
    const late = await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/schools/${c.schools[2].id}/confirm`,
      headers: school2.headers,
    });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json<{ confirmedLate: boolean }>().confirmedLate).toBe(true);
  });

  it('sends reminders in-app and by e-mail (a visible outbox without SMTP)', async () => {
    await t.ctx.db.kysely
      .updateTable('app_user')
      .set({ email: 'school7@example.org' })
      .where('organisation_id', '=', c.schools[7].id)
      .execute();
    await createUser(t.ctx, 'school_admin', c.schools[7]);
    await t.ctx.db.kysely
      .updateTable('app_user')
      .set({ email: 'director7@example.org' })
      .where('organisation_id', '=', c.schools[7].id)
      .execute();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/remind`,
      headers: ministry.headers,
      payload: { schoolIds: [c.schools[7].id] },
    });
    expect(res.json()).toMatchObject({ schools: 1, emails: 1, smtp: false });
    const outbox = await get<{ smtp: boolean; items: Array<{ to: string; subject: string; sentAt: string | null }> }>(
      ministry,
      '/api/v1/outbox',
    );
    expect(outbox.items[0]).toMatchObject({ to: 'director7@example.org', sentAt: null });
    expect(outbox.items[0]!.subject).toContain('Актуалізація даних про учнів');
    // An ОУО reminds only its own schools.
    const ouo = await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/remind`,
      headers: ouoAdmin.headers,
      payload: {},
    });
    expect(ouo.statusCode, ouo.body).toBe(200);
    expect(ouo.json<{ schools: number }>().schools).toBeLessThanOrEqual(2);
  });

  it('sends the automatic reminder once, N days before the deadline', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns',
      headers: ministry.headers,
      payload: {
        title: 'Перевірка звʼязку',
        deadline: '2025-11-05',
        scope: { kind: 'list', schoolIds: [c.schools[4].id] },
        indicators: [4],
        reminderDays: 2,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ campaign: { id: string } }>().campaign.id;
    await refresh();
    await refresh();
    const sent = await t.ctx.db.kysely
      .selectFrom('campaign_reminder')
      .select(['kind', 'schools'])
      .where('campaign_id', '=', id)
      .execute();
    expect(sent).toEqual([{ kind: 'automatic', schools: 1 }]);
    const notes = await t.ctx.db.kysely
      .selectFrom('notification')
      .select('title')
      .where('organisation_id', '=', c.schools[4].id)
      .execute();
    expect(notes).toHaveLength(1);
  });

  it('lets a region admin open a campaign for a list of its own schools only', async () => {
    const open = (schoolIds: string[]) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/campaigns',
        headers: region.headers,
        payload: { title: 'Перелік закладів', deadline: '2025-12-20', scope: { kind: 'list', schoolIds } },
      });
    const before = await t.ctx.db.kysely.selectFrom('campaign').select('id').execute();
    const outside = await open([c.schools[0].id, c.schools[4].id]);
    expect(outside.statusCode, outside.body).toBe(400);
    expect(outside.json<{ errors: Array<{ code: string; path: string }> }>().errors[0]).toMatchObject({
      code: 'SCOPE_OUTSIDE',
      path: '/scope/schoolIds',
    });
    // Nothing was written by the refused request.
    expect(await t.ctx.db.kysely.selectFrom('campaign').select('id').execute()).toEqual(before);
    const ok = await open([c.schools[0].id, c.schools[2].id]);
    expect(ok.statusCode, ok.body).toBe(201);
    const body = ok.json<{ campaign: { id: string; scope: { kind: string; regionId: string } }; schools: number }>();
    expect(body.schools).toBe(2);
    expect(body.campaign.scope).toEqual({ kind: 'list', regionId: c.regions[0].id });
    const schools = await get<{ items: Array<{ schoolId: string }> }>(
      region,
      `/api/v1/campaigns/${body.campaign.id}/schools`,
    );
    expect(schools.items.map((s) => s.schoolId).sort()).toEqual([c.schools[0].id, c.schools[2].id].sort());
  });

  it('without confirmation, counts a complete school as done: not overdue, not reminded', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns',
      headers: region.headers,
      payload: {
        title: 'Перевірка дат народження',
        deadline: '2025-11-30',
        scope: { kind: 'region', regionId: c.regions[0].id },
        indicators: [2],
        requiresConfirmation: false,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ campaign: { id: string } }>().campaign.id;
    const all = await get<{ items: Array<{ schoolId: string; status: string; canConfirm: boolean }> }>(
      region,
      `/api/v1/campaigns/${id}/schools`,
    );
    // Every pupil of the region has a date of birth: every school is complete, none can (or needs to) confirm.
    expect(all.items.length).toBe(4);
    expect(all.items.every((s) => s.status === 'complete' && !s.canConfirm)).toBe(true);
    const pending = await get<{ items: unknown[] }>(region, `/api/v1/campaigns/${id}/schools?overdue=true`);
    expect(pending.items).toEqual([]);
    const reminded = await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${id}/remind`,
      headers: region.headers,
      payload: {},
    });
    expect(reminded.json<{ schools: number }>().schools).toBe(0);
    const confirm = await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${id}/schools/${c.schools[0].id}/confirm`,
      headers: school0.headers,
    });
    expect(confirm.statusCode).toBe(409);
  });

  it('gives the timeline, the tile map and an XLSX export', async () => {
    const timeline = await get<{ items: Array<{ day: string; schoolsConfirmed: number }> }>(
      ministry,
      `/api/v1/campaigns/${campaignId}/timeline`,
    );
    expect(timeline.items.length).toBeGreaterThanOrEqual(1);
    expect(timeline.items.at(-1)!.schoolsConfirmed).toBeGreaterThanOrEqual(1);
    const map = await get<{ items: Array<{ katottg: string; confirmation: number }> }>(
      ministry,
      `/api/v1/campaigns/${campaignId}/map`,
    );
    expect(map.items.map((m) => m.katottg).sort()).toEqual(['UA32000000000030281', 'UA46000000000026241']);
    const xlsx = await t.app.inject({ url: `/api/v1/campaigns/${campaignId}/export.xlsx`, headers: region.headers });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = wb.getWorksheet('Заклади')!.getSheetValues().filter(Boolean);
    expect(rows.length).toBe(1 + 4); // header + the four schools of the region
  });
});
