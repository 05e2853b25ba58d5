/**
 * Security review (docs/SECURITY-ASVS.md), secrets and the audit log: no password, hash, TOTP secret, session or
 * CSRF token, client secret, access token, activation code or key in the server's log, in answers or in error
 * messages (the log is captured at the most verbose level during a run of every credential flow); and the audit
 * chain's tamper test (a changed, removed or re-hashed row is found by the verifier).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context';
import { createContext } from '../../src/context-factory';
import { buildApp, type App } from '../../src/http/app';
import { normaliseError, toProblem } from '../../src/http/problem';
import { AuditRepository } from '../../src/modules/audit/repository';
import { AuditService } from '../../src/modules/audit/service';
import { KeyRing, generateKeyFile, loadOrCreateKeyRing } from '../../src/security/key-ring';
import { createTestDatabase, enginesUnderTest, type TestDatabase } from '../engines';
import { createCascade, createUser, PASSWORD, totpCode, type Cascade } from '../factories';
import { sealAudit, TEST_NOW, testConfig } from '../harness';
import { address, sessionCookieOf, signInFrom } from './security-support';

describe.each(enginesUnderTest())('secrets handling on %s', (engine) => {
  let testDb: TestDatabase;
  let ctx: AppContext;
  let app: App;
  let c: Cascade;
  const log: string[] = [];
  const clock = { now: TEST_NOW };
  const keyFile = generateKeyFile(TEST_NOW);
  /** Every secret seen during the run, by name. */
  const secrets = new Map<string, string>();
  /** Every answer of the run (status line, headers except Set-Cookie, body), to search for secrets. */
  const answers: string[] = [];
  let ip = 1;

  beforeAll(async () => {
    testDb = await createTestDatabase(engine);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        log.push(chunk.toString('utf8'));
        done();
      },
    });
    ctx = createContext({
      config: testConfig({ LOG_LEVEL: 'trace' }),
      db: testDb.db,
      keys: new KeyRing(keyFile),
      log: pino({ level: 'trace' }, sink),
      now: () => clock.now,
    });
    // The server's own logger, as `aikom serve` runs it (request lines, refusals, failures).
    app = await buildApp(ctx, { webDist: false });
    c = await createCascade(ctx);
    secrets.set('data key', keyFile.encryption[0]!.key);
    secrets.set('blind-index key', keyFile.blindIndex.key);
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
  });

  const advance = () => (clock.now = new Date(clock.now.getTime() + 31_000));
  const call = async (options: InjectOptions) => {
    const res = await app.inject(options);
    const headers = Object.entries(res.headers)
      .filter(([k]) => k !== 'set-cookie')
      .map(([k, v]) => `${k}: ${String(v)}`);
    answers.push(`${res.statusCode}\n${headers.join('\n')}\n${res.body}`);
    return res;
  };

  it('runs every credential flow: sign-in (right and wrong), activation, TOTP enrolment, platforms, tokens', async () => {
    secrets.set('password', PASSWORD);
    const admin = await createUser(ctx, 'ministry_admin', c.ministry, { totp: true });
    secrets.set('TOTP secret (admin)', admin.totpSecret!);
    const wrong = 'неправильна фраза-пароль';
    secrets.set('wrong password', wrong);
    expect(
      (
        await call({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: address(ip++),
          payload: { login: admin.login, password: wrong },
        })
      ).statusCode,
    ).toBe(401);
    await call({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: address(ip++),
      payload: { login: admin.login, password: PASSWORD, totp: '123456' },
    });
    advance();
    const s = await signInFrom(app, ctx, admin, address(ip++));
    secrets.set('session token', s.token);
    secrets.set('CSRF token', s.csrf);
    advance();

    // A new user: the activation code is shown once, in the creating answer only.
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: s.headers,
      payload: {
        login: 'secret.probe',
        fullName: 'Перевірка Секретів',
        role: 'region_admin',
        organisationId: c.regions[0].id,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const code = created.json<{ activationCode: string }>().activationCode;
    const createdId = created.json<{ user: { id: string } }>().user.id;
    secrets.set('activation code', code);
    const newPassword = 'довга нова фраза користувача реєстру';
    secrets.set('new password', newPassword);
    // A refused password is not echoed in the refusal.
    const weak = 'пароль12345678';
    secrets.set('refused password', weak);
    await call({
      method: 'POST',
      url: '/api/v1/auth/activate',
      remoteAddress: address(ip++),
      payload: { login: 'secret.probe', code, password: weak },
    });
    const activated = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/activate',
      remoteAddress: address(ip++),
      payload: { login: 'secret.probe', code, password: newPassword },
    });
    expect(activated.statusCode, activated.body).toBe(200);
    const pre = `aikom_session=${sessionCookieOf(activated)}`;
    secrets.set('pre-MFA session token', sessionCookieOf(activated)!);
    const preHeaders = { cookie: pre, 'x-csrf-token': activated.json<{ csrfToken: string }>().csrfToken };
    const setup = await app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: preHeaders });
    const enrolled = setup.json<{ secret: string }>().secret;
    secrets.set('TOTP secret (enrolled)', enrolled);
    await call({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers: preHeaders, payload: { code: '000000' } });
    const confirmed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/confirm',
      headers: preHeaders,
      payload: { code: await totpCode(ctx, enrolled) },
    });
    expect(confirmed.statusCode).toBe(204);
    secrets.set('post-MFA session token', sessionCookieOf(confirmed)!);
    await call({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: s.headers,
      payload: { currentPassword: wrong, newPassword: weak },
    });

    // A platform: the client secret is shown once; tokens are bearer credentials.
    const platform = await app.inject({
      method: 'POST',
      url: '/api/v1/platforms',
      headers: s.headers,
      payload: { name: 'Журнал Секрет', operator: 'ТОВ «Секрет»', contact: 'dev@example.org' },
    });
    expect(platform.statusCode, platform.body).toBe(201);
    const cred = platform.json<{ clientId: string; clientSecret: string; platform: { id: string } }>();
    secrets.set('client secret', cred.clientSecret);
    const form = (id: string, secret: string) =>
      new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    await call({
      method: 'POST',
      url: '/oauth/token',
      headers,
      payload: form(cred.clientId, 'wrong-secret-value-12345'),
    });
    secrets.set('wrong client secret', 'wrong-secret-value-12345');
    const token = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers,
      payload: form(cred.clientId, cred.clientSecret),
    });
    expect(token.statusCode).toBe(200);
    const accessToken = token.json<{ access_token: string }>().access_token;
    secrets.set('access token', accessToken);
    await call({ url: '/api/v1/schools', headers: { authorization: `Bearer ${accessToken}` } });
    await call({ url: '/api/v1/schools', headers: { authorization: `Bearer ${accessToken.slice(0, -4)}AAAA` } });
    const rotated = await app.inject({
      method: 'POST',
      url: `/api/v1/platforms/${cred.platform.id}/secret`,
      headers: s.headers,
    });
    secrets.set('rotated client secret', rotated.json<{ clientSecret: string }>().clientSecret);

    // What reads users, sessions, platforms and the audit log answers.
    advance();
    for (const url of [
      '/api/v1/me',
      '/api/v1/me/sessions',
      '/api/v1/users?limit=200',
      `/api/v1/users/${createdId}`,
      '/api/v1/platforms',
      `/api/v1/platforms/${cred.platform.id}`,
      '/api/v1/audit?limit=500',
    ]) {
      const r = await call({ url, headers: s.headers });
      expect(r.statusCode, url).toBe(200);
    }
    // The stored hashes and ciphertexts are secrets too.
    const stored = await ctx.db.kysely.selectFrom('app_user').select(['password_hash', 'totp_secret_enc']).execute();
    for (const [i, u] of stored.entries()) {
      if (u.password_hash) secrets.set(`password hash ${i}`, u.password_hash);
      if (u.totp_secret_enc) secrets.set(`TOTP ciphertext ${i}`, u.totp_secret_enc.toString('base64'));
    }
    for (const table of ['platform', 'oauth_signing_key']) {
      const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(ctx.db.kysely);
      for (const [i, row] of rows.rows.entries())
        for (const [k, v] of Object.entries(row)) {
          if (!/hash|private/.test(k) || v === null) continue;
          const value = Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'string' ? v : JSON.stringify(v);
          secrets.set(`${table}.${k} ${i}`, value);
        }
    }
  });

  it('no secret appears in the server log (ASVS 7.1.1, 7.1.2, 8.3.5)', () => {
    const text = log.join('');
    // The log is real and verbose: request lines and refusals are in it.
    expect(log.length).toBeGreaterThan(20);
    expect(text).toContain('"route":"/api/v1/auth/login"');
    expect(text).toContain('request refused');
    for (const [name, value] of secrets) expect(text.includes(value), `${name} in the log`).toBe(false);
    expect(text).not.toMatch(/\$argon2id\$/);
    expect(text).not.toMatch(/"password"|"newPassword"|"currentPassword"|"client_secret"|"totp"\s*:|authorization/i);
    expect(text).not.toMatch(/aikom_session=/);
  });

  it('no secret appears in an answer except the one answer that hands it over (ASVS 8.3.1, 8.3.4)', () => {
    const text = answers.join('\n');
    expect(answers.length).toBeGreaterThan(10);
    for (const [name, value] of secrets) {
      // The session's own CSRF token is handed to its owner by GET /me (a reloaded portal page needs it).
      if (name === 'CSRF token') continue;
      expect(text.includes(value), `${name} in an answer`).toBe(false);
    }
    expect(text).not.toMatch(/\$argon2id\$|password_hash|totp_secret|secret_hash/);
  });

  it('no secret is stored in the audit log or the sign-in attempts', async () => {
    await sealAudit(ctx);
    const audit = await sql<{ t: string }>`SELECT a::text AS t FROM audit_log a`.execute(ctx.db.kysely);
    const attempts = await sql<{ t: string }>`SELECT a::text AS t FROM login_attempt a`.execute(ctx.db.kysely);
    const text = [...audit.rows, ...attempts.rows].map((r) => r.t).join('\n');
    expect(audit.rows.length).toBeGreaterThan(10);
    for (const [name, value] of secrets) expect(text.includes(value), `${name} in the audit log`).toBe(false);
  });

  it('sealed values: a fresh IV each time, and a changed byte or another row’s context fails to open (V6.2)', () => {
    const ring = new KeyRing(keyFile);
    const aad = 'person.identifiers_enc:row-1';
    const a = ring.encrypt('І-БК 123456', aad);
    const b = ring.encrypt('І-БК 123456', aad);
    expect(a.equals(b)).toBe(false);
    expect(ring.decrypt(a, aad)).toBe('І-БК 123456');
    expect(a.toString('latin1')).not.toContain('123456');
    for (let i = 3; i < a.length; i += 7) {
      const damaged = Buffer.from(a);
      damaged[i]! ^= 0x01;
      expect(() => ring.decrypt(damaged, aad), `byte ${i}`).toThrow();
    }
    // A ciphertext moved to another row or column does not open there.
    expect(() => ring.decrypt(a, 'person.identifiers_enc:row-2')).toThrow();
  });

  it('a damaged key file is reported without quoting it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-keys-'));
    try {
      const file = path.join(dir, 'keys.json');
      const material = keyFile.encryption[0]!.key;
      fs.writeFileSync(file, `${material}${material}`);
      let detail = '';
      try {
        loadOrCreateKeyRing(file);
      } catch (error) {
        detail = String((error as { detail?: string }).detail) + String((error as Error).message);
      }
      expect(detail).toMatch(/пошкоджено/);
      expect(detail).not.toContain(material.slice(0, 6));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unexpected failure answers a generic problem, its message and stack stay in the log', () => {
    const failure = new Error(`connection to 10.0.0.5 failed for user aikom with password ${PASSWORD}`);
    const problem = toProblem(normaliseError(failure), { url: '/api/v1/x?q=1', id: 'req-1' } as never);
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(problem)).not.toContain(PASSWORD);
    expect(JSON.stringify(problem)).not.toMatch(/10\.0\.0\.5|at .*\.ts/);
  });
});

describe.each(enginesUnderTest())('the audit chain under tampering on %s', (engine) => {
  let testDb: TestDatabase;
  const repo = new AuditRepository();
  beforeAll(async () => {
    testDb = await createTestDatabase(engine, { reference: false });
    await testDb.db.system(async (trx) => {
      for (let i = 0; i < 12; i++)
        await new AuditService().record(
          trx,
          null,
          { action: 'test.event', objectType: 'pupil', objectId: `p-${i}`, details: { n: i } },
          { login: `user.${i}`, ip: '192.0.2.1', requestId: `r-${i}` },
        );
    });
    await new AuditRepository().sealAll(testDb.db);
  });
  afterAll(async () => testDb?.drop());

  /**
   * Runs a change as someone who bypasses the append-only triggers (a superuser), verifies, then restores the rows
   * from a copy made in SQL (a round trip through JavaScript dates would lose the microseconds the hashes cover).
   */
  const tamper = async (change: string) => {
    await testDb.db.system(async (trx) => {
      await sql`DROP TABLE IF EXISTS audit_log_saved, audit_head_saved`.execute(trx);
      await sql`CREATE TABLE audit_log_saved AS SELECT * FROM audit_log`.execute(trx);
      await sql`CREATE TABLE audit_head_saved AS SELECT * FROM audit_head`.execute(trx);
    });
    await testDb.db.system(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql.raw(change).execute(trx);
    });
    const result = await repo.verify(testDb.db.kysely);
    await testDb.db.system(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql`DELETE FROM audit_log`.execute(trx);
      await sql`INSERT INTO audit_log SELECT * FROM audit_log_saved`.execute(trx);
      await sql`UPDATE audit_head h SET last_id = s.last_id, last_hash = s.last_hash FROM audit_head_saved s`.execute(
        trx,
      );
      await sql`DROP TABLE audit_log_saved, audit_head_saved`.execute(trx);
    });
    expect((await repo.verify(testDb.db.kysely)).firstBreak, `restored after: ${change}`).toBeNull();
    return result.firstBreak;
  };

  it('is intact before any tampering', async () => {
    const v = await repo.verify(testDb.db.kysely);
    expect(v).toMatchObject({ entries: 12, firstBreak: null, headId: 12 });
  });

  it('finds a change to any field of an entry and names it (ASVS 7.3.3)', async () => {
    const changes = [
      `UPDATE audit_log SET at = at + interval '1 second' WHERE id = 5`,
      `UPDATE audit_log SET actor_login = 'someone.else' WHERE id = 5`,
      `UPDATE audit_log SET action = 'test.other' WHERE id = 5`,
      `UPDATE audit_log SET object_id = 'p-99' WHERE id = 5`,
      `UPDATE audit_log SET ip = '203.0.113.9' WHERE id = 5`,
      `UPDATE audit_log SET request_id = 'r-x' WHERE id = 5`,
      `UPDATE audit_log SET outcome = 'denied' WHERE id = 5`,
      `UPDATE audit_log SET details = '{"n": 99}' WHERE id = 5`,
      `UPDATE audit_log SET client = 'platform:x' WHERE id = 5`,
    ];
    for (const change of changes) expect(await tamper(change), change).toEqual({ id: 5, reason: 'hash' });
  });

  it('finds a removed entry in the middle, at the start and at the end', async () => {
    expect(await tamper('DELETE FROM audit_log WHERE id = 6')).toEqual({ id: 7, reason: 'gap' });
    expect(await tamper('DELETE FROM audit_log WHERE id = 1')).toEqual({ id: 2, reason: 'gap' });
    expect(await tamper('DELETE FROM audit_log WHERE id = 12')).toEqual({ id: 12, reason: 'gap' });
  });

  it('finds an entry whose hash was recomputed after a change (the next entry’s link breaks)', async () => {
    const rehash = `UPDATE audit_log a SET outcome = 'denied', hash = sha256(a.prev_hash || aikom_audit_content(
      ROW(a.id, a.at, a.actor_user_id, a.actor_platform_id, a.actor_login, a.role, a.organisation_id, a.region_id,
        a.ouo_id, a.client, a.action, a.object_type, a.object_id, a.request_id, a.ip, 'denied', a.details,
        a.prev_hash, a.hash)::audit_log)) WHERE id = 5`;
    expect(await tamper(rehash)).toEqual({ id: 6, reason: 'link' });
  });

  it('finds an entry renumbered into a removed one’s place and swapped entries', async () => {
    expect(await tamper('DELETE FROM audit_log WHERE id = 6; UPDATE audit_log SET id = 6 WHERE id = 7')).toMatchObject({
      id: 6,
    });
    expect(
      await tamper(
        'UPDATE audit_log SET id = -3 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 4; UPDATE audit_log SET id = 4 WHERE id = -3',
      ),
    ).toMatchObject({ id: 3 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the triggers, even for the owner', async () => {
    for (const statement of [
      'UPDATE audit_log SET outcome = 1::text WHERE id = 2',
      'DELETE FROM audit_log WHERE id = 2',
      'TRUNCATE audit_log',
    ])
      await expect(
        testDb.db.system((trx) => sql.raw(statement).execute(trx)),
        statement,
      ).rejects.toThrow(/append-only/);
    expect((await repo.verify(testDb.db.kysely)).firstBreak).toBeNull();
  });
});
