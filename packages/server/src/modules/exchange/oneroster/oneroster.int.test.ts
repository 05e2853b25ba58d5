import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../../test/engines';
import { createCascade, pupilRecord, type Cascade } from '../../../../test/factories';
import { createTestApp, type TestApp, auditDb } from '../../../../test/harness';
import { bearer, linkSchools, platformToken, registerTestPlatform, type TestPlatform } from '../testing';

const BASE = '/ims/oneroster/rostering/v1p2';

describe.each(enginesUnderTest())('OneRoster 1.2 rostering on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let a: TestPlatform;
  let b: TestPlatform;
  let tokenA: string;
  let tokenB: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    a = await registerTestPlatform(t.ctx, 'Навчальна платформа А');
    b = await registerTestPlatform(t.ctx, 'Навчальна платформа Б');
    await linkSchools(t.ctx, a.id, [c.schools[0].edrpou!]);
    await linkSchools(t.ctx, b.id, [c.schools[4].edrpou!]);
    tokenA = await platformToken(t.app, a);
    tokenB = await platformToken(t.app, b);
    const people = [
      ['or-1', 'Антоненко', 'Андрій', 'male', 5, 'А'],
      ['or-2', 'Борисенко', 'Богдана', 'female', 5, 'А'],
      ['or-3', 'Василенко', 'Віра', 'female', 6, 'Б'],
    ] as const;
    let n = 400000;
    for (const [ext, last, first, sex, grade, letter] of people) {
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/schools/${c.schools[0].edrpou}/pupils/${ext}`,
        headers: bearer(tokenA),
        payload: pupilRecord(c.schools[0], {
          lastName: last,
          firstName: first,
          middleName: undefined,
          sex,
          birthCertificate: { series: 'І-БК', number: String(++n) },
          enrollment: {
            schoolEdrpou: c.schools[0].edrpou,
            schoolYear: '2025-2026',
            grade,
            classLetter: letter,
            entryDate: '2025-09-01',
          },
        }),
      });
      expect(res.statusCode, res.body).toBe(201);
      ids[ext] = res.json<{ pupilId: string }>().pupilId;
    }
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/schools/${c.schools[4].edrpou}/pupils/or-b`,
      headers: bearer(tokenB),
      payload: pupilRecord(c.schools[4], { lastName: 'Чужий', birthCertificate: { series: 'І-БК', number: '499999' } }),
    });
  });
  afterAll(async () => t?.close());

  const get = (url: string, token = tokenA) => t.app.inject({ url: `${BASE}${url}`, headers: bearer(token) });

  it('lists the school with its ОУО (district), regional department (state) and the ministry (national)', async () => {
    const res = await get('/orgs');
    expect(res.statusCode, res.body).toBe(200);
    const orgs = res.json<{
      orgs: Array<{
        sourcedId: string;
        type: string;
        name: string;
        parent: { sourcedId: string } | null;
        children: Array<{ sourcedId: string }>;
      }>;
    }>().orgs;
    expect(orgs.map((o) => o.type).sort()).toEqual(['district', 'national', 'school', 'state']);
    const school = orgs.find((o) => o.type === 'school')!;
    expect(school).toMatchObject({
      sourcedId: c.schools[0].id,
      identifier: c.schools[0].edrpou,
      parent: { sourcedId: c.ouos[0].id },
    });
    const district = orgs.find((o) => o.type === 'district')!;
    expect(district.children.map((x) => x.sourcedId)).toEqual([c.schools[0].id]);
    expect(res.headers['x-total-count']).toBe('4');
    expect(orgs.some((o) => o.sourcedId === c.schools[4].id)).toBe(false);
  });

  it('lists students, classes, courses, sessions and enrollments with paging, sorting and filters', async () => {
    const page1 = await get('/students?limit=2&sort=familyName&orderBy=desc');
    expect(page1.statusCode, page1.body).toBe(200);
    expect(page1.headers['x-total-count']).toBe('3');
    expect(page1.headers.link).toContain('rel="next"');
    const users = page1.json<{
      users: Array<{ familyName: string; roles: Array<{ role: string }>; identifier: string; grades: string[] }>;
    }>().users;
    expect(users.map((u) => u.familyName)).toEqual(['Василенко', 'Борисенко']);
    expect(users[0]).toMatchObject({
      identifier: 'or-3',
      grades: ['06'],
      roles: [{ role: 'student', roleType: 'primary' }],
    });
    expect(page1.body).not.toMatch(/І-БК|birth/);
    const page2 = await get('/students?limit=2&offset=2&sort=familyName&orderBy=desc');
    expect(page2.json<{ users: Array<{ familyName: string }> }>().users.map((u) => u.familyName)).toEqual([
      'Антоненко',
    ]);
    const classes = (await get('/classes')).json<{
      classes: Array<{ title: string; sourcedId: string; terms: Array<{ sourcedId: string }> }>;
    }>().classes;
    expect(classes.map((x) => x.title).sort()).toEqual(['5-А', '6-Б']);
    expect(classes[0]!.terms[0]!.sourcedId).toBe('sy-2025');
    const fiveA = classes.find((x) => x.title === '5-А')!;
    const inClass = (await get(`/classes/${fiveA.sourcedId}/students`)).json<{
      users: Array<{ familyName: string }>;
    }>();
    expect(inClass.users.map((u) => u.familyName).sort()).toEqual(['Антоненко', 'Борисенко']);
    expect((await get(`/classes/${fiveA.sourcedId}`)).json()).toMatchObject({
      class: { title: '5-А', classType: 'homeroom' },
    });
    const sessions = (await get('/academicSessions')).json<{
      academicSessions: Array<{ title: string; schoolYear: string }>;
    }>();
    expect(sessions.academicSessions).toEqual([expect.objectContaining({ title: '2025-2026', schoolYear: '2026' })]);
    expect((await get('/courses')).json<{ courses: unknown[] }>().courses).toHaveLength(2);
    const enrollments = (await get(`/schools/${c.schools[0].id}/enrollments`)).json<{
      enrollments: Array<{ status: string; user: { sourcedId: string } }>;
    }>();
    expect(enrollments.enrollments.map((e) => e.user.sourcedId).sort()).toEqual(Object.values(ids).sort());
    const fields = (await get('/students?fields=sourcedId,familyName&limit=1')).json<{
      users: Array<Record<string, unknown>>;
    }>();
    expect(Object.keys(fields.users[0]!).sort()).toEqual(['familyName', 'sourcedId']);
  });

  it('gives deltas by dateLastModified and status: a pupil who left is tobedeleted', async () => {
    t.advance(60 * 60_000);
    const since = t.ctx.now().toISOString();
    t.advance(60_000);
    // Tokens live 15 minutes.
    tokenA = await platformToken(t.app, a);
    tokenB = await platformToken(t.app, b);
    const exit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${c.schools[0].edrpou}/pupils/or-2/exit`,
      headers: bearer(tokenA),
      payload: { date: '2025-10-15', reason: 'other' },
    });
    expect(exit.statusCode, exit.body).toBe(204);
    const delta = await get(`/students?filter=${encodeURIComponent(`dateLastModified>'${since}'`)}`);
    expect(delta.statusCode, delta.body).toBe(200);
    expect(delta.json()).toMatchObject({
      users: [{ sourcedId: ids['or-2'], status: 'tobedeleted', enabledUser: false }],
    });
    const active = await get(`/students?filter=${encodeURIComponent("status='active' AND familyName~'енко'")}`);
    expect(active.json<{ users: unknown[] }>().users).toHaveLength(2);
    const ended = await get(`/enrollments?filter=${encodeURIComponent("status='tobedeleted'")}`);
    expect(ended.json()).toMatchObject({ enrollments: [{ user: { sourcedId: ids['or-2'] }, endDate: '2025-10-15' }] });
  });

  it('answers errors as imsx_StatusInfo with a code minor', async () => {
    const badField = await get(`/students?filter=${encodeURIComponent("birthDate>'2014-01-01'")}`);
    expect(badField.statusCode).toBe(400);
    expect(badField.json()).toMatchObject({
      imsx_codeMajor: 'failure',
      imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'invalid_filter_field' }] },
    });
    expect((await get('/students?sort=birthDate')).json()).toMatchObject({
      imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'invalid_sort_field' }] },
    });
    const missing = await get('/students/00000000-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'unknownobject' }] },
    });
    const anonymous = await t.app.inject({ url: `${BASE}/orgs` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({
      imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'unauthorisedrequest' }] },
    });
    const noScope = await platformToken(t.app, a, 'pupils:read');
    expect((await get('/orgs', noScope)).statusCode).toBe(403);
  });

  it('platform B sees none of platform A’s school, classes or pupils', async () => {
    const students = (await get('/students', tokenB)).json<{ users: Array<{ familyName: string }> }>().users;
    expect(students.map((u) => u.familyName)).toEqual(['Чужий']);
    expect((await get(`/students/${ids['or-1']}`, tokenB)).statusCode).toBe(404);
    expect((await get(`/schools/${c.schools[0].id}`, tokenB)).statusCode).toBe(404);
    const classes = await get(`/schools/${c.schools[0].id}/classes`, tokenB);
    expect(classes.json()).toEqual({ classes: [] });
    const audit = await (
      await auditDb(t.ctx)
    )
      .selectFrom('audit_log')
      .select(['actor_platform_id'])
      .where('action', '=', 'oneroster.read')
      .execute();
    expect(new Set(audit.map((x) => x.actor_platform_id))).toEqual(new Set([a.id, b.id]));
  });
});
