import type { Role } from '@aikom/domain/access/roles';
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
const WRITERS: readonly Role[] = ['ouo_specialist', 'school_admin', 'school_editor'];

interface Target {
  school: Org;
  pupilId: string;
  lastName: string;
}

describe.each(enginesUnderTest())('scope matrix of pupil endpoints on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let sessions: Record<Role, Session>;
  let targets: Record<TargetKey, Target>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    targets = {} as Record<TargetKey, Target>;
    const surnames = {
      ownSchool: 'Андрієнко',
      sameOuo: 'Бойченко',
      sameRegion: 'Гаврилюк',
      otherRegion: 'Дмитренко',
    } as const;
    let n = 100000;
    for (const key of TARGETS) {
      const school = targetSchool(c, key);
      const writer = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', school, { totp: true }));
      t.advance(31_000);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pupils',
        headers: writer.headers,
        payload: pupilRecord(school, {
          lastName: surnames[key],
          birthCertificate: { series: 'І-БК', number: String(++n) },
        }),
      });
      expect(res.statusCode, res.body).toBe(201);
      targets[key] = { school, pupilId: res.json<{ id: string }>().id, lastName: surnames[key] };
    }
    sessions = await signInAllRoles(t, c);
  });
  afterAll(async () => t?.close());

  const readable = (role: Role, key: TargetKey) => READERS.includes(role) && inScope(role, key);

  it('GET /pupils/:id', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'card',
      request: (x) => ({ url: `/api/v1/pupils/${x.pupilId}` }),
      allowed: readable,
      // The certificate numbers 100001… as JSON strings (a bare "100" also turns up in random request ids).
      secrets: (x) => [x.lastName, '"10000'],
    });
  });

  it('GET /schools/:id/pupils, /classes and /quality', async () => {
    for (const path of ['pupils', 'classes', 'quality']) {
      await runMatrix(t, sessions, targets, {
        name: path,
        request: (x) => ({ url: `/api/v1/schools/${x.school.id}/${path}` }),
        allowed: readable,
        secrets: (x) => [x.lastName],
      });
    }
  });

  it('PUT /pupils/:id', async () => {
    const versions = new Map<string, number>();
    await runMatrix(t, sessions, targets, {
      name: 'update',
      request: (x, key) => ({
        method: 'PUT',
        url: `/api/v1/pupils/${x.pupilId}`,
        headers: { 'if-match': `"${versions.get(x.pupilId) ?? 1}"` },
        payload: pupilRecord(x.school, {
          lastName: x.lastName,
          birthCertificate: { series: 'І-БК', number: String(100001 + TARGETS.indexOf(key)) },
          specialNeeds: (versions.get(x.pupilId) ?? 1) % 2 === 1,
        }),
      }),
      allowed: (role, key) => WRITERS.includes(role) && inScope(role, key),
      secrets: (x) => [x.lastName],
      check: (body, x) => versions.set(x.pupilId, (JSON.parse(body) as { version: number }).version),
    });
  });

  it('search finds only pupils in scope', async () => {
    for (const role of READERS) {
      for (const key of TARGETS) {
        const res = await t.app.inject({
          url: `/api/v1/pupils/search?q=${encodeURIComponent(targets[key].lastName)}`,
          headers: sessions[role].headers,
        });
        expect(res.statusCode, role).toBe(200);
        expect(
          res.json<{ items: Array<{ id: string }> }>().items.some((p) => p.id === targets[key].pupilId),
          `${role} ${key}`,
        ).toBe(inScope(role, key));
      }
    }
    expect(
      (await t.app.inject({ url: '/api/v1/pupils/search?q=Андрієнко', headers: sessions.ministry_verifier.headers }))
        .statusCode,
    ).toBe(403);
  });

  it('POST /pupils/:id/exit (last: it ends the spells)', async () => {
    for (const role of Object.keys(sessions) as Role[]) {
      for (const key of TARGETS) {
        const x = targets[key];
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/pupils/${x.pupilId}/exit`,
          headers: sessions[role].headers,
          payload: { date: '2025-10-15', reason: 'other', note: 'перевірка доступу' },
        });
        const label = `exit as ${role} on ${key}: ${res.statusCode}`;
        if (WRITERS.includes(role) && inScope(role, key)) expect([204, 409], label).toContain(res.statusCode);
        else {
          expect([403, 404], label).toContain(res.statusCode);
          if (!inScope(role, key)) expect(res.body).not.toContain(x.lastName);
        }
      }
    }
    // The pupils in some writer's scope have left; the others are untouched.
    const open = await t.ctx.db.kysely
      .selectFrom('enrolment')
      .select('person_id')
      .where('exit_date', 'is', null)
      .execute();
    expect(open.map((o) => o.person_id).sort()).toEqual(
      [targets.sameRegion.pupilId, targets.otherRegion.pupilId].sort(),
    );
  });
});
