/**
 * The cross-scope matrix of the subvention endpoints: every role of the cascade against budgets and schools in and out
 * of its scope. Allocations are national (budget-level figures for every reader of the subvention); school lines and
 * the pupils behind them only in scope; parameter sets are changed by ministry administrators only.
 */
import type { Role } from '@aikom/domain/access/roles';
import { ROLES } from '@aikom/domain/access/roles';
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

const READERS: readonly Role[] = ['ministry_admin', 'ministry_analyst', 'region_admin', 'region_analyst'];

interface Target {
  school: Org;
  budget: string;
  lastName: string;
}

describe.each(enginesUnderTest())('scope matrix of subvention endpoints on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let sessions: Record<Role, Session>;
  let targets: Record<TargetKey, Target>;
  let runId = '';

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    const surnames = { ownSchool: 'Андрієнко', sameOuo: 'Бойченко', sameRegion: 'Гаврилюк', otherRegion: 'Дмитренко' };
    let n = 200000;
    targets = {} as Record<TargetKey, Target>;
    for (const key of TARGETS) {
      const school = targetSchool(c, key);
      const writer = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', school, { totp: true }));
      t.advance(31_000);
      for (const [i, grade] of [2, 6, 10].entries()) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/pupils',
          headers: writer.headers,
          payload: pupilRecord(school, {
            lastName: surnames[key],
            firstName: ['Іван', 'Марія', 'Петро'][i],
            birthDate: `${2023 - grade - 6}-03-09`,
            birthCertificate: { series: 'І-БК', number: String(++n) },
            enrollment: { ...(pupilRecord(school).enrollment as object), grade },
          }),
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const budget = await t.ctx.db.kysely
        .selectFrom('organisation as o')
        .innerJoin('territory as s', 's.id', 'o.territory_id')
        .innerJoin('territory as h', 'h.id', 's.hromada_id')
        .select('h.code')
        .where('o.id', '=', school.id)
        .executeTakeFirstOrThrow();
      targets[key] = { school, budget: budget.code, lastName: surnames[key] };
    }
    sessions = await signInAllRoles(t, c);
    const run = await t.app.inject({
      method: 'POST',
      url: '/api/v1/subvention/runs',
      headers: sessions.ministry_analyst.headers,
      payload: { parameterSetId: 'default' },
    });
    expect(run.statusCode, run.body).toBe(202);
    runId = run.json<{ run: { id: string } }>().run.id;
    await t.ctx.jobs.drain();
  });
  afterAll(async () => t?.close());

  it('GET the run: every reader of the subvention, whatever the budget', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'run',
      request: () => ({ url: `/api/v1/subvention/runs/${runId}` }),
      allowed: (role) => READERS.includes(role),
      secrets: () => [],
      check: (body, x) => expect(body).toContain(x.budget),
    });
  });

  it('GET an explanation: every reader, school lines only in scope', async () => {
    for (const role of ROLES) {
      for (const key of TARGETS) {
        const x = targets[key];
        const res = await t.app.inject({
          url: `/api/v1/subvention/runs/${runId}/budgets/${x.budget}`,
          headers: sessions[role].headers,
        });
        const label = `${role} on ${key}: ${res.statusCode}`;
        if (!READERS.includes(role)) {
          expect(res.statusCode, label).toBe(403);
          continue;
        }
        expect(res.statusCode, label).toBe(200);
        if (inScope(role, key)) expect(res.body, label).toContain(x.school.name);
        else expect(res.body, label).not.toContain(x.school.name);
      }
    }
  });

  it('GET the pupils behind an input: readers with pupil:read, in scope only', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'trace',
      request: (x) => ({ url: `/api/v1/subvention/runs/${runId}/budgets/${x.budget}/pupils?school=${x.school.id}` }),
      allowed: (role, key) => READERS.includes(role) && inScope(role, key),
      secrets: (x) => [x.lastName],
      check: (body, x) => {
        const items = (JSON.parse(body) as { items: Array<{ lastName: string }> }).items;
        expect(items.map((i) => i.lastName)).toEqual([x.lastName, x.lastName, x.lastName]);
      },
    });
  });

  it('GET the pupils behind a movement: readers with pupil:read, in scope only', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'movement',
      request: (x) => ({
        url: `/api/v1/subvention/redistribution/pupils?parameterSetId=default&snapshot=2025-08-31&from=outside&to=${x.budget}`,
      }),
      // Kyiv oblast's region reads Бучанська and Ірпінська hromadas; Lviv's hromadas are outside it.
      allowed: (role, key) => READERS.includes(role) && (role.startsWith('ministry_') || key !== 'otherRegion'),
      secrets: (x) => [x.lastName],
    });
  });

  it('POST a scenario preview: every reader of the subvention', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'preview',
      request: () => ({
        method: 'POST',
        url: '/api/v1/subvention/scenarios/preview',
        payload: { base: { parameterSetId: 'default' }, changes: { classSize: { cityNorm: { value: '27' } } } },
      }),
      allowed: (role) => READERS.includes(role),
      secrets: () => [],
    });
  });

  it('PUT a parameter set: ministry administrators only', async () => {
    const current = await t.app.inject({
      url: '/api/v1/subvention/parameter-sets/default-2026',
      headers: sessions.ministry_admin.headers,
    });
    const { params } = current.json<{ params: Record<string, unknown> }>();
    let version = 1;
    await runMatrix(t, sessions, targets, {
      name: 'edit parameters',
      request: () => ({
        method: 'PUT',
        url: '/api/v1/subvention/parameter-sets/default-2026',
        headers: { 'if-match': `"${version}"` },
        payload: { params, note: 'перевірка доступу' },
      }),
      allowed: (role) => role === 'ministry_admin',
      secrets: () => [],
      check: () => void version++,
    });
    expect(version).toBe(1 + TARGETS.length);
  });
});
