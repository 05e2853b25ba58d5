import type { Static, TSchema } from 'typebox';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type * as ChangeServer from '@aikom/server/modules/exchange/changes/schemas';
import type * as OneRosterServer from '@aikom/server/modules/exchange/oneroster/schemas';
import type * as PupilServer from '@aikom/server/modules/exchange/pupils/schemas';
import { enginesUnderTest } from '../../../server/test/engines';
import { createCascade, pupilRecord, type Cascade } from '../../../server/test/factories';
import { createTestApp, type TestApp } from '../../../server/test/harness';
import {
  injectFetch,
  linkSchools,
  registerTestPlatform,
  type TestPlatform,
} from '../../../server/src/modules/exchange/testing';
import {
  ONEROSTER_ENDPOINTS,
  type OneRosterAcademicSession,
  type OneRosterClass,
  type OneRosterEnrollment,
  type OneRosterOrg,
  type OneRosterUser,
} from './oneroster';
import {
  createPlatformClient,
  OAuthTokenError,
  PLATFORM_ENDPOINTS,
  type BatchAccepted,
  type BatchResult,
  type BatchSummary,
  type Change,
  type ChangePage,
  type PlatformClient,
  type PlatformPupil,
  type PlatformSchool,
  type RecordResult,
  type SavedPlatformPupil,
} from './platform';
import type { PupilRecord } from './pupils';

type S<T extends TSchema> = Static<T>;

/**
 * The platform SDK against the server: its types are the server's schemas (checked by the compiler in both
 * directions), every endpoint it calls is in the OpenAPI document with that method, every platform endpoint of the
 * document is in the SDK, and a round trip through the SDK works against a running application.
 */
describe('platform SDK types match the server schemas', () => {
  it('pupils, batches and the feed', () => {
    expectTypeOf<PlatformSchool>().toEqualTypeOf<S<typeof PupilServer.PlatformSchoolSchema>>();
    expectTypeOf<Omit<PlatformPupil, 'record'>>().toEqualTypeOf<
      Omit<S<typeof PupilServer.PlatformPupilSchema>, 'record'>
    >();
    expectTypeOf<SavedPlatformPupil>().toEqualTypeOf<S<typeof PupilServer.SavedPupilSchema>>();
    expectTypeOf<RecordResult>().toEqualTypeOf<S<typeof PupilServer.RecordResultSchema>>();
    expectTypeOf<BatchSummary>().toEqualTypeOf<S<typeof PupilServer.BatchSummarySchema>>();
    expectTypeOf<BatchResult>().toEqualTypeOf<S<typeof PupilServer.BatchResultSchema>>();
    expectTypeOf<keyof BatchAccepted>().toEqualTypeOf<keyof S<typeof PupilServer.BatchAcceptedSchema>>();
    expectTypeOf<Omit<Change, 'pupil'>>().toEqualTypeOf<Omit<S<typeof ChangeServer.ChangeSchema>, 'pupil'>>();
    expectTypeOf<keyof ChangePage>().toEqualTypeOf<keyof S<typeof ChangeServer.ChangePageSchema>>();
    expect(true).toBe(true);
  });

  it('OneRoster entities', () => {
    expectTypeOf<OneRosterOrg>().toEqualTypeOf<S<typeof OneRosterServer.OrgSchema>>();
    expectTypeOf<OneRosterAcademicSession>().toEqualTypeOf<S<typeof OneRosterServer.AcademicSessionSchema>>();
    expectTypeOf<OneRosterClass>().toEqualTypeOf<S<typeof OneRosterServer.ClassSchema>>();
    expectTypeOf<OneRosterUser>().toEqualTypeOf<S<typeof OneRosterServer.UserSchema>>();
    expectTypeOf<OneRosterEnrollment>().toEqualTypeOf<S<typeof OneRosterServer.EnrollmentSchema>>();
    expect(true).toBe(true);
  });
});

describe.each(enginesUnderTest())('the platform SDK against the server on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let p: TestPlatform;
  let client: PlatformClient;
  let doc: { paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>> };

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    p = await registerTestPlatform(t.ctx, 'Платформа SDK');
    await linkSchools(t.ctx, p.id, [c.schools[0].edrpou!]);
    client = createPlatformClient({
      baseUrl: 'http://aikom.test',
      clientId: p.clientId,
      clientSecret: p.clientSecret,
      fetch: injectFetch(t.app),
    });
    doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
  });
  afterAll(async () => t?.close());

  it('calls only endpoints of the OpenAPI document, and covers every platform endpoint in it', () => {
    const sdk = new Set([...PLATFORM_ENDPOINTS, ...ONEROSTER_ENDPOINTS].map(([m, u]) => `${m} ${u}`));
    for (const entry of sdk) {
      const [method, url] = entry.split(' ') as [string, string];
      expect(doc.paths[url]?.[method.toLowerCase()], entry).toBeDefined();
    }
    const platformOnly = Object.entries(doc.paths).flatMap(([url, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security?.some((s) => 'oauth2' in s) && !op.security.some((s) => 'sessionCookie' in s))
        .map(([method]) => `${method.toUpperCase()} ${url}`),
    );
    expect(platformOnly.length).toBeGreaterThan(20);
    expect(platformOnly.filter((e) => !sdk.has(e))).toEqual([]);
  });

  it('does a round trip through the SDK: token, schools, upserts, batches, job, exit, feed, roster', async () => {
    const edrpou = c.schools[0].edrpou!;
    expect((await client.platform.schools()).map((s) => s.edrpou)).toEqual([edrpou]);
    const head = await client.platform.changes.head();
    const record = pupilRecord(c.schools[0], {
      lastName: 'Сидоренко',
      birthCertificate: { series: 'І-БК', number: '500001' },
    }) as unknown as PupilRecord;
    const saved = await client.platform.pupils.put(edrpou, 'sdk-1', record, { createOnly: true });
    expect(saved).toMatchObject({ etag: '"1"', data: { status: 'created' } });
    const got = await client.platform.pupils.get(edrpou, 'sdk-1');
    expect(got.data.record.lastName).toBe('Сидоренко');
    await expect(client.platform.pupils.put(edrpou, 'sdk-1', record, { ifMatch: '"7"' })).rejects.toMatchObject({
      status: 412,
      code: 'PRECONDITION_FAILED',
    });
    const done = await client.platform.pupils.batch(
      edrpou,
      [
        { ...record, externalId: 'sdk-1' },
        {
          ...(pupilRecord(c.schools[0], {
            lastName: 'Іваненко',
            birthCertificate: { series: 'І-БК', number: '500002' },
          }) as unknown as PupilRecord),
          externalId: 'sdk-2',
        },
      ],
      { idempotencyKey: 'sdk-batch-1' },
    );
    expect(done.kind === 'done' && done.result.summary).toEqual({
      records: 2,
      created: 1,
      updated: 0,
      unchanged: 1,
      rejected: 0,
    });
    const queued = await client.platform.pupils.batch(edrpou, [{ ...record, externalId: 'sdk-1' }], {
      idempotencyKey: 'sdk-batch-2',
      async: true,
    });
    expect(queued.kind).toBe('queued');
    if (queued.kind === 'queued') {
      await t.ctx.jobs.drain();
      const job = await client.jobs.watch(queued.accepted.job.id, { intervalMs: 20 });
      expect(job).toMatchObject({ status: 'succeeded', result: { summary: { unchanged: 1 } } });
    }
    await client.platform.pupils.exit(edrpou, 'sdk-2', { date: '2025-10-15', reason: 'other' });
    const page = await client.platform.changes.list({ cursor: head, limit: 100 });
    expect(page.items.map((i) => [i.kind, i.externalId])).toEqual([
      ['created', 'sdk-1'],
      ['deleted', 'sdk-2'],
      ['deleted', 'sdk-2'],
    ]);
    const records = [];
    for await (const r of client.platform.pupils.all(edrpou, 1)) records.push(r.externalId);
    expect(records).toEqual(['sdk-1']);
    expect((await client.validation.pupil({ lastName: 'X' })).errors.length).toBeGreaterThan(0);
    const orgs = await client.oneRoster.orgs();
    expect(orgs.total).toBe(4);
    const students = await client.oneRoster.studentsOfSchool(c.schools[0].id, { filter: "status='active'" });
    expect(students.items.map((u) => u.identifier)).toEqual(['sdk-1']);
    const wrong = createPlatformClient({
      baseUrl: 'http://aikom.test',
      clientId: p.clientId,
      clientSecret: 'aks_wrong',
      fetch: injectFetch(t.app),
    });
    await expect(wrong.token()).rejects.toBeInstanceOf(OAuthTokenError);
    await expect(wrong.platform.schools()).rejects.toMatchObject({ status: 401, code: 'OAUTH_INVALID_CLIENT' });
  });
});
