import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, createUser, signIn, type Cascade, type Session } from '../../../test/factories';
import { createTestApp, type TestApp } from '../../../test/harness';

const NEW_PASSWORD = 'весна прийде до нашого ліцею';

describe.each(enginesUnderTest())('the access cascade on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let regionAdmin: Session;
  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    regionAdmin = await signIn(t.app, t.ctx, await createUser(t.ctx, 'region_admin', c.regions[0], { totp: true }));
  });
  afterAll(async () => t?.close());

  const post = (s: Session, url: string, payload?: unknown) =>
    t.app.inject({ method: 'POST', url, headers: s.headers, ...(payload ? { payload: payload } : {}) });

  /** Activation, TOTP enrolment and a full session, as a new user does it. */
  async function activate(login: string, code: string): Promise<Session> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/activate',
      payload: { login, code: code.toLowerCase(), password: NEW_PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ csrfToken: string; mfaEnrolmentRequired: boolean }>();
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    const s = { cookie, csrf: body.csrfToken, headers: { cookie, 'x-csrf-token': body.csrfToken } };
    expect(body.mfaEnrolmentRequired).toBe(true);
    // Before the second factor is enrolled nothing but enrolment is open.
    expect(
      (await t.app.inject({ url: '/api/v1/organisations', headers: s.headers })).json<{ code: string }>().code,
    ).toBe('TOTP_ENROLMENT_REQUIRED');
    const setup = await post(s, '/api/v1/auth/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, qrDataUrl, uri } = setup.json<{ secret: string; qrDataUrl: string; uri: string }>();
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(uri).toContain('otpauth://totp/');
    const wrong = await post(s, '/api/v1/auth/totp/confirm', { code: '000000' });
    expect(wrong.json<{ code: string }>().code).toBe('TOTP_INVALID');
    const code6 = await generate({ secret, epoch: Math.floor(t.ctx.now().getTime() / 1000) });
    const confirmed = await post(s, '/api/v1/auth/totp/confirm', { code: code6 });
    expect(confirmed.statusCode).toBe(204);
    // Passing the second factor replaces the session (the CSRF token carries over).
    const upgraded = String(confirmed.headers['set-cookie']).split(';')[0]!;
    t.advance(31_000);
    return { cookie: upgraded, csrf: s.csrf, headers: { cookie: upgraded, 'x-csrf-token': s.csrf } };
  }

  it('region admin → ОУО admin → school editor, each seeing only their scope', async () => {
    const created = await post(regionAdmin, '/api/v1/users', {
      login: 'Olena.Ouo',
      fullName: 'Олена Коваль',
      role: 'ouo_admin',
      organisationId: c.ouos[0].id,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { activationCode, user } = created.json<{
      activationCode: string;
      user: { status: string; login: string };
    }>();
    expect(activationCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(user).toMatchObject({ status: 'pending', login: 'olena.ouo' });
    // The code is shown once: the user record never carries it.
    const listed = await t.app.inject({ url: '/api/v1/users', headers: regionAdmin.headers });
    expect(listed.body).not.toContain(activationCode);

    const ouoAdmin = await activate('olena.ouo', activationCode);
    const editorCreated = await post(ouoAdmin, '/api/v1/users', {
      login: 'sec.school1',
      fullName: 'Ірина Мельник',
      role: 'school_editor',
      organisationId: c.schools[0].id,
    });
    expect(editorCreated.statusCode, editorCreated.body).toBe(201);
    const editor = await activate('sec.school1', editorCreated.json<{ activationCode: string }>().activationCode);

    const schools = await t.app.inject({ url: '/api/v1/organisations?kind=school', headers: editor.headers });
    expect(schools.statusCode).toBe(200);
    expect(schools.json<{ items: Array<{ id: string }> }>().items.map((s) => s.id)).toEqual([c.schools[0].id]);
    const ouoSchools = await t.app.inject({ url: '/api/v1/organisations?kind=school', headers: ouoAdmin.headers });
    expect(
      ouoSchools
        .json<{ items: Array<{ id: string }> }>()
        .items.map((s) => s.id)
        .sort(),
    ).toEqual([c.schools[0].id, c.schools[1].id].sort());
    const regionSchools = await t.app.inject({
      url: '/api/v1/organisations?kind=school&limit=500',
      headers: regionAdmin.headers,
    });
    expect(regionSchools.json<{ items: unknown[] }>().items).toHaveLength(4);
    expect(
      (await t.app.inject({ url: `/api/v1/organisations/${c.schools[1].id}`, headers: editor.headers })).statusCode,
    ).toBe(404);
  });

  it('refuses grants above one’s own role or outside one’s scope', async () => {
    const cases: Array<[string, string, number]> = [
      ['school_admin', c.schools[0].id, 403], // not a role a region admin grants
      ['ouo_admin', c.ouos[2].id, 404], // ОУО of another region: not even visible
      ['region_admin', c.regions[0].id, 403], // own level, admin
      ['region_analyst', c.regions[1].id, 404], // another region is not visible either
    ];
    for (const [role, organisationId, status] of cases) {
      const r = await post(regionAdmin, '/api/v1/users', {
        login: `x.${role}.${status}.${organisationId.slice(-4)}`,
        fullName: 'Хтось Інший',
        role,
        organisationId,
      });
      expect(r.statusCode, `${role} at ${organisationId}: ${r.body}`).toBe(status);
    }
    const analyst = await post(regionAdmin, '/api/v1/users', {
      login: 'analyst.kyivska',
      fullName: 'Петро Аналітик',
      role: 'region_analyst',
      organisationId: c.regions[0].id,
    });
    expect(analyst.statusCode).toBe(201);
    const bad = await post(regionAdmin, '/api/v1/users', {
      login: 'ab',
      fullName: 'Х',
      role: 'nobody',
      organisationId: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ code: string; errors: Array<{ path: string }> }>().errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['/login', '/role', '/organisationId']),
    );
  });

  it('lets an admin disable, enable, reset and time-limit the users they manage', async () => {
    const specialist = await createUser(t.ctx, 'ouo_specialist', c.ouos[1]);
    const s = await signIn(t.app, t.ctx, specialist);
    const disabled = await post(regionAdmin, `/api/v1/users/${specialist.id}/disable`);
    expect(disabled.json<{ status: string }>().status).toBe('disabled');
    expect((await t.app.inject({ url: '/api/v1/me', headers: s.headers })).statusCode).toBe(401);
    expect((await post(regionAdmin, `/api/v1/users/${specialist.id}/enable`)).json<{ status: string }>().status).toBe(
      'active',
    );
    const reset = await post(regionAdmin, `/api/v1/users/${specialist.id}/reset`);
    expect(reset.json<{ user: { status: string; mfaEnrolled: boolean } }>().user).toMatchObject({
      status: 'pending',
      mfaEnrolled: false,
    });
    const until = new Date(t.ctx.now().getTime() + 86_400_000).toISOString();
    const limited = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${specialist.id}/valid-until`,
      headers: regionAdmin.headers,
      payload: { validUntil: until },
    });
    expect(limited.json<{ validUntil: string }>().validUntil).toBe(until);
    // A user of another region is not even there for this admin.
    const other = await createUser(t.ctx, 'ouo_specialist', c.ouos[2]);
    expect((await post(regionAdmin, `/api/v1/users/${other.id}/disable`)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/users/${other.id}`, headers: regionAdmin.headers })).statusCode).toBe(
      404,
    );
  });

  it('keeps every version of an organisation and refuses stale writes', async () => {
    const get = await t.app.inject({ url: `/api/v1/organisations/${c.schools[2].id}`, headers: regionAdmin.headers });
    const etag = String(get.headers.etag);
    const patch = (ifMatch: string | undefined, payload: object) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/organisations/${c.schools[2].id}`,
        headers: { ...regionAdmin.headers, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
        payload,
      });
    expect((await patch(undefined, { address: 'вул. Шкільна, 1' })).statusCode).toBe(428);
    const ok = await patch(etag, { address: 'вул. Шкільна, 1', status: 'suspended' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ address: 'вул. Шкільна, 1', status: 'suspended', version: 2 });
    const stale = await patch(etag, { address: 'вул. Інша, 2' });
    expect(stale.statusCode).toBe(412);
    const relocatedWithoutOrigin = await patch(String(ok.headers.etag), { status: 'relocated' });
    expect(relocatedWithoutOrigin.json<{ errors: Array<{ code: string }> }>().errors[0]?.code).toBe(
      'ORIGINAL_TERRITORY_REQUIRED',
    );
    const history = await t.app.inject({
      url: `/api/v1/organisations/${c.schools[2].id}/history`,
      headers: regionAdmin.headers,
    });
    expect(history.json<{ items: Array<{ version: number }> }>().items.map((v) => v.version)).toEqual([2, 1]);
  });

  it('creates a school with a checked ЄДРПОУ and a settlement location', async () => {
    const bad = await post(regionAdmin, '/api/v1/organisations', {
      kind: 'school',
      parentId: c.ouos[0].id,
      name: 'Гімназія № 9',
      edrpou: '12345670',
      territoryCode: 'UA32000000000030281',
      schoolType: 'gymnasium',
      ownership: 'communal',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json<{ errors: Array<{ code: string }> }>()
        .errors.map((e) => e.code)
        .sort(),
    ).toEqual(['EDRPOU_CHECK_DIGIT', 'TERRITORY_NOT_SETTLEMENT']);
    const bucha = await t.ctx.db.kysely
      .selectFrom('territory')
      .select('code')
      .where('name', '=', 'Буча')
      .where('category', '=', 'M')
      .executeTakeFirstOrThrow();
    const ok = await post(regionAdmin, '/api/v1/organisations', {
      kind: 'school',
      parentId: c.ouos[0].id,
      name: 'Гімназія № 9',
      edrpou: '32855961',
      territoryCode: bucha.code,
      schoolType: 'gymnasium',
      ownership: 'communal',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      kind: 'school',
      settlementType: 'urban',
      ouoId: c.ouos[0].id,
      regionId: c.regions[0].id,
      schoolTypeLabel: 'гімназія',
    });
    const dup = await post(regionAdmin, '/api/v1/organisations', {
      kind: 'school',
      parentId: c.ouos[1].id,
      name: 'Гімназія № 10',
      edrpou: '32855961',
      territoryCode: bucha.code,
      schoolType: 'gymnasium',
      ownership: 'communal',
    });
    expect(dup.json<{ errors: Array<{ code: string }> }>().errors[0]?.code).toBe('EDRPOU_TAKEN');
    const outside = await post(regionAdmin, '/api/v1/organisations', {
      kind: 'school',
      parentId: c.ouos[2].id,
      name: 'Гімназія № 11',
      edrpou: '32855961',
      territoryCode: bucha.code,
      schoolType: 'gymnasium',
      ownership: 'communal',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json<{ errors: Array<{ code: string }> }>().errors[0]?.code).toBe('PARENT_INVALID');
  });
});
