/**
 * Security review (docs/SECURITY-ASVS.md), sessions and sign-in: session fixation, CSRF on every state-changing
 * route, cookie attributes, lockout and rate limiting of sign-in.
 */
import { createHash } from 'node:crypto';
import type { Role } from '@aikom/domain/access/roles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../engines';
import { createCascade, createUser, PASSWORD, totpCode, type Cascade } from '../factories';
import { createTestApp, type TestApp } from '../harness';
import {
  address,
  concreteUrl,
  operations,
  rowCounts,
  sessionCookieOf,
  setCookieLines,
  signInFrom,
  UNSAFE,
} from './security-support';

describe.each(enginesUnderTest())('security of sessions and sign-in on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let next = 1;
  /** A fresh client address per test, so the address throttles of one test do not reach another. */
  const ip = () => address(next++);
  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
  });
  afterAll(async () => t?.close());

  const me = (cookie: string) => t.app.inject({ url: '/api/v1/me', headers: { cookie } });
  const login = (payload: Record<string, unknown>, remoteAddress: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload, headers, remoteAddress });

  describe('session fixation (ASVS 3.2.1, 3.3.1)', () => {
    it('a planted or a previous session id is never promoted: every sign-in issues a fresh one', async () => {
      const editor = await createUser(t.ctx, 'school_editor', c.schools[0]);
      const from = ip();
      const first = await signInFrom(t.app, t.ctx, editor, from);
      // Signing in again while presenting the current cookie yields a different id; a planted one is ignored.
      const again = await signInFrom(t.app, t.ctx, editor, from, { headers: { cookie: first.cookie } });
      expect(again.token).not.toBe(first.token);
      const planted = 'P'.repeat(43);
      const third = await signInFrom(t.app, t.ctx, editor, from, { headers: { cookie: `aikom_session=${planted}` } });
      expect(third.token).not.toBe(planted);
      expect((await me(`aikom_session=${planted}`)).statusCode).toBe(401);
      // 256 random bits, and only a hash of the token is stored: a database reader cannot replay a session.
      expect(Buffer.from(third.token, 'base64url')).toHaveLength(32);
      const stored = await t.ctx.db.kysely.selectFrom('user_session').select(['id', 'csrf_token']).execute();
      expect(stored.map((s) => s.id)).not.toContain(third.token);
      expect(stored.map((s) => s.id)).toContain(createHash('sha256').update(third.token).digest('hex'));
    });

    it('passing the second factor replaces the session; the pre-MFA id is dead', async () => {
      // An administrator without an enrolled factor signs in to a session that may only enrol.
      const admin = await createUser(t.ctx, 'school_admin', c.schools[1]);
      const pre = await signInFrom(t.app, t.ctx, admin, ip());
      expect((await t.app.inject({ url: '/api/v1/organisations', headers: pre.headers })).statusCode).toBe(403);
      const setup = await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: pre.headers });
      expect(setup.statusCode).toBe(200);
      const { secret } = setup.json<{ secret: string }>();
      const confirmed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/totp/confirm',
        headers: pre.headers,
        payload: { code: await totpCode(t.ctx, secret) },
      });
      expect(confirmed.statusCode).toBe(204);
      const upgraded = sessionCookieOf(confirmed);
      expect(upgraded).toBeTruthy();
      expect(upgraded).not.toBe(pre.token);
      // The old id no longer works, not even for what a pre-MFA session could do.
      const old = await me(pre.cookie);
      expect(old.statusCode).toBe(401);
      expect(old.json<{ code: string }>().code).toBe('SESSION_EXPIRED');
      const now = await me(`aikom_session=${upgraded}`);
      expect(now.json<{ mfaPassed: boolean }>().mfaPassed).toBe(true);
      // The CSRF token carries over to the new session.
      const write = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/sessions/revoke-others',
        headers: { cookie: `aikom_session=${upgraded}`, 'x-csrf-token': pre.csrf },
      });
      expect(write.statusCode, write.body).toBe(200);
    });

    it('sign-out, ending a session from another one and a password change kill the old ids', async () => {
      const editor = await createUser(t.ctx, 'school_editor', c.schools[2], { totp: true });
      const from = ip();
      // Each sign-in takes a new TOTP step (a code is never accepted twice).
      const fresh = async () => {
        t.advance(31_000);
        return signInFrom(t.app, t.ctx, editor, from);
      };
      const a = await fresh();
      const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: a.headers });
      expect(out.statusCode).toBe(204);
      expect(setCookieLines(out).join('\n')).toMatch(/aikom_session=;/);
      expect((await me(a.cookie)).statusCode).toBe(401);
      // Presenting the dead id again does not revive it, even for sign-out.
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: a.headers })).statusCode).toBe(
        401,
      );

      const b = await fresh();
      const d = await fresh();
      const list = await t.app.inject({ url: '/api/v1/me/sessions', headers: d.headers });
      const other = list.json<{ items: Array<{ id: string; current: boolean }> }>().items.find((s) => !s.current)!;
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${other.id}`, headers: d.headers }))
          .statusCode,
      ).toBe(204);
      expect((await me(b.cookie)).statusCode).toBe(401);

      const e = await fresh();
      const changed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: d.headers,
        payload: { currentPassword: PASSWORD, newPassword: 'зовсім нова довга фраза для входу' },
      });
      expect(changed.statusCode, changed.body).toBe(204);
      expect((await me(e.cookie)).statusCode).toBe(401);
      expect((await me(d.cookie)).statusCode).toBe(200);
    });
  });

  describe('CSRF (ASVS 4.2.2, 13.2.3)', () => {
    it('refuses every state-changing session route without, with a wrong or with another session’s token', async () => {
      const admin = await createUser(t.ctx, 'ministry_admin', c.ministry, { totp: true });
      const s = await signInFrom(t.app, t.ctx, admin, ip());
      t.advance(31_000);
      const other = await signInFrom(t.app, t.ctx, admin, ip());
      t.advance(31_000);
      const unsafe = operations(t.app).filter((o) => o.session && UNSAFE.includes(o.method));
      expect(unsafe.length).toBeGreaterThan(60);
      const before = await rowCounts(t.ctx);
      let guarded = 0;
      for (const op of unsafe) {
        const url = concreteUrl(op);
        for (const token of [undefined, 'x'.repeat(32), other.csrf]) {
          const res = await t.app.inject({
            method: op.method,
            url,
            headers: { cookie: s.cookie, ...(token ? { 'x-csrf-token': token } : {}) },
            payload: {},
          });
          const label = `${op.key} with ${token ? 'a foreign token' : 'no token'}: ${res.statusCode} ${res.body}`;
          // Refused by the guard, or earlier by the schema of the request (before any handler runs).
          expect([400, 403, 413, 415], label).toContain(res.statusCode);
          if (res.statusCode === 403) {
            expect(res.json<{ code: string }>().code, label).toBe('CSRF_FAILED');
            guarded++;
          }
        }
      }
      // Most routes reach the guard with an empty body; nothing anywhere changed.
      expect(guarded).toBeGreaterThan(unsafe.length);
      expect(await rowCounts(t.ctx)).toEqual(before);
    });

    it('the same requests succeed with the right token (the refusal above is the token’s doing)', async () => {
      const admin = await createUser(t.ctx, 'region_admin', c.regions[0], { totp: true });
      const s = await signInFrom(t.app, t.ctx, admin, ip());
      t.advance(31_000);
      const body = {
        login: 'csrf.probe',
        fullName: 'Перевірка Токена',
        role: 'ouo_admin',
        organisationId: c.ouos[0].id,
      };
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: s.cookie },
        payload: body,
      });
      expect(refused.json<{ code: string }>().code).toBe('CSRF_FAILED');
      const done = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: s.headers, payload: body });
      expect(done.statusCode, done.body).toBe(201);
    });

    it('sign-in takes JSON only: a cross-site form (urlencoded, text/plain, multipart) cannot sign a victim in', async () => {
      const editor = await createUser(t.ctx, 'school_editor', c.schools[3]);
      const from = ip();
      const forms: Array<[string, string]> = [
        ['application/x-www-form-urlencoded', `login=${editor.login}&password=${encodeURIComponent(PASSWORD)}`],
        ['text/plain', JSON.stringify({ login: editor.login, password: PASSWORD })],
        [
          'multipart/form-data; boundary=x',
          `--x\r\nContent-Disposition: form-data; name="login"\r\n\r\n${editor.login}\r\n--x--`,
        ],
      ];
      for (const [type, payload] of forms) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { 'content-type': type },
          payload,
          remoteAddress: from,
        });
        expect([400, 415], `${type}: ${res.statusCode}`).toContain(res.statusCode);
        expect(sessionCookieOf(res)).toBeNull();
      }
    });

    it('sets the session cookie HttpOnly, SameSite=Lax, Path=/, without Secure on plain http', async () => {
      const editor = await createUser(t.ctx, 'school_editor', c.schools[4]);
      const res = await login({ login: editor.login, password: PASSWORD }, ip());
      const line = setCookieLines(res).find((l) => l.startsWith('aikom_session='))!;
      expect(line).toMatch(/;\s*HttpOnly/i);
      expect(line).toMatch(/;\s*SameSite=Lax/i);
      expect(line).toMatch(/;\s*Path=\//i);
      expect(line).not.toMatch(/;\s*Secure/i);
      // No lifetime on the cookie: it ends with the browser; the server ends it on idle and absolute timeouts.
      expect(line).not.toMatch(/Max-Age|Expires/i);
    });
  });

  describe('lockout and rate limiting of sign-in (ASVS 2.2.1)', () => {
    it('locks an account after five wrong passwords whatever the address, and wrong TOTP codes count too', async () => {
      const editor = await createUser(t.ctx, 'school_editor', c.schools[5]);
      // A distributed guesser: every attempt from another address.
      for (let i = 0; i < 5; i++) {
        const r = await login({ login: editor.login, password: `не той пароль ${i}` }, ip());
        expect(r.json<{ code: string }>().code).toBe('LOGIN_FAILED');
      }
      const locked = await login({ login: editor.login, password: PASSWORD }, ip());
      expect(locked.statusCode).toBe(429);
      expect(locked.json<{ code: string }>().code).toBe('LOGIN_LOCKED');
      expect(sessionCookieOf(locked)).toBeNull();

      const admin = await createUser(t.ctx, 'school_admin', c.schools[6], { totp: true });
      for (let i = 0; i < 5; i++) {
        const r = await login({ login: admin.login, password: PASSWORD, totp: '000000' }, ip());
        expect(r.json<{ code: string }>().code).toBe('TOTP_INVALID');
      }
      const lockedTotp = await login(
        { login: admin.login, password: PASSWORD, totp: await totpCode(t.ctx, admin.totpSecret!) },
        ip(),
      );
      expect(lockedTotp.json<{ code: string }>().code).toBe('LOGIN_LOCKED');
      // Back-off doubles: after the first minute one more failure locks for two.
      t.advance(61_000);
      await login({ login: editor.login, password: 'ще раз не той' }, ip());
      t.advance(61_000);
      expect((await login({ login: editor.login, password: PASSWORD }, ip())).statusCode).toBe(429);
      t.advance(61_000);
      expect((await login({ login: editor.login, password: PASSWORD }, ip())).statusCode).toBe(200);
    });

    it('throttles password spraying from one address across many logins, not the other addresses', async () => {
      const sprayer = ip();
      const victim = await createUser(t.ctx, 'school_editor', c.schools[7], { login: 'spray.victim' });
      // Fifteen failures over HTTP (under the per-route limit of 20 a minute, so the address throttle acts alone) …
      for (let i = 0; i < 15; i++) {
        const r = await login({ login: `nobody.${i}`, password: 'фраза для розпилення паролів' }, sprayer);
        expect(r.json<{ code: string }>().code).toBe('LOGIN_FAILED');
      }
      // … and 35 more earlier in the 15-minute window, as a slow spray leaves them.
      const earlier = new Date(t.ctx.now().getTime() - 10 * 60_000);
      await t.ctx.db.kysely
        .insertInto('login_attempt')
        .values(
          Array.from({ length: 35 }, (_, i) => ({ login: `slow.${i}`, ip: sprayer, success: false, at: earlier })),
        )
        .execute();
      // The right password of a real user from the spraying address is refused; from elsewhere it works.
      const fromSprayer = await login({ login: victim.login, password: PASSWORD }, sprayer);
      expect(fromSprayer.statusCode).toBe(429);
      expect(fromSprayer.json<{ code: string; detail: string }>()).toMatchObject({ code: 'RATE_LIMITED' });
      expect(fromSprayer.json<{ detail: string }>().detail).toMatch(/з цієї адреси/);
      expect(sessionCookieOf(fromSprayer)).toBeNull();
      expect((await login({ login: victim.login, password: PASSWORD }, ip())).statusCode).toBe(200);
      // The window passes and the address may try again.
      t.advance(16 * 60_000);
      expect((await login({ login: victim.login, password: PASSWORD }, sprayer)).statusCode).toBe(200);
    });

    it('limits sign-in and activation requests per address per minute', async () => {
      const from = ip();
      const codes: number[] = [];
      for (let i = 0; i < 21; i++) {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/activate',
          remoteAddress: from,
          payload: { login: `nobody.${i}`, code: 'AAAA-BBBB-CCCC-DDDD', password: 'x' },
        });
        codes.push(r.statusCode);
      }
      expect(codes.slice(0, 20)).not.toContain(429);
      expect(codes[20]).toBe(429);
    });
  });

  it('password rules and storage: length, unicode, no truncation, common passwords, argon2id with salt (V2.1, V2.4)', async () => {
    const editor = await createUser(t.ctx, 'school_editor', c.schools[6], { totp: true });
    const from = ip();
    t.advance(31_000);
    let s = await signInFrom(t.app, t.ctx, editor, from);
    const change = (currentPassword: string, newPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: s.headers,
        payload: { currentPassword, newPassword },
      });
    for (const [password, code] of [
      ['коротка', 'PASSWORD_TOO_SHORT'],
      ['qwertyuiopasdf', 'PASSWORD_COMMON'],
      ['йцукенгшщзхїфі', 'PASSWORD_COMMON'],
      ['славаукраїні12345', 'PASSWORD_COMMON'],
      [`моя ${editor.login} фраза для входу`, 'PASSWORD_CONTAINS_LOGIN'],
      ['ж'.repeat(257), 'PASSWORD_TOO_LONG'],
    ] as const) {
      const r = await change(PASSWORD, password);
      expect(r.statusCode, password).toBe(400);
      expect(r.json<{ code: string; errors: Array<{ code: string }> }>(), password).toMatchObject({
        code: 'PASSWORD_REJECTED',
      });
      expect(
        r.json<{ errors: Array<{ code: string }> }>().errors.map((e) => e.code),
        password,
      ).toContain(code);
      expect(r.body).not.toContain(password);
    }
    // The current password is required (and a wrong one is refused like a wrong sign-in).
    const wrongCurrent = await change('не поточний пароль зовсім', 'цілком нова фраза для входу в реєстр');
    expect(wrongCurrent.statusCode).toBe(401);
    expect(wrongCurrent.json<{ code: string }>().code).toBe('LOGIN_FAILED');
    // A long passphrase in any script, with spaces and emoji, is accepted whole: no truncation, no composition rules.
    const phrase = 'Зелені 🌻 соняшники над Дніпром, і ще сорок два рядки вірша, що не влазять у 72 байти bcrypt';
    expect((await change(PASSWORD, phrase)).statusCode).toBe(204);
    const truncated = Buffer.from(phrase)
      .subarray(0, 72)
      .toString('utf8')
      .replace(/\uFFFD$/, '');
    const tryLogin = async (password: string) => {
      t.advance(31_000);
      return login({ login: editor.login, password, totp: await totpCode(t.ctx, editor.totpSecret!) }, from);
    };
    expect((await tryLogin(truncated)).json<{ code: string }>().code).toBe('LOGIN_FAILED');
    expect((await tryLogin(phrase.normalize('NFC'))).statusCode).toBe(200);
    // argon2id with OWASP's parameters; the same password of two users gives two hashes (a salt each).
    const twin = await createUser(t.ctx, 'school_editor', c.schools[6]);
    const rows = await t.ctx.db.kysely
      .selectFrom('app_user')
      .select(['id', 'password_hash'])
      .where('id', 'in', [editor.id, twin.id])
      .execute();
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const other = await createUser(t.ctx, 'school_editor', c.schools[6]);
    const hashes = await t.ctx.db.kysely
      .selectFrom('app_user')
      .select('password_hash')
      .where('id', 'in', [twin.id, other.id])
      .execute();
    expect(hashes).toHaveLength(2);
    expect(hashes[0]!.password_hash).not.toBe(hashes[1]!.password_hash);
    s = await signInFrom(t.app, t.ctx, twin, from);
    expect(s.token).toBeTruthy();
  });

  it('roles that need the second factor cannot skip it (ASVS 2.8, 4.3.1)', async () => {
    const roles: Role[] = ['ministry_admin', 'region_admin', 'ouo_admin', 'school_admin', 'school_editor'];
    for (const role of roles) {
      const user = await createUser(t.ctx, role, actorOrgFor(c, role), { totp: true });
      const r = await login({ login: user.login, password: PASSWORD }, ip());
      expect(r.json<{ code: string }>().code, role).toBe('TOTP_REQUIRED');
      expect(sessionCookieOf(r)).toBeNull();
    }
  });
});

function actorOrgFor(c: Cascade, role: Role) {
  if (role.startsWith('ministry_')) return c.ministry;
  if (role.startsWith('region_')) return c.regions[0];
  if (role.startsWith('ouo_')) return c.ouos[0];
  return c.schools[0];
}

describe.each(enginesUnderTest())('cookies and transport behind https on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { env: { AIKOM_PUBLIC_URL: 'https://aikom.example.org' } });
  });
  afterAll(async () => t?.close());

  it('marks the session cookie Secure and sends HSTS when the public address is https (ASVS 3.4.1, 14.4.5)', async () => {
    const c = await createCascade(t.ctx);
    const editor = await createUser(t.ctx, 'school_editor', c.schools[0]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: editor.login, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const line = setCookieLines(res).find((l) => l.startsWith('aikom_session='))!;
    expect(line).toMatch(/;\s*Secure/i);
    expect(line).toMatch(/;\s*HttpOnly/i);
    for (const url of ['/api/v1/me', '/healthz', '/api/v1/territories', '/nowhere']) {
      const r = await t.app.inject({ url });
      expect(r.headers['strict-transport-security'], url).toMatch(/max-age=31536000; includeSubDomains/);
    }
  });
});
