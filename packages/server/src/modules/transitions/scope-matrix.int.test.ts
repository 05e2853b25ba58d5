import type { Role } from '@aikom/domain/access/roles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, type Cascade, type Org, type Session } from '../../../test/factories';
import { createTestApp, type TestApp } from '../../../test/harness';
import { inScope, runMatrix, signInAllRoles, targetSchool, TARGETS, type TargetKey } from '../../../test/scope-matrix';
import { schoolYears, seedClasses } from './testing';

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
const RUNNERS: readonly Role[] = ['ministry_admin', 'ouo_admin', 'ouo_specialist', 'school_admin', 'school_editor'];
const WRITERS: readonly Role[] = ['ouo_specialist', 'school_admin', 'school_editor'];
/** Who reads the in-transit pool: readers of pupils and the case workers of verification. */
const POOL_READERS: readonly Role[] = [...READERS, 'ministry_verifier'];

const STAYING = { ownSchool: 'Андрієнко', sameOuo: 'Бойченко', sameRegion: 'Гавриленко', otherRegion: 'Дмитренко' };
const LEFT = { ownSchool: 'Остапчук', sameOuo: 'Панасюк', sameRegion: 'Романюк', otherRegion: 'Савчук' };

interface Target {
  school: Org;
  staying: { id: string; lastName: string; enrolmentId: string };
  left: { id: string; lastName: string; enrolmentId: string };
}

describe.each(enginesUnderTest())('scope matrix of transitions, transfers and the pool on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let sessions: Record<Role, Session>;
  const targets = {} as Record<TargetKey, Target>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await schoolYears(t.ctx, [{ id: 2025 }, { id: 2026 }]);
    for (const key of TARGETS) {
      const school = targetSchool(c, key);
      const [staying, left] = await seedClasses(
        t.ctx,
        school,
        2025,
        [{ grade: 1, classLetter: 'А', pupils: 2 }],
        (_p, i) => ({
          lastName: (i === 0 ? STAYING : LEFT)[key],
        }),
      );
      const spell = async (personId: string) =>
        (
          await t.ctx.db.kysely
            .selectFrom('enrolment')
            .select('id')
            .where('person_id', '=', personId)
            .executeTakeFirstOrThrow()
        ).id;
      const leftSpell = await spell(left!.id);
      // Left on 1 October for another school, unnamed: in transit on 15 October (ten school days later).
      await t.ctx.db.kysely
        .updateTable('enrolment')
        .set({ exit_date: '2025-10-01', exit_reason: 'other' })
        .where('id', '=', leftSpell)
        .execute();
      targets[key] = {
        school,
        staying: { id: staying!.id, lastName: staying!.lastName, enrolmentId: await spell(staying!.id) },
        left: { id: left!.id, lastName: left!.lastName, enrolmentId: leftSpell },
      };
    }
    sessions = await signInAllRoles(t, c);
  });
  afterAll(async () => t?.close());

  const readable = (roles: readonly Role[]) => (role: Role, key: TargetKey) =>
    roles.includes(role) && inScope(role, key);

  it('GET the transition preview', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'preview',
      request: (x) => ({ url: `/api/v1/schools/${x.school.id}/transitions/2025-2026/preview` }),
      allowed: readable(RUNNERS),
      secrets: (x) => [x.staying.lastName],
      check: (body, x) => expect(body).toContain(x.staying.lastName),
    });
  });

  it('GET first graders, transfers and transition history of a school', async () => {
    for (const path of ['first-graders?schoolYear=2025-2026', 'transfers?direction=out', 'transitions']) {
      await runMatrix(t, sessions, targets, {
        name: path,
        request: (x) => ({ url: `/api/v1/schools/${x.school.id}/${path}` }),
        allowed: readable(READERS),
        secrets: (x) => [x.staying.lastName],
      });
    }
  });

  it('GET expected arrivals and POST arrival candidates (schools that may enrol)', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'arrivals',
      request: (x) => ({ url: `/api/v1/schools/${x.school.id}/arrivals` }),
      allowed: readable(WRITERS),
      secrets: (x) => [x.staying.lastName],
    });
    await runMatrix(t, sessions, targets, {
      name: 'candidates',
      request: (x) => ({
        method: 'POST',
        url: `/api/v1/schools/${x.school.id}/arrivals/candidates`,
        payload: { identifier: 'І-БК 000001' },
      }),
      allowed: readable(WRITERS),
      secrets: (x) => [x.staying.lastName],
    });
  });

  it('the pool lists exactly the cases in scope, and a case opens only in scope', async () => {
    for (const role of Object.keys(sessions) as Role[]) {
      const r = await t.app.inject({ url: '/api/v1/transit?state=open', headers: sessions[role].headers });
      if (!POOL_READERS.includes(role)) {
        expect(r.statusCode, role).toBe(403);
        continue;
      }
      expect(r.statusCode, role).toBe(200);
      const ids = r.json<{ items: Array<{ personId: string }> }>().items.map((x) => x.personId);
      for (const key of TARGETS) {
        const visible = role === 'ministry_verifier' || inScope(role, key);
        expect(ids.includes(targets[key].left.id), `${role} ${key}`).toBe(visible);
        if (!visible) expect(r.body).not.toContain(targets[key].left.lastName);
      }
    }
    await runMatrix(t, sessions, targets, {
      name: 'case',
      request: (x) => ({ url: `/api/v1/transit/${x.left.enrolmentId}` }),
      allowed: (role, key) => POOL_READERS.includes(role) && (role === 'ministry_verifier' || inScope(role, key)),
      secrets: (x) => [x.left.lastName],
    });
  });

  it('GET the migration report of an organisation', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'migration',
      request: (x) => ({
        url: `/api/v1/reports/migration?from=2025-09-01&to=2026-08-31&organisationId=${x.school.id}`,
      }),
      allowed: (role, key) => inScope(role, key),
      secrets: (x) => [x.school.name],
    });
  });

  it('PUT an exception and POST apply / undo (only runners in scope)', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'exception',
      request: (x) => ({
        method: 'PUT',
        url: `/api/v1/schools/${x.school.id}/transitions/2025-2026/exceptions/${x.staying.enrolmentId}`,
        payload: { kind: 'repeat', basis: 'parent_request' },
      }),
      allowed: readable(RUNNERS),
      secrets: (x) => [x.staying.lastName],
    });
    for (const role of Object.keys(sessions) as Role[]) {
      for (const key of TARGETS) {
        const x = targets[key];
        const apply = await t.app.inject({
          method: 'POST',
          url: `/api/v1/schools/${x.school.id}/transitions/2025-2026/apply`,
          headers: sessions[role].headers,
          payload: {},
        });
        const label = `apply as ${role} on ${key}: ${apply.statusCode} ${apply.body.slice(0, 120)}`;
        if (RUNNERS.includes(role) && inScope(role, key)) {
          expect(apply.statusCode, label).toBe(200);
          const undo = await t.app.inject({
            method: 'POST',
            url: `/api/v1/schools/${x.school.id}/transitions/2025-2026/undo`,
            headers: sessions[role].headers,
          });
          expect(undo.statusCode, `undo as ${role} on ${key}`).toBe(200);
        } else {
          expect([403, 404], label).toContain(apply.statusCode);
          expect(apply.body).not.toContain(x.staying.lastName);
        }
      }
    }
  });
});
