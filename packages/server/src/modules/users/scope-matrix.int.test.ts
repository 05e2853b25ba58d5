import type { Role } from '@aikom/domain/access/roles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, createUser, type Cascade, type Session, type TestUser } from '../../../test/factories';
import { createTestApp, type TestApp } from '../../../test/harness';
import { inScope, runMatrix, signInAllRoles, targetSchool, TARGETS, type TargetKey } from '../../../test/scope-matrix';

const ORG_UPDATERS: readonly Role[] = ['ministry_admin', 'region_admin', 'ouo_admin', 'school_admin'];

describe.each(enginesUnderTest())('scope matrix of organisations, users and audit on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let sessions: Record<Role, Session>;
  let editors: Record<TargetKey, TestUser>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    sessions = await signInAllRoles(t, c);
    editors = {} as Record<TargetKey, TestUser>;
    for (const key of TARGETS)
      editors[key] = await createUser(t.ctx, 'school_editor', targetSchool(c, key), {
        login: `editor.${key.toLowerCase()}`,
      });
  });
  afterAll(async () => t?.close());

  const schools = () =>
    Object.fromEntries(TARGETS.map((k) => [k, targetSchool(c, k)])) as Record<
      TargetKey,
      ReturnType<typeof targetSchool>
    >;

  it('GET /organisations/:id', async () => {
    await runMatrix(t, sessions, schools(), {
      name: 'GET organisation',
      request: (s) => ({ url: `/api/v1/organisations/${s.id}` }),
      allowed: (role, key) => inScope(role, key),
      secrets: (s) => [s.name, s.edrpou!],
    });
  });

  it('GET /organisations/:id/history', async () => {
    await runMatrix(t, sessions, schools(), {
      name: 'GET organisation history',
      request: (s) => ({ url: `/api/v1/organisations/${s.id}/history` }),
      allowed: (role, key) => inScope(role, key),
      secrets: (s) => [s.name],
    });
  });

  it('PATCH /organisations/:id', async () => {
    const versions = new Map<string, number>();
    await runMatrix(t, sessions, schools(), {
      name: 'PATCH organisation',
      request: (s) => {
        const v = versions.get(s.id) ?? 1;
        return {
          method: 'PATCH',
          url: `/api/v1/organisations/${s.id}`,
          headers: { 'if-match': `"${v}"` },
          payload: { address: `вул. Перевірочна, ${v}` },
        };
      },
      allowed: (role, key) => ORG_UPDATERS.includes(role) && inScope(role, key),
      secrets: (s) => [s.name],
      check: (body, s) => versions.set(s.id, (JSON.parse(body) as { version: number }).version),
    });
  });

  it('GET /organisations lists only what is in scope', async () => {
    for (const [role, session] of Object.entries(sessions) as Array<[Role, Session]>) {
      const res = await t.app.inject({ url: '/api/v1/organisations?kind=school&limit=500', headers: session.headers });
      const ids = res.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id);
      for (const key of TARGETS)
        expect(ids.includes(targetSchool(c, key).id), `${role} ${key}`).toBe(inScope(role, key));
    }
  });

  // Users: school editors are managed by the ОУО admin of their ОУО and the director of their school.
  const managesEditor = (role: Role, key: TargetKey) =>
    (role === 'ouo_admin' && inScope(role, key)) || (role === 'school_admin' && key === 'ownSchool');

  for (const [name, method, path] of [
    ['GET user', 'GET', ''],
    ['disable user', 'POST', '/disable'],
    ['reset user', 'POST', '/reset'],
  ] as const) {
    it(`${method} /users/:id${path}`, async () => {
      await runMatrix(t, sessions, editors, {
        name,
        request: (u) => ({ method, url: `/api/v1/users/${u.id}${path}` }),
        allowed: managesEditor,
        secrets: (u) => [u.login],
      });
    });
  }

  it('POST /users (grant school editor at the target school)', async () => {
    let n = 0;
    await runMatrix(t, sessions, schools(), {
      name: 'create user',
      request: (s) => ({
        method: 'POST',
        url: '/api/v1/users',
        payload: { login: `new.editor.${++n}`, fullName: 'Нова Людина', role: 'school_editor', organisationId: s.id },
      }),
      allowed: managesEditor,
      secrets: (s) => [s.name],
    });
  });

  it('GET /users lists only the users one manages', async () => {
    for (const [role, session] of Object.entries(sessions) as Array<[Role, Session]>) {
      const res = await t.app.inject({ url: '/api/v1/users?role=school_editor&limit=200', headers: session.headers });
      if (!['ministry_admin', 'region_admin', 'ouo_admin', 'school_admin'].includes(role)) {
        expect(res.statusCode, role).toBe(403);
        continue;
      }
      const logins = res.json<{ items: Array<{ login: string }> }>().items.map((i) => i.login);
      for (const key of TARGETS)
        expect(logins.includes(editors[key].login), `${role} ${key}`).toBe(managesEditor(role, key));
    }
  });

  it('GET /audit only for security officers, within their scope', async () => {
    for (const [role, session] of Object.entries(sessions) as Array<[Role, Session]>) {
      const res = await t.app.inject({ url: '/api/v1/audit?limit=500', headers: session.headers });
      expect(res.statusCode, role).toBe(role === 'ministry_admin' || role === 'region_admin' ? 200 : 403);
    }
  });
});
