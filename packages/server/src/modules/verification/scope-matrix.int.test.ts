/**
 * Who sees verification: every role of the cascade against cases handed to the ОУО of each target school, and
 * against the extracts and pairs (the verification officer's alone). The database is asked too, without the
 * application: row-level security must refuse on its own.
 */
import type { Role } from '@aikom/domain/access/roles';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, createUser, type Cascade, type Org, type Session } from '../../../test/factories';
import { createTestApp, type TestApp } from '../../../test/harness';
import { runMatrix, signInAllRoles, targetSchool, TARGETS, type TargetKey } from '../../../test/scope-matrix';
import type { VerificationTx } from '../../db/schema-verification';
import { scopedAccess } from './access';

interface Target {
  caseId: string;
  lastName: string;
  ouo: Org;
}

const CASE_WORKERS: readonly Role[] = ['ouo_admin', 'ouo_specialist'];
const caseAllowed = (role: Role, key: TargetKey) =>
  role === 'ministry_verifier' || (CASE_WORKERS.includes(role) && (key === 'ownSchool' || key === 'sameOuo'));

describe.each(enginesUnderTest())('scope matrix of verification on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let sessions: Record<Role, Session>;
  let targets: Record<TargetKey, Target>;
  let linkId = 0;
  let snapshotId = '';
  const db = () => t.ctx.db.kysely as unknown as VerificationTx;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    const now = t.ctx.now();
    const surnames: Record<TargetKey, string> = {
      ownSchool: 'Андрусенко',
      sameOuo: 'Бережна',
      sameRegion: 'Гайова',
      otherRegion: 'Дзюба',
    };
    targets = {} as Record<TargetKey, Target>;
    for (const key of TARGETS) {
      const school = targetSchool(c, key);
      const ouo = c.ouos.find((o) => o.id === school.ouoId)!;
      const id = uuidv7();
      await db()
        .insertInto('verification_case')
        .values({
          id,
          subject_key: `births:TEST-${key}`,
          last_name: surnames[key],
          first_name: 'Олена',
          birth_date: '2014-05-07',
          reasons: ['not_enrolled'],
          region_id: ouo.regionId,
          assigned_ouo_id: ouo.id,
          handed_over_at: now,
          opened_at: now,
          updated_at: now,
          last_detected_at: now,
        })
        .execute();
      targets[key] = { caseId: id, lastName: surnames[key], ouo };
    }
    // An extract pair: a record of the sought list linked with a births record.
    const births = uuidv7();
    snapshotId = uuidv7();
    for (const [id, kind] of [
      [births, 'births'],
      [snapshotId, 'sought'],
    ] as const) {
      await db()
        .insertInto('registry_snapshot')
        .values({
          id,
          kind,
          version: 1,
          source: 'тест',
          adapter: 'csv',
          as_of: '2025-10-01',
          status: 'imported',
          created_at: now,
        })
        .execute();
      await db()
        .insertInto('registry_record')
        .values({
          snapshot_id: id,
          record_no: 1,
          source_record_id: `R-${kind}`,
          last_name: 'Таємниченко',
          first_name: 'Марія',
          script: 'cyrillic',
          birth_date: '2013-02-03',
          details: JSON.stringify(kind === 'sought' ? { status: 'missing' } : {}),
        })
        .execute();
    }
    const run = uuidv7();
    await db()
      .insertInto('registry_link_run')
      .values({
        id: run,
        snapshot_id: snapshotId,
        target: 'births',
        target_snapshot_id: births,
        started_at: now,
        finished_at: now,
      })
      .execute();
    const link = await db()
      .insertInto('registry_link')
      .values({
        run_id: run,
        record_no: 1,
        target_record_no: 1,
        model_status: 'review',
        status: 'review',
        method: 'probabilistic',
        probability: 0.5,
        weight: 1,
        pattern: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    linkId = link.id;
    sessions = await signInAllRoles(t, c);
  }, 120_000);
  afterAll(async () => t?.close());

  it('GET /verification/cases/:id', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'case',
      request: (x) => ({ url: `/api/v1/verification/cases/${x.caseId}` }),
      allowed: caseAllowed,
      secrets: (x) => [x.lastName],
      check: (body, x) => expect(body).toContain(x.lastName),
    });
  }, 120_000);

  it('POST /verification/cases/:id/notes', async () => {
    await runMatrix(t, sessions, targets, {
      name: 'note',
      request: (x) => ({
        method: 'POST',
        url: `/api/v1/verification/cases/${x.caseId}/notes`,
        payload: { note: 'Телефонували родині' },
      }),
      allowed: caseAllowed,
      secrets: (x) => [x.lastName],
    });
  }, 120_000);

  it('GET /verification/cases and /dashboard show an ОУО its own cases only', async () => {
    for (const [role, session] of Object.entries(sessions) as Array<[Role, Session]>) {
      for (const url of ['/api/v1/verification/cases', '/api/v1/verification/dashboard']) {
        const res = await t.app.inject({ url, headers: session.headers });
        if (role !== 'ministry_verifier' && !CASE_WORKERS.includes(role)) {
          expect(res.statusCode, `${role} ${url}`).toBe(403);
          for (const key of TARGETS) expect(res.body).not.toContain(targets[key].lastName);
          continue;
        }
        expect(res.statusCode, `${role} ${url} ${res.body}`).toBe(200);
        if (url.endsWith('cases')) {
          for (const key of TARGETS) {
            const visible = role === 'ministry_verifier' || key === 'ownSchool' || key === 'sameOuo';
            expect(res.body.includes(targets[key].lastName), `${role} sees ${key}`).toBe(visible);
          }
        } else {
          expect(res.json<{ total: number }>().total).toBe(role === 'ministry_verifier' ? 4 : 2);
        }
      }
    }
  }, 120_000);

  it('extracts, pairs, detections and hand-over: the verification officer alone', async () => {
    const endpoints = [
      { method: 'GET' as const, url: '/api/v1/verification/extracts' },
      { method: 'GET' as const, url: `/api/v1/verification/extracts/${snapshotId}` },
      { method: 'GET' as const, url: `/api/v1/verification/pairs/${linkId}` },
      { method: 'GET' as const, url: '/api/v1/verification/pairs' },
      { method: 'POST' as const, url: '/api/v1/verification/cases/handover', payload: { caseIds: [] } },
    ];
    for (const [role, session] of Object.entries(sessions) as Array<[Role, Session]>) {
      for (const e of endpoints) {
        const res = await t.app.inject({ ...e, headers: session.headers });
        if (role === 'ministry_verifier') expect(res.statusCode, `${e.url} ${res.body}`).toBeLessThan(300);
        else {
          expect(res.statusCode, `${role} ${e.url}`).toBe(403);
          expect(res.body).not.toContain('Таємниченко');
        }
      }
    }
  }, 120_000);

  it('the database itself refuses cases and extracts to the wrong actors', async () => {
    const userOf = async (role: Role, org: Org) => (await createUser(t.ctx, role, org)).id;
    const read = (scope: Parameters<typeof scopedAccess>[1]) =>
      scopedAccess(
        t.ctx,
        scope,
      )(async (trx) => ({
        cases: (await trx.selectFrom('verification_case').select('last_name').execute()).map((r) => r.last_name).sort(),
        records: (await trx.selectFrom('registry_record').select('record_no').execute()).length,
      }));
    // A ministry administrator has the national scope, but not the verification role.
    expect(await read({ national: true, actor: await userOf('ministry_admin', c.ministry) })).toEqual({
      cases: [],
      records: 0,
    });
    // An ОУО case worker: the cases handed to their ОУО; no extracts.
    const worker = await userOf('ouo_specialist', c.ouos[0]);
    expect(await read({ ouo: c.ouos[0].id, actor: worker })).toEqual({ cases: ['Андрусенко', 'Бережна'], records: 0 });
    // Claiming another ОУО's scope does not help: the database reads the actor's own organisation.
    expect(await read({ ouo: c.ouos[2].id, actor: worker })).toEqual({ cases: ['Андрусенко', 'Бережна'], records: 0 });
    // A school user of the same ОУО sees nothing.
    expect(await read({ school: c.schools[0].id, actor: await userOf('school_admin', c.schools[0]) })).toEqual({
      cases: [],
      records: 0,
    });
    const verifier = await userOf('ministry_verifier', c.ministry);
    expect((await read({ national: true, actor: verifier })).cases).toHaveLength(4);
    expect((await read({ national: true, actor: verifier })).records).toBe(2);
    // A case not handed over yet is the officer's only.
    await db()
      .updateTable('verification_case')
      .set({ handed_over_at: null })
      .where('id', '=', targets.ownSchool.caseId)
      .execute();
    expect((await read({ ouo: c.ouos[0].id, actor: worker })).cases).toEqual(['Бережна']);
  }, 120_000);
});
