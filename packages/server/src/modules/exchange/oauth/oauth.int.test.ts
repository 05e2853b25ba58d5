import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../../test/engines';
import { createCascade, type Cascade } from '../../../../test/factories';
import { createTestApp, type TestApp, auditDb } from '../../../../test/harness';
import { EXCHANGE_TABLE_COLUMNS } from '../../../db/schema-exchange';
import { PlatformService } from '../platforms/service';
import { bearer, linkSchools, platformToken, registerTestPlatform, type TestPlatform } from '../testing';
import { sql } from 'kysely';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe.each(enginesUnderTest())('OAuth client credentials for platforms on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let p: TestPlatform;
  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    p = await registerTestPlatform(t.ctx, 'Е-журнал «Тест»');
    await linkSchools(t.ctx, p.id, [c.schools[0].edrpou!]);
  });
  afterAll(async () => t?.close());

  const token = (headers: Record<string, string>, payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/oauth/token', headers: { ...FORM, ...headers }, payload: form(payload) });

  it('keeps the exchange tables as schema-exchange.ts declares them', async () => {
    const rows = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`.execute(
      t.ctx.db.kysely,
    );
    for (const [table, cols] of Object.entries(EXCHANGE_TABLE_COLUMNS)) {
      const actual = rows.rows.filter((r) => r.table_name === table).map((r) => r.column_name);
      expect(actual.sort(), table).toEqual([...(cols as readonly string[])].sort());
    }
  });

  it('issues a signed JWT for client_secret_basic and client_secret_post, verifiable with the published JWKS', async () => {
    for (const res of [
      await token({ authorization: basic(p.clientId, p.clientSecret) }, { grant_type: 'client_credentials' }),
      await token({}, { grant_type: 'client_credentials', client_id: p.clientId, client_secret: p.clientSecret }),
    ]) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.pragma).toBe('no-cache');
      const body = res.json<{ access_token: string; token_type: string; expires_in: number; scope: string }>();
      expect(body.token_type).toBe('Bearer');
      expect(body.expires_in).toBe(900);
      expect(body.scope.split(' ').sort()).toEqual(['changes:read', 'pupils:read', 'pupils:write', 'roster.readonly']);
      const jwks = (await t.app.inject({ url: '/oauth/jwks.json' })).json<{
        keys: Array<{ kid: string; d?: string }>;
      }>();
      expect(jwks.keys.length).toBeGreaterThan(0);
      expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
      const { payload, protectedHeader } = await jwtVerify(body.access_token, createLocalJWKSet(jwks as never), {
        currentDate: t.ctx.now(),
        audience: 'aikom-api',
      });
      expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
      expect(payload).toMatchObject({ sub: p.id, client_id: p.clientId });
      expect(payload.exp! - payload.iat!).toBe(900);
    }
    const meta = (await t.app.inject({ url: '/.well-known/oauth-authorization-server' })).json<{
      token_endpoint: string;
      jwks_uri: string;
      grant_types_supported: string[];
    }>();
    expect(meta.grant_types_supported).toEqual(['client_credentials']);
    expect(meta.token_endpoint).toMatch(/\/oauth\/token$/);
  });

  it('answers errors as RFC 6749 § 5.2 JSON', async () => {
    const wrong = await token(
      { authorization: basic(p.clientId, 'aks_' + 'x'.repeat(43)) },
      { grant_type: 'client_credentials' },
    );
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic realm="aikom"/);
    expect(wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect(wrong.json<{ error_description: string }>().error_description).toMatch(/^[\x20-\x7e]+$/);
    const unknown = await token(
      {},
      { grant_type: 'client_credentials', client_id: 'aikom_nobody', client_secret: 'x' },
    );
    expect(unknown.json()).toMatchObject({ error: 'invalid_client' });
    const grant = await token({ authorization: basic(p.clientId, p.clientSecret) }, { grant_type: 'password' });
    expect(grant.statusCode).toBe(400);
    expect(grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const missing = await token({ authorization: basic(p.clientId, p.clientSecret) }, {});
    expect(missing.json()).toMatchObject({ error: 'invalid_request' });
    const scope = await token(
      { authorization: basic(p.clientId, p.clientSecret) },
      { grant_type: 'client_credentials', scope: 'pupils:read admin' },
    );
    expect(scope.statusCode).toBe(400);
    expect(scope.json()).toMatchObject({ error: 'invalid_scope' });
    const twice = await token(
      { authorization: basic(p.clientId, p.clientSecret) },
      { grant_type: 'client_credentials', client_secret: p.clientSecret },
    );
    expect(twice.json()).toMatchObject({ error: 'invalid_request' });
    const repeated = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { ...FORM, authorization: basic(p.clientId, p.clientSecret) },
      payload: 'grant_type=client_credentials&grant_type=client_credentials',
    });
    expect(repeated.json()).toMatchObject({ error: 'invalid_request' });
    const denied = await (
      await auditDb(t.ctx)
    )
      .selectFrom('audit_log')
      .select(['outcome', 'actor_platform_id'])
      .where('action', '=', 'platform.token')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.some((d) => d.actor_platform_id === p.id)).toBe(true);
  });

  it('grants only the scopes asked for, and a token without pupils:write cannot write', async () => {
    const read = await platformToken(t.app, p, 'pupils:read');
    expect((decodeJwt(read) as { scope: string }).scope).toBe('pupils:read');
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/schools/${c.schools[0].edrpou}/pupils/x-1`,
      headers: bearer(read),
      payload: {},
    });
    expect(res.statusCode).toBe(403);
    const schools = await t.app.inject({ url: '/api/v1/schools', headers: bearer(read) });
    expect(schools.statusCode).toBe(200);
  });

  it('refuses an expired, forged or foreign token with a Bearer challenge', async () => {
    const good = await platformToken(t.app, p);
    const forged = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const tok of [forged, 'not-a-jwt', good.split('.').slice(0, 2).join('.') + '.']) {
      const res = await t.app.inject({ url: '/api/v1/schools', headers: bearer(tok) });
      expect(res.statusCode, tok).toBe(401);
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    }
    t.advance(16 * 60_000);
    const expired = await t.app.inject({ url: '/api/v1/schools', headers: bearer(good) });
    expect(expired.statusCode).toBe(401);
  });

  it('rotates the secret (the old one keeps working for a day) and revokes at once', async () => {
    const service = new PlatformService(t.ctx);
    const q = await registerTestPlatform(t.ctx, 'Платформа для відкликання');
    const rotated = await service.rotateSecret(null, q.id);
    expect(rotated.clientSecret).not.toBe(q.clientSecret);
    await platformToken(t.app, q);
    const fresh = await platformToken(t.app, { ...q, clientSecret: rotated.clientSecret });
    t.advance(25 * 60 * 60_000);
    await expect(platformToken(t.app, q)).rejects.toThrow(/401/);
    const tok = await platformToken(t.app, { ...q, clientSecret: rotated.clientSecret });
    expect((await t.app.inject({ url: '/api/v1/schools', headers: bearer(tok) })).statusCode).toBe(200);
    await service.revoke(null, q.id);
    expect((await t.app.inject({ url: '/api/v1/schools', headers: bearer(tok) })).statusCode).toBe(401);
    expect(fresh).not.toBe(tok);
    await expect(platformToken(t.app, { ...q, clientSecret: rotated.clientSecret })).rejects.toThrow(/invalid_client/);
    // Secrets are stored as argon2id hashes only, and the request role cannot read them.
    const row = await t.ctx.db.kysely
      .selectFrom('platform' as never)
      .select(['secret_hash' as never])
      .where('id' as never, '=', q.id as never)
      .executeTakeFirstOrThrow();
    expect(String((row as { secret_hash: string }).secret_hash)).toMatch(/^\$argon2id\$/);
    await expect(
      t.ctx.db.scoped({ national: true }, (trx) => sql`SELECT secret_hash FROM platform`.execute(trx)),
    ).rejects.toThrow(/permission denied/);
  });

  it('limits each client’s requests per minute', async () => {
    const q = await registerTestPlatform(t.ctx, 'Платформа з лімітом', { rateLimitPerMinute: 3 });
    const tok = await platformToken(t.app, q);
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push((await t.app.inject({ url: '/api/v1/schools', headers: bearer(tok) })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    // Another client is counted apart.
    expect(
      (await t.app.inject({ url: '/api/v1/schools', headers: bearer(await platformToken(t.app, p)) })).statusCode,
    ).toBe(200);
  });
});
