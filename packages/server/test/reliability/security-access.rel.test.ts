/**
 * Security review (docs/SECURITY-ASVS.md), access control: an inventory of every operation of the OpenAPI document
 * (a new route without an entry fails the first test), the scope matrix of the portal routes that no feature's own
 * matrix covers, and the matrix of the platform (ОІС) routes: every platform × every school it is or is not linked to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { roleMayDo, type Action } from '@aikom/domain/access/policy';
import { ROLES, type Role } from '@aikom/domain/access/roles';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, linkSchools, platformToken, registerTestPlatform } from '../../src/modules/exchange/testing';
import { upload } from '../../src/modules/imports/testing';
import { enginesUnderTest } from '../engines';
import {
  createCascade,
  createUser,
  pupilRecord,
  type Cascade,
  type Org,
  type Session,
  type TestUser,
} from '../factories';
import { createTestApp, type TestApp } from '../harness';
import {
  actorOrg,
  inScope,
  runMatrix,
  targetSchool,
  TARGETS,
  type MatrixEndpoint,
  type TargetKey,
} from '../scope-matrix';
import { address, concreteUrl, operations, signInFrom, type Operation } from './security-support';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../..');

/** How an operation's access across scopes is proven (or why it needs no proof). */
type Coverage =
  | { kind: 'public'; reason: string }
  | { kind: 'own'; reason: string }
  | { kind: 'here' }
  | { kind: 'feature'; file: string; fragment: string }
  | { kind: 'national-role'; action: Action; reason: string }
  | { kind: 'no-personal-data'; reason: string }
  | { kind: 'gap'; reason: string };

const M = {
  users: 'packages/server/src/modules/users/scope-matrix.int.test.ts',
  pupils: 'packages/server/src/modules/pupils/scope-matrix.int.test.ts',
  campaigns: 'packages/server/src/modules/campaigns/scope-matrix.int.test.ts',
  reports: 'packages/server/src/modules/reports/scope-matrix.int.test.ts',
  subvention: 'packages/server/src/modules/subvention/scope-matrix.int.test.ts',
  verification: 'packages/server/src/modules/verification/scope-matrix.int.test.ts',
  transitions: 'packages/server/src/modules/transitions/scope-matrix.int.test.ts',
  changes: 'packages/server/src/modules/exchange/changes/changes.int.test.ts',
  links: 'packages/server/src/modules/exchange/pupils/pupils.int.test.ts',
} as const;

const pub = (reason: string): Coverage => ({ kind: 'public', reason });
const own = (reason: string): Coverage => ({ kind: 'own', reason });
const here: Coverage = { kind: 'here' };
const feat = (file: string, fragment: string): Coverage => ({ kind: 'feature', file, fragment });
const none = (reason: string): Coverage => ({ kind: 'no-personal-data', reason });
const national = (action: Action, reason: string): Coverage => ({ kind: 'national-role', action, reason });
const gap = (reason: string): Coverage => ({ kind: 'gap', reason });

const REFERENCE = 'public reference data (KATOTTH, the validation catalogue), no personal data';
const AGGREGATE = 'counts and budget figures of organisations, never a pupil-level row';
const LINKS = 'links between organisations and platforms, no personal data (scope rules: exchange pupils test)';

/** Every operation of the API. Keep in step with the routes: an operation missing here fails the inventory test. */
export const INVENTORY: Readonly<Record<string, Coverage>> = {
  'GET /healthz': pub('engine and schema version'),
  'GET /api/v1/territories': pub(REFERENCE),
  'GET /api/v1/territories/search': pub(REFERENCE),
  'GET /api/v1/territories/{code}': pub(REFERENCE),
  'POST /api/v1/auth/login': pub('sign-in (security-sessions.rel.test.ts)'),
  'POST /api/v1/auth/activate': pub('activation with a one-time code (security-sessions.rel.test.ts)'),
  'GET /api/v1/validation/rules': pub(REFERENCE),
  'POST /oauth/token': pub('client credentials (oauth.int.test.ts)'),
  'GET /oauth/jwks.json': pub('public keys'),
  'GET /.well-known/oauth-authorization-server': pub('server metadata'),
  'GET /api/v1/open-data/znz1': pub('published national aggregates'),
  'GET /api/v1/open-data/dashboard': pub('published national aggregates'),

  'POST /api/v1/auth/logout': own('the caller’s own session'),
  'POST /api/v1/auth/totp/setup': own('the caller’s own second factor'),
  'POST /api/v1/auth/totp/confirm': own('the caller’s own second factor'),
  'GET /api/v1/me': own('the caller’s own account'),
  'GET /api/v1/me/sessions': own('the caller’s own sessions (by user id on the server)'),
  'DELETE /api/v1/me/sessions/{id}': own('looked up among the caller’s own sessions only'),
  'POST /api/v1/me/sessions/revoke-others': own('the caller’s own sessions'),
  'POST /api/v1/me/password': own('the caller’s own password'),

  'GET /api/v1/organisations': feat(M.users, '/api/v1/organisations?kind=school'),
  'POST /api/v1/organisations': none('organisations are a public register; creation is policy-checked by parent'),
  'GET /api/v1/organisations/{id}': feat(M.users, '/api/v1/organisations/${s.id}`'),
  'PATCH /api/v1/organisations/{id}': feat(M.users, 'PATCH /organisations/:id'),
  'GET /api/v1/organisations/{id}/history': feat(M.users, '/api/v1/organisations/${s.id}/history'),
  'GET /api/v1/users': feat(M.users, '/api/v1/users?role=school_editor'),
  'POST /api/v1/users': feat(M.users, "url: '/api/v1/users'"),
  'GET /api/v1/users/{id}': feat(M.users, '/api/v1/users/${u.id}${path}'),
  'POST /api/v1/users/{id}/disable': feat(M.users, "'/disable'"),
  'POST /api/v1/users/{id}/enable': here,
  'POST /api/v1/users/{id}/reset': feat(M.users, "'/reset'"),
  'PUT /api/v1/users/{id}/valid-until': here,
  'GET /api/v1/audit': feat(M.users, '/api/v1/audit?limit=500'),

  'POST /api/v1/validation/pupil': none('checks the record sent, reads nothing stored'),
  'GET /api/v1/schools/{schoolId}/classes': feat(M.pupils, "'classes'"),
  'GET /api/v1/schools/{schoolId}/pupils': feat(M.pupils, "'pupils'"),
  'GET /api/v1/schools/{schoolId}/quality': feat(M.pupils, "'quality'"),
  'GET /api/v1/pupils/search': feat(M.pupils, '/api/v1/pupils/search?q='),
  'GET /api/v1/pupils/{id}': feat(M.pupils, '/api/v1/pupils/${x.pupilId}`'),
  'PUT /api/v1/pupils/{id}': feat(M.pupils, "method: 'PUT'"),
  'POST /api/v1/pupils': here,
  'POST /api/v1/pupils/{id}/exit': feat(M.pupils, '/api/v1/pupils/${x.pupilId}/exit'),

  'GET /api/v1/schools/{schoolId}/pupils/template.xlsx': here,
  'GET /api/v1/schools/{schoolId}/pupils/export.xlsx': here,
  'GET /api/v1/schools/{schoolId}/pupils/export.csv': here,
  'POST /api/v1/schools/{schoolId}/imports': here,
  'GET /api/v1/schools/{schoolId}/imports': here,
  'GET /api/v1/imports/{id}': here,
  'DELETE /api/v1/imports/{id}': here,
  'GET /api/v1/imports/{id}/rows': here,
  'POST /api/v1/imports/{id}/commit': here,
  'GET /api/v1/imports/{id}/report.xlsx': here,
  'GET /api/v1/jobs/{id}': here,
  'POST /api/v1/jobs/{id}/cancel': here,

  'GET /api/v1/platforms': none('the register of platforms (name, operator, contact of the vendor)'),
  'POST /api/v1/platforms': national('platform:manage', 'credentials are issued by the ministry'),
  'GET /api/v1/platforms/{id}': none('the register of platforms'),
  'POST /api/v1/platforms/{id}/secret': national('platform:manage', 'credentials are issued by the ministry'),
  'POST /api/v1/platforms/{id}/revoke': national('platform:manage', 'credentials are issued by the ministry'),
  'GET /api/v1/schools/{schoolId}/platform': none(LINKS),
  'POST /api/v1/schools/{schoolId}/platform-requests': none(LINKS),
  'GET /api/v1/platform-links': none(LINKS),
  'POST /api/v1/platform-links/{id}/approve': none(LINKS),
  'POST /api/v1/platform-links/{id}/reject': none(LINKS),
  'POST /api/v1/platform-links/{id}/cancel': none(LINKS),
  'POST /api/v1/platform-links/{id}/end': none(LINKS),
  'GET /api/v1/schools': here,
  'GET /api/v1/schools/{edrpou}/records': here,
  'GET /api/v1/schools/{edrpou}/pupils/{externalId}': here,
  'PUT /api/v1/schools/{edrpou}/pupils/{externalId}': here,
  'POST /api/v1/schools/{edrpou}/pupils:batch': here,
  'POST /api/v1/schools/{edrpou}/pupils/{externalId}/exit': here,
  'GET /api/v1/changes': here,
  'GET /api/v1/changes/head': here,

  'GET /api/v1/campaigns': none('campaign definitions'),
  'POST /api/v1/campaigns': none('a campaign over the caller’s own scope'),
  'GET /api/v1/campaigns/{id}': none('campaign definition and totals'),
  'GET /api/v1/campaigns/{id}/rollup': feat(M.campaigns, '/rollup?level=school'),
  'GET /api/v1/campaigns/{id}/schools': feat(M.campaigns, '/api/v1/campaigns/${campaignId}/schools`'),
  'GET /api/v1/campaigns/{id}/schools/{schoolId}': feat(M.campaigns, '/schools/${target.school.id}`'),
  'POST /api/v1/campaigns/{id}/schools/{schoolId}/confirm': feat(M.campaigns, '/confirm`'),
  'GET /api/v1/campaigns/{id}/timeline': none(AGGREGATE),
  'GET /api/v1/campaigns/{id}/map': none(AGGREGATE),
  'GET /api/v1/campaigns/{id}/export.xlsx': feat(M.campaigns, '/export.xlsx`'),
  'POST /api/v1/campaigns/{id}/remind': none('sends reminders to organisations in scope'),
  'GET /api/v1/notifications': feat(M.campaigns, "url: '/api/v1/notifications'"),
  'POST /api/v1/notifications/{id}/read': feat(M.campaigns, '/read`'),
  'GET /api/v1/outbox': feat(M.campaigns, "url: '/api/v1/outbox'"),

  'GET /api/v1/reports/znz1/schools/{school}': feat(M.reports, '/api/v1/reports/znz1/schools/${x.school.id}?date'),
  'GET /api/v1/reports/znz1/schools/{school}/cells/{cell}/pupils': feat(M.reports, '/cells/1.5.2/pupils'),
  'GET /api/v1/reports/znz1/schools/{school}/entered': none('figures a school entered by hand'),
  'PUT /api/v1/reports/znz1/schools/{school}/entered': feat(M.reports, 'PUT entered cells'),
  'GET /api/v1/reports/rvk76/ouos/{ouo}': feat(M.reports, '/api/v1/reports/rvk76/ouos/'),
  'GET /api/v1/reports/rollup/regions/{region}': feat(M.reports, '/api/v1/reports/rollup/regions/'),
  'GET /api/v1/reports/rollup/nation': feat(M.reports, '/api/v1/reports/rollup/nation'),
  'GET /api/v1/reports/rollup/cells/{cell}/schools': feat(M.reports, '/api/v1/reports/rollup/cells/'),
  'GET /api/v1/reports/snapshots': none(AGGREGATE),
  'POST /api/v1/reports/snapshots': none(AGGREGATE),
  'GET /api/v1/reports/dashboard': feat(M.reports, '/api/v1/reports/dashboard?level=school'),
  'GET /api/v1/reports/migration': feat(M.transitions, '/api/v1/reports/migration?from='),
  'GET /api/v1/reports/migration.xlsx': here,

  'GET /api/v1/subvention/class-size-table': none(AGGREGATE),
  'GET /api/v1/subvention/parameter-schema': none(AGGREGATE),
  'GET /api/v1/subvention/tile-map': none(AGGREGATE),
  'GET /api/v1/subvention/parameter-sets': none(AGGREGATE),
  'POST /api/v1/subvention/parameter-sets': none(AGGREGATE),
  'GET /api/v1/subvention/parameter-sets/{id}': none(AGGREGATE),
  'PUT /api/v1/subvention/parameter-sets/{id}': feat(M.subvention, "'/api/v1/subvention/parameter-sets/default-2026'"),
  'POST /api/v1/subvention/runs': feat(M.subvention, "url: '/api/v1/subvention/runs'"),
  'GET /api/v1/subvention/runs': none(AGGREGATE),
  'GET /api/v1/subvention/runs/{id}': feat(M.subvention, '/api/v1/subvention/runs/${runId}`'),
  'GET /api/v1/subvention/runs/{id}/budgets/{code}': feat(M.subvention, '/budgets/${x.budget}`'),
  'GET /api/v1/subvention/runs/{id}/budgets/{code}/pupils': feat(M.subvention, '/budgets/${x.budget}/pupils'),
  'GET /api/v1/subvention/runs/{id}/export.xlsx': none(AGGREGATE),
  'POST /api/v1/subvention/scenarios/preview': feat(M.subvention, "'/api/v1/subvention/scenarios/preview'"),
  'POST /api/v1/subvention/scenarios': none(AGGREGATE),
  'GET /api/v1/subvention/scenarios': none(AGGREGATE),
  'GET /api/v1/subvention/scenarios/{id}': none(AGGREGATE),
  'PATCH /api/v1/subvention/scenarios/{id}': none(AGGREGATE),
  'GET /api/v1/subvention/scenarios/{id}/comparison': none(AGGREGATE),
  'GET /api/v1/subvention/scenarios/{id}/budgets/{code}': none(AGGREGATE),
  'GET /api/v1/subvention/scenarios/{id}/export.xlsx': none(AGGREGATE),
  'GET /api/v1/subvention/redistribution': none(AGGREGATE),
  'GET /api/v1/subvention/redistribution/pupils': feat(M.subvention, '/api/v1/subvention/redistribution/pupils'),

  'POST /api/v1/verification/extracts': national('verification:manage', 'state-registry extracts: the officer alone'),
  'GET /api/v1/verification/extracts': feat(M.verification, "url: '/api/v1/verification/extracts'"),
  'GET /api/v1/verification/extracts/{id}': feat(M.verification, '/api/v1/verification/extracts/${snapshotId}`'),
  'POST /api/v1/verification/extracts/{id}/link': national('verification:manage', 'linkage runs: the officer alone'),
  'GET /api/v1/verification/pairs': feat(M.verification, "url: '/api/v1/verification/pairs'"),
  'GET /api/v1/verification/pairs/{id}': feat(M.verification, '/api/v1/verification/pairs/${linkId}`'),
  'POST /api/v1/verification/pairs/{id}/decision': national('verification:manage', 'review queue: the officer alone'),
  'DELETE /api/v1/verification/pairs/{id}/decision': national('verification:manage', 'review queue: the officer alone'),
  'POST /api/v1/verification/detections': national('verification:manage', 'detection runs: the officer alone'),
  'GET /api/v1/verification/detections/{id}': national('verification:manage', 'detection runs: the officer alone'),
  'POST /api/v1/verification/cases/handover': feat(M.verification, "url: '/api/v1/verification/cases/handover'"),
  'GET /api/v1/verification/cases': feat(M.verification, 'GET /verification/cases and /dashboard'),
  'GET /api/v1/verification/cases/{id}': feat(M.verification, '/api/v1/verification/cases/${x.caseId}`'),
  'POST /api/v1/verification/cases/{id}/status': gap('scoped by the case’s ОУО like GET and notes; no matrix yet'),
  'POST /api/v1/verification/cases/{id}/notes': feat(M.verification, '/api/v1/verification/cases/${x.caseId}/notes'),
  'POST /api/v1/verification/cases/{id}/assign': gap('scoped by the case’s ОУО like GET and notes; no matrix yet'),
  'GET /api/v1/verification/dashboard': feat(M.verification, 'GET /verification/cases and /dashboard'),

  'GET /api/v1/school-years': none('the calendar of school years'),
  'POST /api/v1/school-years/{label}/open': national('school-year:manage', 'the ministry opens school years'),
  'POST /api/v1/school-years/{label}/close': national('school-year:manage', 'the ministry closes school years'),
  'GET /api/v1/schools/{schoolId}/transitions': feat(M.transitions, "'transitions'"),
  'GET /api/v1/schools/{schoolId}/transitions/{fromYear}/preview': feat(
    M.transitions,
    '/transitions/2025-2026/preview',
  ),
  'PUT /api/v1/schools/{schoolId}/transitions/{fromYear}/exceptions/{enrolmentId}': feat(M.transitions, '/exceptions/'),
  'DELETE /api/v1/schools/{schoolId}/transitions/{fromYear}/exceptions/{enrolmentId}': gap(
    'same service check as PUT of the exception; no matrix of its own',
  ),
  'POST /api/v1/schools/{schoolId}/transitions/{fromYear}/apply': feat(M.transitions, '/apply`'),
  'POST /api/v1/schools/{schoolId}/transitions/{fromYear}/undo': feat(M.transitions, '/undo`'),
  'GET /api/v1/transitions': none(AGGREGATE),
  'POST /api/v1/transitions': gap('bulk transition job over schools in scope; no matrix yet'),
  'POST /api/v1/schools/{schoolId}/first-graders': gap('enrolment of first graders; no matrix yet'),
  'GET /api/v1/schools/{schoolId}/first-graders': feat(M.transitions, "'first-graders?schoolYear=2025-2026'"),
  'POST /api/v1/schools/{schoolId}/first-graders/classes': gap('forming first-grade classes; no matrix yet'),
  'GET /api/v1/schools/{schoolId}/arrivals': feat(M.transitions, '/arrivals`'),
  'POST /api/v1/schools/{schoolId}/arrivals': gap('enrolling an expected arrival; no matrix yet'),
  'POST /api/v1/schools/{schoolId}/arrivals/candidates': feat(M.transitions, '/arrivals/candidates'),
  'GET /api/v1/schools/{schoolId}/transfers': feat(M.transitions, "'transfers?direction=out'"),
  'GET /api/v1/transit': feat(M.transitions, "'/api/v1/transit?state=open'"),
  'GET /api/v1/transit/{enrolmentId}': feat(M.transitions, '/api/v1/transit/${x.left.enrolmentId}`'),
  'POST /api/v1/transit/{enrolmentId}/events': gap('same service check as GET of the case; no matrix of its own'),
};

/** OneRoster operations are all covered here, by the platform matrix below. */
const isOneRoster = (key: string) => key.includes(' /ims/oneroster/');

describe.each(enginesUnderTest())('access control across scopes on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let ops: Operation[];
  let sessions: Record<Role, Session>;
  const exercised = new Set<string>();

  interface Target {
    school: Org;
    pupilId: string;
    lastName: string;
    editor: TestUser;
    importId: string;
    jobId: string;
    fileName: string;
  }
  let targets: Record<TargetKey, Target>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    // Jobs run when the test drains them.
    await t.ctx.jobs.stop();
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    ops = operations(t.app);
    targets = {} as Record<TargetKey, Target>;
    const surnames = { ownSchool: 'Ярошенко', sameOuo: 'Юрченко', sameRegion: 'Щербак', otherRegion: 'Шаповал' };
    let n = 700000;
    let ip = 1;
    for (const key of TARGETS) {
      const school = targetSchool(c, key);
      const editor = await createUser(t.ctx, 'school_editor', school, { totp: true });
      const s = await signInFrom(t.app, t.ctx, editor, address(ip++));
      t.advance(31_000);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pupils',
        headers: s.headers,
        payload: pupilRecord(school, {
          lastName: surnames[key],
          birthCertificate: { series: 'І-БК', number: String(++n) },
        }),
      });
      expect(res.statusCode, res.body).toBe(201);
      // The school's own export, uploaded back as an import: a parsed import with the pupil's row.
      const csv = await t.app.inject({ url: `/api/v1/schools/${school.id}/pupils/export.csv`, headers: s.headers });
      expect(csv.statusCode).toBe(200);
      const fileName = `uchni-${key}-${school.edrpou}.csv`;
      const up = await upload(t.app, s.headers, school.id, fileName, csv.rawPayload);
      expect(up.statusCode, up.body).toBe(202);
      const queued = up.json<{ importId: string; jobId: string }>();
      await t.ctx.jobs.drain();
      targets[key] = {
        school,
        pupilId: res.json<{ id: string }>().id,
        lastName: surnames[key],
        editor,
        importId: queued.importId,
        jobId: queued.jobId,
        fileName,
      };
    }
    sessions = {} as Record<Role, Session>;
    for (const role of ROLES) {
      sessions[role] = await signInFrom(
        t.app,
        t.ctx,
        await createUser(t.ctx, role, actorOrg(c, role), { totp: true }),
        address(ip++),
      );
      t.advance(31_000);
    }
  });
  afterAll(async () => t?.close());

  /** runMatrix, noting the operation as exercised. */
  const matrix = async <T>(key: string, targetsOf: Record<TargetKey, T>, e: MatrixEndpoint<T>) => {
    expect(INVENTORY[key] ?? (isOneRoster(key) ? here : undefined), key).toEqual(here);
    await runMatrix(t, sessions, targetsOf, e);
    exercised.add(key);
  };
  /** For calls that change state (a second allowed call may meet a conflict): 2xx, 409 or 422 when allowed. */
  const loop = async (
    key: string,
    request: (x: Target, k: TargetKey) => InjectOptions,
    allowed: (role: Role, k: TargetKey) => boolean,
    secrets: (x: Target) => string[],
  ) => {
    for (const role of ROLES) {
      for (const k of TARGETS) {
        const base = request(targets[k], k);
        const res = await t.app.inject({
          ...base,
          headers: { ...(base.headers as Record<string, string>), ...sessions[role].headers },
        });
        const label = `${key} as ${role} on ${k}: ${res.statusCode} ${res.body.slice(0, 200)}`;
        // A conflict or a refusal of the content comes after the access check passed.
        if (allowed(role, k)) expect(res.statusCode < 300 || [409, 422].includes(res.statusCode), label).toBe(true);
        else {
          expect([403, 404], label).toContain(res.statusCode);
          if (!inScope(role, k)) for (const s of secrets(targets[k])) expect(res.body, label).not.toContain(s);
        }
      }
    }
    exercised.add(key);
  };
  const may = (action: Action) => (role: Role, k: TargetKey) => roleMayDo(role, action) && inScope(role, k);

  it('every operation of the OpenAPI document has an entry in the inventory, and every entry an operation', () => {
    const keys = ops.map((o) => o.key);
    const missing = keys.filter((k) => !INVENTORY[k] && !isOneRoster(k));
    expect(missing, 'operations without an access-control entry').toEqual([]);
    expect(
      Object.keys(INVENTORY).filter((k) => !keys.includes(k)),
      'stale entries',
    ).toEqual([]);
    const files = new Map<string, string>();
    for (const op of ops) {
      const cov = INVENTORY[op.key] ?? here;
      // What the document says about sign-in matches the entry: public entries only for public operations.
      expect(op.public, `${op.key} is ${op.public ? '' : 'not '}public`).toBe(cov.kind === 'public');
      if (cov.kind === 'feature') {
        const text = files.get(cov.file) ?? fs.readFileSync(path.join(ROOT, cov.file), 'utf8');
        files.set(cov.file, text);
        expect(text.includes(cov.fragment), `${op.key}: ${cov.file} has no "${cov.fragment}"`).toBe(true);
      }
      if (cov.kind === 'national-role')
        for (const role of ROLES)
          if (roleMayDo(role, cov.action)) expect(role.startsWith('ministry_'), `${op.key}: ${role}`).toBe(true);
    }
  });

  it('operations held by national roles only refuse every other role', async () => {
    for (const op of ops) {
      const cov = INVENTORY[op.key];
      if (cov?.kind !== 'national-role') continue;
      for (const role of ROLES) {
        if (roleMayDo(role, cov.action)) continue;
        const res = await t.app.inject({
          method: op.method,
          url: concreteUrl(op),
          headers: sessions[role].headers,
          ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: {} }),
        });
        // Refused by the guard, or earlier by the request schema; never served.
        expect([400, 403], `${op.key} as ${role}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      }
    }
  });

  it('POST /pupils: a record can be created only at a school the writer may write to', async () => {
    let n = 800000;
    await matrix('POST /api/v1/pupils', targets, {
      name: 'create',
      request: (x) => ({
        method: 'POST',
        url: '/api/v1/pupils',
        // A different child every time (name and birth date decide duplicates).
        payload: pupilRecord(x.school, {
          lastName: 'Новенко',
          birthDate: new Date(Date.UTC(2014, 0, 1 + (++n % 300))).toISOString().slice(0, 10),
          birthCertificate: { series: 'І-БК', number: String(n) },
        }),
      }),
      allowed: may('pupil:write'),
      secrets: (x) => [x.school.name],
    });
  });

  it('exports and the template: readers with pupil:export / writers, in scope only', async () => {
    for (const format of ['xlsx', 'csv']) {
      await matrix(`GET /api/v1/schools/{schoolId}/pupils/export.${format}`, targets, {
        name: `export.${format}`,
        request: (x) => ({ url: `/api/v1/schools/${x.school.id}/pupils/export.${format}` }),
        allowed: may('pupil:export'),
        secrets: (x) => [x.lastName],
        check: (body, x) => {
          if (format === 'csv') expect(body).toContain(x.lastName);
        },
      });
    }
    await matrix('GET /api/v1/schools/{schoolId}/pupils/template.xlsx', targets, {
      name: 'template',
      request: (x) => ({ url: `/api/v1/schools/${x.school.id}/pupils/template.xlsx` }),
      allowed: may('pupil:write'),
      secrets: () => [],
    });
  });

  it('imports: the list, an import, its rows and its report open only to writers in scope', async () => {
    await matrix('GET /api/v1/schools/{schoolId}/imports', targets, {
      name: 'imports',
      request: (x) => ({ url: `/api/v1/schools/${x.school.id}/imports` }),
      allowed: may('pupil:write'),
      secrets: (x) => [x.fileName, x.importId],
    });
    await matrix('GET /api/v1/imports/{id}', targets, {
      name: 'import',
      request: (x) => ({ url: `/api/v1/imports/${x.importId}` }),
      allowed: may('pupil:write'),
      secrets: (x) => [x.fileName],
    });
    await matrix('GET /api/v1/imports/{id}/rows', targets, {
      name: 'rows',
      request: (x) => ({ url: `/api/v1/imports/${x.importId}/rows?filter=all` }),
      allowed: may('pupil:write'),
      secrets: (x) => [x.lastName],
      check: (body, x) => expect(body).toContain(x.lastName),
    });
    await matrix('GET /api/v1/imports/{id}/report.xlsx', targets, {
      name: 'report',
      request: (x) => ({ url: `/api/v1/imports/${x.importId}/report.xlsx` }),
      allowed: may('pupil:write'),
      secrets: () => [],
    });
  });

  it('jobs: readable in scope; only whoever started a job may stop it', async () => {
    await matrix('GET /api/v1/jobs/{id}', targets, {
      name: 'job',
      request: (x) => ({ url: `/api/v1/jobs/${x.jobId}` }),
      allowed: inScope,
      secrets: (x) => [x.fileName, x.lastName],
    });
    // Nobody in the matrix started these jobs (each school's own editor did): everyone is refused, and the job is
    // left as it was. Its starter may.
    await loop(
      'POST /api/v1/jobs/{id}/cancel',
      (x) => ({ method: 'POST', url: `/api/v1/jobs/${x.jobId}/cancel` }),
      () => false,
      (x) => [x.fileName],
    );
    const own = await signInFrom(t.app, t.ctx, targets.ownSchool.editor, address(200));
    t.advance(31_000);
    const byStarter = await t.app.inject({
      method: 'POST',
      url: `/api/v1/jobs/${targets.ownSchool.jobId}/cancel`,
      headers: own.headers,
    });
    expect(byStarter.statusCode, byStarter.body).toBe(202);
  });

  it('users: enabling and time-limiting a user is for those who manage them', async () => {
    const manages = (role: Role, k: TargetKey) =>
      (role === 'ouo_admin' && inScope(role, k)) || (role === 'school_admin' && k === 'ownSchool');
    await loop(
      'POST /api/v1/users/{id}/enable',
      (x) => ({ method: 'POST', url: `/api/v1/users/${x.editor.id}/enable` }),
      manages,
      (x) => [x.editor.login],
    );
    await matrix('PUT /api/v1/users/{id}/valid-until', targets, {
      name: 'valid-until',
      request: (x) => ({
        method: 'PUT',
        url: `/api/v1/users/${x.editor.id}/valid-until`,
        payload: { validUntil: null },
      }),
      allowed: manages,
      secrets: (x) => [x.editor.login],
    });
  });

  it('the migration report as XLSX follows the JSON report’s scope', async () => {
    await matrix('GET /api/v1/reports/migration.xlsx', targets, {
      name: 'migration.xlsx',
      request: (x) => ({
        url: `/api/v1/reports/migration.xlsx?from=2025-09-01&to=2026-08-31&organisationId=${x.school.id}`,
      }),
      allowed: inScope,
      secrets: () => [],
    });
  });

  it('imports: commit and delete only by writers in scope (last: they change the imports)', async () => {
    await loop(
      'POST /api/v1/imports/{id}/commit',
      (x) => ({ method: 'POST', url: `/api/v1/imports/${x.importId}/commit`, payload: { mode: 'valid_only' } }),
      may('pupil:write'),
      (x) => [x.lastName, x.fileName],
    );
    await loop(
      'DELETE /api/v1/imports/{id}',
      (x) => ({ method: 'DELETE', url: `/api/v1/imports/${x.importId}` }),
      may('pupil:write'),
      (x) => [x.lastName, x.fileName],
    );
    await loop(
      'POST /api/v1/schools/{schoolId}/imports',
      (x) => {
        const body = Buffer.from(`Прізвище;Ім'я\n${x.lastName};Іван\n`, 'utf8');
        const boundary = 'aikomsecuritytest';
        return {
          method: 'POST',
          url: `/api/v1/schools/${x.school.id}/imports`,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload: Buffer.concat([
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="u.csv"\r\nContent-Type: text/csv\r\n\r\n`,
            ),
            body,
            Buffer.from(`\r\n--${boundary}--\r\n`),
          ]),
        };
      },
      may('pupil:write'),
      (x) => [x.fileName],
    );
  });

  describe('platforms (ОІС)', () => {
    interface PTarget {
      school: Org;
      externalId: string;
      lastName: string;
      token: string;
    }
    let pt: { A: PTarget; B: PTarget };
    let tokenC: string;
    let certificate = 900000;

    beforeAll(async () => {
      const make = async (name: string, school: Org, externalId: string, lastName: string): Promise<PTarget> => {
        const p = await registerTestPlatform(t.ctx, name);
        await linkSchools(t.ctx, p.id, [school.edrpou!]);
        const token = await platformToken(t.app, p);
        const res = await t.app.inject({
          method: 'PUT',
          url: `/api/v1/schools/${school.edrpou}/pupils/${externalId}`,
          headers: bearer(token),
          payload: pupilRecord(school, {
            lastName,
            birthCertificate: { series: 'І-БК', number: String(++certificate) },
          }),
        });
        expect(res.statusCode, res.body).toBe(201);
        return { school, externalId, lastName, token };
      };
      pt = {
        A: await make('Журнал Альфа', c.schools[3], 'alpha-1', 'Альфаренко'),
        B: await make('Журнал Бета', c.schools[6], 'beta-1', 'Бетаненко'),
      };
      tokenC = await platformToken(t.app, await registerTestPlatform(t.ctx, 'Журнал без шкіл'));
    });

    /** Every platform against every platform's school: the owner is served, the others see nothing of it. */
    const platformMatrix = async (
      key: string,
      request: (x: PTarget) => InjectOptions,
      options: { ok?: number[]; lists?: boolean; shared?: boolean } = {},
    ) => {
      // Shared portal routes have their portal matrix elsewhere; here they get the platform half.
      if (!options.shared) expect(INVENTORY[key] ?? (isOneRoster(key) ? here : undefined), key).toEqual(here);
      const actors = { A: pt.A.token, B: pt.B.token, C: tokenC };
      for (const [who, token] of Object.entries(actors)) {
        for (const [whose, x] of Object.entries(pt)) {
          const base = request(x);
          const res = await t.app.inject({
            ...base,
            headers: { ...(base.headers as Record<string, string>), ...bearer(token) },
          });
          const label = `${key} by ${who} on ${whose}'s school: ${res.statusCode} ${res.body.slice(0, 200)}`;
          if (who === whose) expect([...(options.ok ?? []), 200, 201].includes(res.statusCode), label).toBe(true);
          else {
            if (!options.lists) expect([403, 404], label).toContain(res.statusCode);
            expect(res.statusCode, label).toBeLessThan(500);
            // The problem's `instance` repeats the URL the caller sent; nothing else of the target may show.
            for (const s of [x.lastName, x.externalId])
              if (!JSON.stringify(base.url).includes(s)) expect(res.body, label).not.toContain(s);
          }
        }
      }
      exercised.add(key);
    };

    it('exchange routes: a platform reaches only the schools linked to it', async () => {
      await platformMatrix('GET /api/v1/schools/{edrpou}/records', (x) => ({
        url: `/api/v1/schools/${x.school.edrpou}/records`,
      }));
      await platformMatrix('GET /api/v1/schools/{edrpou}/pupils/{externalId}', (x) => ({
        url: `/api/v1/schools/${x.school.edrpou}/pupils/${x.externalId}`,
      }));
      await platformMatrix('PUT /api/v1/schools/{edrpou}/pupils/{externalId}', (x) => ({
        method: 'PUT',
        url: `/api/v1/schools/${x.school.edrpou}/pupils/${x.externalId}`,
        payload: pupilRecord(x.school, {
          lastName: x.lastName,
          birthCertificate: { series: 'І-БК', number: String(x === pt.A ? 900001 : 900002) },
        }),
      }));
      let key = 0;
      await platformMatrix('POST /api/v1/schools/{edrpou}/pupils:batch', (x) => ({
        method: 'POST',
        url: `/api/v1/schools/${x.school.edrpou}/pupils:batch`,
        headers: { 'idempotency-key': `security-${++key}` },
        payload: {
          records: [
            {
              ...pupilRecord(x.school, {
                lastName: 'Пакетенко',
                birthCertificate: { series: 'І-БК', number: String(950000 + key) },
              }),
              externalId: `batch-${key}`,
            },
          ],
        },
      }));
      // Lists answer 200 but hold only the caller's own schools and pupils.
      await platformMatrix('GET /api/v1/schools', () => ({ url: '/api/v1/schools' }), { lists: true });
      await platformMatrix('GET /api/v1/changes', () => ({ url: '/api/v1/changes' }), { lists: true });
      await platformMatrix('GET /api/v1/changes/head', () => ({ url: '/api/v1/changes/head' }), { lists: true });
      // Portal routes shared with platforms: arrivals of a school.
      await platformMatrix(
        'GET /api/v1/schools/{schoolId}/arrivals',
        (x) => ({ url: `/api/v1/schools/${x.school.id}/arrivals` }),
        { lists: true, shared: true },
      );
    });

    it('OneRoster: every resource of a platform’s school is invisible to the other platforms', async () => {
      const BASE = '/ims/oneroster/rostering/v1p2';
      // The owner's own ids of every collection.
      const ids = async (x: PTarget) => {
        const first = async (collection: string, field: string) => {
          const r = await t.app.inject({ url: `${BASE}/${collection}`, headers: bearer(x.token) });
          expect(r.statusCode, r.body).toBe(200);
          const items = r.json<Record<string, Array<{ sourcedId: string }>>>()[field] ?? [];
          expect(items.length, `${collection} of ${x.school.name}`).toBeGreaterThan(0);
          return items[0]!.sourcedId;
        };
        return {
          students: await first('students', 'users'),
          users: await first('users', 'users'),
          classes: await first('classes', 'classes'),
          enrollments: await first('enrollments', 'enrollments'),
          courses: await first('courses', 'courses'),
          academicSessions: await first('academicSessions', 'academicSessions'),
          orgs: x.school.id,
          schools: x.school.id,
        };
      };
      const idsOf = new Map<PTarget, Awaited<ReturnType<typeof ids>>>([
        [pt.A, await ids(pt.A)],
        [pt.B, await ids(pt.B)],
      ]);
      const oneRoster = ops.filter((o) => o.path.startsWith(BASE));
      expect(oneRoster.length).toBeGreaterThanOrEqual(20);
      for (const op of oneRoster) {
        const segments = op.path.slice(BASE.length + 1).split('/');
        const url = (x: PTarget) => {
          const own = idsOf.get(x)!;
          return (
            BASE +
            '/' +
            segments
              .map((s, i) => {
                if (s === '{schoolSourcedId}') return x.school.id;
                if (s === '{classSourcedId}') return own.classes;
                if (s === '{sourcedId}') {
                  const id = own[segments[i - 1] as keyof typeof own];
                  if (!id) throw new Error(`no id for ${op.path}`);
                  return id;
                }
                return s;
              })
              .join('/')
          );
        };
        const single = op.path.endsWith('{sourcedId}');
        // Academic sessions are the registry's school years, the same for everyone.
        if (single && segments[0] === 'academicSessions') {
          await platformMatrix(op.key, (x) => ({ url: url(x) }), { lists: true });
          continue;
        }
        await platformMatrix(op.key, (x) => ({ url: url(x) }), { lists: !single });
      }
    });

    it('portal sessions cannot call platform routes, tokens cannot call portal routes', async () => {
      let served = 0;
      for (const op of ops) {
        if (op.public || (op.session && op.platform)) continue;
        const headers = op.platform ? sessions.ministry_admin.headers : bearer(pt.A.token);
        const res = await t.app.inject({
          method: op.method,
          url: concreteUrl(op),
          headers,
          ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: {} }),
        });
        const label = `${op.key} with a ${op.platform ? 'session' : 'token'}: ${res.statusCode} ${res.body.slice(0, 120)}`;
        expect([400, 403, 404], label).toContain(res.statusCode);
        if (res.statusCode === 403) served++;
      }
      expect(served).toBeGreaterThan(100);
    });

    it('exit: only the owning platform records a pupil’s exit (last: it ends the spell)', async () => {
      await platformMatrix(
        'POST /api/v1/schools/{edrpou}/pupils/{externalId}/exit',
        (x) => ({
          method: 'POST',
          url: `/api/v1/schools/${x.school.edrpou}/pupils/${x.externalId}/exit`,
          payload: { date: '2025-10-15', reason: 'abroad', destinationCountry: 'PL' },
        }),
        { ok: [204, 409] },
      );
    });
  });

  it('every operation the inventory assigns to this file was exercised', () => {
    const expected = ops.filter((o) => (INVENTORY[o.key] ?? (isOneRoster(o.key) ? here : null))?.kind === 'here');
    expect(expected.map((o) => o.key).filter((k) => !exercised.has(k))).toEqual([]);
  });
});
