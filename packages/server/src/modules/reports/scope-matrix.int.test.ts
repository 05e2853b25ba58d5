import type { Role } from '@aikom/domain/access/roles';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expect } from 'vitest';
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
import { ReportService } from './service';

const AGGREGATE_READERS: readonly Role[] = [
  'ministry_admin',
  'ministry_analyst',
  'ministry_verifier',
  'region_admin',
  'region_analyst',
  'ouo_admin',
  'ouo_specialist',
  'school_admin',
  'school_editor',
];
const PUPIL_READERS: readonly Role[] = AGGREGATE_READERS.filter((r) => r !== 'ministry_verifier');
const ENTERERS: readonly Role[] = ['school_admin', 'school_editor'];

interface Target {
  school: Org;
  ouoId: string;
  regionId: string;
  lastName: string;
}

const level = (role: Role) => role.split('_')[0] as 'ministry' | 'region' | 'ouo' | 'school';

describe.each(enginesUnderTest())('scope matrix of report endpoints on %s', (engine) => {
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
    const surnames = { ownSchool: 'Андрієнко', sameOuo: 'Бойченко', sameRegion: 'Гаврилюк', otherRegion: 'Дмитренко' };
    let n = 500000;
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
      targets[key] = { school, ouoId: school.ouoId!, regionId: school.regionId!, lastName: surnames[key] };
    }
    // The regions' and the nation's roll-ups read what a refresh built.
    await new ReportService(t.ctx).refresh('cli', { date: '2025-09-05' });
    sessions = await signInAllRoles(t, c);
  });
  afterAll(async () => t?.close());

  const schoolAllowed = (readers: readonly Role[]) => (role: Role, key: TargetKey) =>
    readers.includes(role) && inScope(role, key);

  it('GET ZNZ-1 of a school and its dashboard', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'znz1',
      request: (x) => ({ url: `/api/v1/reports/znz1/schools/${x.school.id}?date=2025-09-05` }),
      allowed: schoolAllowed(AGGREGATE_READERS),
      secrets: (x) => [x.school.name, x.school.edrpou!],
    });
    await runMatrix(t, sessions, targets, {
      name: 'znz1 export',
      request: (x) => ({ url: `/api/v1/reports/znz1/schools/${x.school.edrpou}?date=2025-09-05&format=csv` }),
      allowed: schoolAllowed(AGGREGATE_READERS),
      secrets: (x) => [x.school.name],
    });
    await runMatrix(t, sessions, targets, {
      name: 'school dashboard',
      request: (x) => ({ url: `/api/v1/reports/dashboard?level=school&id=${x.school.id}&date=2025-09-05` }),
      allowed: schoolAllowed(AGGREGATE_READERS),
      secrets: (x) => [x.school.name],
    });
  });

  it('GET the pupils behind a number', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'drill-down',
      request: (x) => ({ url: `/api/v1/reports/znz1/schools/${x.school.id}/cells/1.5.2/pupils?date=2025-09-05` }),
      allowed: schoolAllowed(PUPIL_READERS),
      secrets: (x) => [x.lastName],
      check: (body, x) => expect(body).toContain(x.lastName),
    });
  });

  it('PUT entered cells', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'enter',
      request: (x) => ({
        method: 'PUT',
        url: `/api/v1/reports/znz1/schools/${x.school.id}/entered`,
        payload: { cells: { '9.1.1': 1 } },
      }),
      allowed: schoolAllowed(ENTERERS),
      secrets: (x) => [x.school.name],
    });
  });

  it('GET 76-РВК of the target’s ОУО and the roll-up of its region', async () => {
    const ouoAllowed = (role: Role, key: TargetKey) =>
      level(role) !== 'school' && inScope(role, key === 'ownSchool' ? 'sameOuo' : key);
    await runMatrix(t, sessions, targets, {
      name: 'rvk76',
      request: (x) => ({ url: `/api/v1/reports/rvk76/ouos/${x.ouoId}?date=2025-09-05` }),
      allowed: ouoAllowed,
      secrets: (x) => [x.school.name],
    });
    const regionAllowed = (role: Role, key: TargetKey) =>
      level(role) === 'ministry' || (level(role) === 'region' && key !== 'otherRegion');
    await runMatrix(t, sessions, targets, {
      name: 'region roll-up',
      request: (x) => ({ url: `/api/v1/reports/rollup/regions/${x.regionId}?date=2025-09-05` }),
      allowed: regionAllowed,
      secrets: () => [],
    });
    await runMatrix(t, sessions, targets, {
      name: 'region drill-down to schools',
      request: (x) => ({
        url: `/api/v1/reports/rollup/cells/1.16.2/schools?level=region&id=${x.regionId}&date=2025-09-05`,
      }),
      allowed: regionAllowed,
      secrets: (x) => [x.school.name],
    });
    await runMatrix(t, sessions, targets, {
      name: 'nation roll-up',
      request: () => ({ url: `/api/v1/reports/rollup/nation?date=2025-09-05` }),
      allowed: (role) => level(role) === 'ministry',
      secrets: () => [],
    });
  });
});
