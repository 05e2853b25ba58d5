import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, createUser, PASSWORD, signIn, totpCode, type Cascade } from '../../../test/factories';
import { createTestApp, type TestApp, auditDb } from '../../../test/harness';

describe.each(enginesUnderTest())('sign-in and sessions on %s', (engine) => {
  let t: TestApp;
  let cascade: Cascade;
  beforeAll(async () => {
    t = await createTestApp(engine);
    cascade = await createCascade(t.ctx);
  });
  afterAll(async () => t?.close());

  const login = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload, headers });

  it('signs in with password and TOTP, sets an HttpOnly SameSite cookie and returns a CSRF token', async () => {
    const admin = await createUser(t.ctx, 'region_admin', cascade.regions[0], { totp: true });
    const noCode = await login({ login: admin.login, password: PASSWORD });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json<{ code: string }>().code).toBe('TOTP_REQUIRED');
    const res = await login({
      login: admin.login.toUpperCase(),
      password: PASSWORD,
      totp: await totpCode(t.ctx, admin.totpSecret!),
    });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/aikom_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(res.json<{ csrfToken: string }>().csrfToken.length).toBeGreaterThan(20);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: cookie.split(';')[0]! } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      login: admin.login,
      role: 'region_admin',
      mfaPassed: true,
      organisation: { id: cascade.regions[0].id },
    });
    expect(me.json<{ grantableRoles: string[] }>().grantableRoles).toEqual([
      'region_analyst',
      'ouo_admin',
      'ouo_specialist',
    ]);
  });

  it('never accepts the same TOTP code twice', async () => {
    const admin = await createUser(t.ctx, 'ouo_admin', cascade.ouos[0], { totp: true });
    const code = await totpCode(t.ctx, admin.totpSecret!);
    expect((await login({ login: admin.login, password: PASSWORD, totp: code })).statusCode).toBe(200);
    const replay = await login({ login: admin.login, password: PASSWORD, totp: code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json<{ code: string }>().code).toBe('TOTP_INVALID');
  });

  it('gives the same answer for an unknown login and a wrong password, and locks out with back-off', async () => {
    const editor = await createUser(t.ctx, 'school_editor', cascade.schools[0]);
    const unknown = await login({ login: 'nobody.here', password: PASSWORD });
    const wrong = await login({ login: editor.login, password: 'не той пароль зовсім' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json<{ code: string; title: string }>()).toMatchObject({
      code: 'LOGIN_FAILED',
      title: wrong.json<{ title: string }>().title,
    });
    for (let i = 0; i < 4; i++) await login({ login: editor.login, password: 'не той пароль зовсім' });
    const locked = await login({ login: editor.login, password: PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.json<{ code: string; retryAfterSeconds: number }>()).toMatchObject({ code: 'LOGIN_LOCKED' });
    t.advance(61_000);
    // After the minute the right password works again and resets the counter.
    expect((await login({ login: editor.login, password: PASSWORD })).statusCode).toBe(200);
  });

  it('requires the CSRF token on state-changing requests', async () => {
    const admin = await createUser(t.ctx, 'school_admin', cascade.schools[1], { totp: true });
    const s = await signIn(t.app, t.ctx, admin);
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/sessions/revoke-others',
      headers: { cookie: s.cookie },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json<{ code: string }>().code).toBe('CSRF_FAILED');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/sessions/revoke-others',
      headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(32) },
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/me/sessions/revoke-others', headers: s.headers });
    expect(ok.statusCode).toBe(200);
  });

  it('issues a new session token at every sign-in (no fixation) and logout ends the session', async () => {
    const editor = await createUser(t.ctx, 'school_editor', cascade.schools[2]);
    const planted = 'A'.repeat(43);
    const res = await login({ login: editor.login, password: PASSWORD }, { cookie: `aikom_session=${planted}` });
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    expect(cookie).not.toContain(planted);
    const csrf = res.json<{ csrfToken: string }>().csrfToken;
    expect(
      (await t.app.inject({ url: '/api/v1/me', headers: { cookie: `aikom_session=${planted}` } })).statusCode,
    ).toBe(401);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json<{ code: string }>().code).toBe('SESSION_EXPIRED');
  });

  it('ends a session after 30 idle minutes and after 12 hours in any case', async () => {
    const editor = await createUser(t.ctx, 'school_editor', cascade.schools[3]);
    const s = await signIn(t.app, t.ctx, editor);
    t.advance(29 * 60_000);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    t.advance(29 * 60_000);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    t.advance(31 * 60_000);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    const s2 = await signIn(t.app, t.ctx, editor);
    for (let i = 0; i < 25; i++) {
      t.advance(29 * 60_000);
      const r = await t.app.inject({ url: '/api/v1/me', headers: { cookie: s2.cookie } });
      if (r.statusCode === 401) {
        expect(i).toBeGreaterThanOrEqual(23); // 24 × 29 min > 12 h
        return;
      }
    }
    throw new Error('session outlived the absolute timeout');
  });

  it('rejects an expired account and a disabled one', async () => {
    const editor = await createUser(t.ctx, 'school_editor', cascade.schools[4]);
    await t.ctx.db.kysely
      .updateTable('app_user')
      .set({ valid_until: new Date(t.ctx.now().getTime() - 1000) })
      .where('id', '=', editor.id)
      .execute();
    const expired = await login({ login: editor.login, password: PASSWORD });
    expect(expired.statusCode).toBe(403);
    expect(expired.json<{ code: string }>().code).toBe('ACCOUNT_DISABLED');
    await t.ctx.db.kysely
      .updateTable('app_user')
      .set({ valid_until: null, status: 'disabled' })
      .where('id', '=', editor.id)
      .execute();
    expect((await login({ login: editor.login, password: PASSWORD })).json<{ code: string }>().code).toBe(
      'LOGIN_FAILED',
    );
  });

  it('records every sign-in, successful or not, in the audit log', async () => {
    const rows = await (
      await auditDb(t.ctx)
    )
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'actor_login'])
      .where('action', '=', 'auth.login')
      .execute();
    expect(rows.some((r) => r.outcome === 'ok')).toBe(true);
    expect(rows.some((r) => r.outcome === 'failed' && r.actor_login === 'nobody.here')).toBe(true);
  });

  it('refuses a request with neither session nor rule', async () => {
    const r = await t.app.inject({ url: '/api/v1/me' });
    expect(r.statusCode).toBe(401);
    expect(r.json<{ code: string; title: string }>()).toMatchObject({
      code: 'UNAUTHENTICATED',
      title: 'Потрібно увійти в систему',
    });
  });
});
