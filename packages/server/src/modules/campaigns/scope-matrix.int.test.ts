import type { Role } from '@aikom/domain/access/roles';
import { ROLES } from '@aikom/domain/access/roles';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import {
  createCascade,
  createUser,
  pupilRecord,
  signIn,
  type Cascade,
  type Org,
  type Session,
} from '../../../test/factories';
import { createTestApp, type TestApp } from '../../../test/harness';
import { inScope, runMatrix, signInAllRoles, targetSchool, TARGETS, type TargetKey } from '../../../test/scope-matrix';

/** Readers of pupils' data: who may open a school's campaign page (its open items name pupils). */
const READERS: readonly Role[] = [
  'ministry_admin',
  'ministry_analyst',
  'region_admin',
  'region_analyst',
  'ouo_admin',
  'ouo_specialist',
  'school_admin',
  'school_editor',
];
const CONFIRMERS: readonly Role[] = ['school_admin', 'school_editor'];
/** One pupil without a birth certificate per target school: an open item named by the surname. */
const SURNAME = { ownSchool: 'Андрієнко', sameOuo: 'Бойченко', sameRegion: 'Гавриленко', otherRegion: 'Дмитренко' };

const mailOf = (key: TargetKey) => `${key.toLowerCase()}@school.example`;
/** Who reads the outbox of their scope. */
const MAIL_READERS: readonly Role[] = ['ministry_admin', 'region_admin', 'ouo_admin'];

interface Target {
  school: Org;
  surname: string;
}

describe.each(enginesUnderTest())('scope matrix of campaigns and notifications on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let sessions: Record<Role, Session>;
  let campaignId = '';
  const targets = {} as Record<TargetKey, Target>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    for (const key of TARGETS) {
      const school = targetSchool(c, key);
      const user = await createUser(t.ctx, 'school_editor', school, { totp: true });
      // Each school's editor has an e-mail address: reminders are queued for them in the outbox.
      await t.ctx.db.kysely
        .updateTable('app_user')
        .set({ email: mailOf(key) })
        .where('id', '=', user.id)
        .execute();
      const editor = await signIn(t.app, t.ctx, user);
      t.advance(31_000);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pupils',
        headers: editor.headers,
        payload: pupilRecord(school, { lastName: SURNAME[key], birthCertificate: undefined }),
      });
      expect(res.statusCode, res.body).toBe(201);
      targets[key] = { school, surname: SURNAME[key] };
    }
    sessions = await signInAllRoles(t, c);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns',
      headers: sessions.ministry_admin.headers,
      payload: { title: 'Актуалізація даних про учнів', deadline: '2025-10-31', scope: { kind: 'all' } },
    });
    expect(created.statusCode, created.body).toBe(201);
    campaignId = created.json<{ campaign: { id: string } }>().campaign.id;
    // Every school not confirmed gets a reminder (in-app notification to the school).
    const reminded = await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/remind`,
      headers: sessions.ministry_admin.headers,
      payload: {},
    });
    expect(reminded.statusCode, reminded.body).toBe(200);
  }, 120_000);
  afterAll(async () => t?.close());

  it('opens a school’s page with its pupils only to readers in scope', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'GET campaigns/:id/schools/:schoolId',
      request: (target) => ({ url: `/api/v1/campaigns/${campaignId}/schools/${target.school.id}` }),
      allowed: (role, key) => READERS.includes(role) && inScope(role, key),
      secrets: (target) => [target.surname, target.school.name],
      check: (body, target) => expect(body).toContain(target.surname),
    });
  });

  it('lets only the school itself confirm (and refuses while items are open)', async () => {
    for (const role of ROLES) {
      for (const key of TARGETS) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/campaigns/${campaignId}/schools/${targets[key].school.id}/confirm`,
          headers: sessions[role].headers,
        });
        const label = `confirm as ${role} on ${key}: ${res.statusCode} ${res.body.slice(0, 200)}`;
        if (CONFIRMERS.includes(role) && key === 'ownSchool') expect(res.statusCode, label).toBe(409);
        else expect([403, 404], label).toContain(res.statusCode);
        expect(res.body, label).not.toContain(targets[key].surname);
      }
    }
  });

  it('lists, rolls up and exports only the schools in scope', async () => {
    for (const role of ROLES) {
      const headers = sessions[role].headers;
      const list = await t.app.inject({ url: `/api/v1/campaigns/${campaignId}/schools`, headers });
      const overdue = await t.app.inject({ url: `/api/v1/campaigns/${campaignId}/schools?overdue=true`, headers });
      const rollup = await t.app.inject({ url: `/api/v1/campaigns/${campaignId}/rollup?level=school`, headers });
      const xlsx = await t.app.inject({ url: `/api/v1/campaigns/${campaignId}/export.xlsx`, headers });
      for (const res of [list, overdue, rollup, xlsx])
        expect(res.statusCode, `${role}: ${res.body.slice(0, 200)}`).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const exported: string[] = [];
      wb.getWorksheet('Заклади')!.eachRow((row, n) => {
        if (n > 1) exported.push(row.getCell(1).text);
      });
      for (const key of TARGETS) {
        const name = targets[key].school.name;
        const seen = inScope(role, key);
        const label = `${role} on ${key}`;
        expect(list.body.includes(name), `schools ${label}`).toBe(seen);
        expect(overdue.body.includes(name), `overdue ${label}`).toBe(seen);
        expect(rollup.body.includes(name), `rollup ${label}`).toBe(seen);
        expect(exported.includes(name), `export ${label}`).toBe(seen);
        // Rolled-up figures never name pupils.
        for (const res of [list, rollup]) expect(res.body).not.toContain(targets[key].surname);
      }
    }
  });

  it('shows the outbox only to administrators, with the mail of their scope only', async () => {
    for (const role of ROLES) {
      const res = await t.app.inject({ url: '/api/v1/outbox', headers: sessions[role].headers });
      if (!['ministry_admin', 'region_admin', 'ouo_admin', 'school_admin'].includes(role)) {
        expect([403, 404], role).toContain(res.statusCode);
        continue;
      }
      expect(res.statusCode, `${role}: ${res.body.slice(0, 200)}`).toBe(200);
      const body = res.json<{ smtp: boolean; items: Array<{ to: string; sentAt: string | null }> }>();
      expect(body.smtp).toBe(false);
      for (const key of TARGETS) {
        const shown = body.items.some((m) => m.to === mailOf(key));
        if (!inScope(role, key)) expect(shown, `${role} sees the mail of ${key}`).toBe(false);
        else if (MAIL_READERS.includes(role)) expect(shown, `${role} misses the mail of ${key}`).toBe(true);
      }
      // Without SMTP nothing is sent: the mail waits, visibly.
      expect(body.items.every((m) => m.sentAt === null)).toBe(true);
    }
  });

  it('shows each organisation its own notifications only, and marks only those read', async () => {
    const own = await t.app.inject({ url: '/api/v1/notifications', headers: sessions.school_editor.headers });
    expect(own.statusCode).toBe(200);
    const items = own.json<{ items: Array<{ id: string; link: string | null }> }>().items;
    expect(items.length).toBe(1);
    expect(items[0]!.link).toBe(`/campaigns/${campaignId}/schools/${targets.ownSchool.school.id}`);
    for (const key of ['sameOuo', 'sameRegion', 'otherRegion'] as const)
      expect(own.body).not.toContain(targets[key].school.id);
    // Authorities were not reminded: their inbox is empty, and they cannot mark the school's notification read.
    for (const role of ROLES.filter((r) => !r.startsWith('school_'))) {
      const inbox = await t.app.inject({ url: '/api/v1/notifications', headers: sessions[role].headers });
      expect(inbox.json<{ items: unknown[] }>().items, role).toEqual([]);
      const read = await t.app.inject({
        method: 'POST',
        url: `/api/v1/notifications/${items[0]!.id}/read`,
        headers: sessions[role].headers,
      });
      expect(read.statusCode, role).toBe(404);
    }
    const read = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${items[0]!.id}/read`,
      headers: sessions.school_admin.headers,
    });
    expect(read.statusCode).toBe(204);
  });
});
