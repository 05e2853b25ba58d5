/**
 * Security review (docs/SECURITY-ASVS.md), hostile input and responses: injection in search and filters (SQL
 * metacharacters, LIKE wildcards, unicode, forged cursors) and the security headers of every kind of response.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/http/app';
import { bearer, linkSchools, platformToken, registerTestPlatform } from '../../src/modules/exchange/testing';
import { enginesUnderTest } from '../engines';
import { createCascade, createUser, pupilRecord, type Cascade, type Session } from '../factories';
import { createTestApp, type TestApp } from '../harness';
import { address, rowCounts, signInFrom } from './security-support';

/** Strings that break naive SQL, LIKE patterns, JSON, URLs and text handling. */
const HOSTILE = [
  "' OR '1'='1",
  "'; DROP TABLE person; --",
  '" OR ""="',
  "Ярошенко' --",
  '%',
  '%%',
  '_',
  '__',
  '%_%',
  'Яро%',
  'Яро_енко',
  '\\',
  '\\%',
  "\\'",
  '$1',
  '$$ OR 1=1 $$',
  "E'\\x00'",
  '\u0000',
  'Ярош\u0000енко',
  '\u202eокнешоЯ',
  'Я\u0301рошенко',
  '😀😀😀',
  '\ud800',
  '𝔜𝔞𝔯𝔬𝔰𝔥𝔢𝔫𝔨𝔬',
  'ﾔﾛｼｪﾝｺ',
  '<script>alert(1)</script>',
  '{"$gt":""}',
  '*)(uid=*',
  '../../etc/passwd',
  'a'.repeat(100),
] as const;

const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, (c) => (c.length === 1 ? '\ufffd' : c)));

describe.each(enginesUnderTest())('hostile input in search and filters on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let sessions: Record<'ministry_admin' | 'school_editor' | 'region_admin', Session>;
  let tokenA: string;
  let pupilId: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    sessions = {} as typeof sessions;
    let ip = 1;
    for (const [role, org] of [
      ['ministry_admin', c.ministry],
      ['region_admin', c.regions[0]],
      ['school_editor', c.schools[0]],
    ] as const) {
      sessions[role] = await signInFrom(
        t.app,
        t.ctx,
        await createUser(t.ctx, role, org, { totp: true }),
        address(ip++),
      );
      t.advance(31_000);
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pupils',
      headers: sessions.school_editor.headers,
      payload: pupilRecord(c.schools[0], {
        lastName: 'Ярошенко',
        birthCertificate: { series: 'І-БК', number: '654321' },
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    pupilId = res.json<{ id: string }>().id;
    const p = await registerTestPlatform(t.ctx, 'Журнал для перевірки введення');
    await linkSchools(t.ctx, p.id, [c.schools[1].edrpou!]);
    tokenA = await platformToken(t.app, p);
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/schools/${c.schools[1].edrpou}/pupils/inj-1`,
      headers: bearer(tokenA),
      payload: pupilRecord(c.schools[1], {
        lastName: 'Онищенко',
        birthCertificate: { series: 'І-БК', number: '654322' },
      }),
    });
  });
  afterAll(async () => t?.close());

  /** The searches and filters that take free text, with who asks. */
  const searches: Array<{ name: string; url: (v: string) => string; as: () => Record<string, string> }> = [
    { name: 'pupil search', url: (v) => `/api/v1/pupils/search?q=${v}`, as: () => sessions.region_admin.headers },
    {
      name: 'pupil search by identifier',
      url: (v) => `/api/v1/pupils/search?identifier=${v}`,
      as: () => sessions.region_admin.headers,
    },
    { name: 'organisations', url: (v) => `/api/v1/organisations?q=${v}`, as: () => sessions.ministry_admin.headers },
    { name: 'users', url: (v) => `/api/v1/users?q=${v}`, as: () => sessions.ministry_admin.headers },
    { name: 'territories', url: (v) => `/api/v1/territories/search?q=${v}`, as: () => ({}) },
    {
      name: 'audit',
      url: (v) => `/api/v1/audit?actorLogin=${v}&action=${v}&objectId=${v}&objectType=${v}&outcome=${v}`,
      as: () => sessions.ministry_admin.headers,
    },
    {
      name: 'OneRoster filter',
      url: (v) => `/ims/oneroster/rostering/v1p2/students?filter=${enc(`familyName='${decodeURIComponent(v)}'`)}`,
      as: () => bearer(tokenA),
    },
    {
      name: 'OneRoster filter field',
      url: (v) => `/ims/oneroster/rostering/v1p2/students?filter=${v}${enc("='x'")}`,
      as: () => bearer(tokenA),
    },
    {
      name: 'OneRoster sort',
      url: (v) => `/ims/oneroster/rostering/v1p2/students?sort=${v}`,
      as: () => bearer(tokenA),
    },
    {
      name: 'OneRoster fields',
      url: (v) => `/ims/oneroster/rostering/v1p2/students?fields=${v}`,
      as: () => bearer(tokenA),
    },
  ];

  it('answers every hostile string in every search and filter without a server error or a leak (ASVS 5.3.4, 5.3.5)', async () => {
    const before = await rowCounts(t.ctx, [
      'login_attempt',
      'audit_pending',
      'audit_log',
      'audit_head',
      'user_session',
    ]);
    let cases = 0;
    for (const s of searches) {
      for (const raw of HOSTILE) {
        const res = await t.app.inject({ url: s.url(enc(raw)), headers: s.as() });
        cases++;
        const label = `${s.name} with ${JSON.stringify(raw)}: ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, label).toBeLessThan(500);
        if (res.statusCode >= 400) {
          // A refusal is a stable code, never a database message.
          const body = res.body;
          expect(body, label).not.toMatch(/syntax error|relation "|column "|pg_|invalid byte sequence|SQLSTATE/i);
          continue;
        }
        // No wildcard or injected predicate widens a result. (The name search is fuzzy by design: «Яро%» may find
        // «Ярошенко»; text without a letter, or an injected predicate, finds nobody.)
        if (s.name === 'pupil search' || s.name === 'pupil search by identifier') {
          const items = res.json<{ items: Array<{ id: string }> }>().items;
          if (!/\p{L}/u.test(raw) || /OR|DROP/.test(raw))
            expect(
              items.map((i) => i.id),
              label,
            ).not.toContain(pupilId);
        }
        if (s.name === 'users' && /[%_]/.test(raw)) expect(res.json<{ items: unknown[] }>().items, label).toEqual([]);
        if (s.name === 'organisations' && /^[%_]+$/.test(raw))
          expect(res.json<{ items: unknown[] }>().items, label).toEqual([]);
        if (s.name.startsWith('OneRoster')) expect(res.body, label).not.toContain('Ярошенко');
      }
    }
    expect(cases).toBe(searches.length * HOSTILE.length);
    // Nothing was written, and the data is all there.
    expect(
      await rowCounts(t.ctx, ['login_attempt', 'audit_pending', 'audit_log', 'audit_head', 'user_session']),
    ).toEqual(before);
    const found = await t.app.inject({
      url: '/api/v1/pupils/search?q=Ярошенко',
      headers: sessions.region_admin.headers,
    });
    expect(found.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)).toContain(pupilId);
  });

  it('treats LIKE wildcards as text: a prefix search with % or _ matches nothing it should not', async () => {
    for (const q of ['%', '_', '%25', 'ministry%', 'region_admin%', 'r_gion']) {
      const users = await t.app.inject({ url: `/api/v1/users?q=${enc(q)}`, headers: sessions.ministry_admin.headers });
      expect(users.statusCode, q).toBe(200);
      expect(users.json<{ items: unknown[] }>().items, q).toEqual([]);
    }
    // The same prefix without the wildcard does find (the search works; the wildcard was the only difference).
    const plain = await t.app.inject({ url: '/api/v1/users?q=region', headers: sessions.ministry_admin.headers });
    expect(plain.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);
    const orgs = await t.app.inject({
      url: `/api/v1/organisations?q=${enc('Ліцей_№')}`,
      headers: sessions.ministry_admin.headers,
    });
    expect(orgs.json<{ items: unknown[] }>().items).toEqual([]);
    const terr = await t.app.inject({ url: `/api/v1/territories/search?q=${enc('%%')}` });
    expect(terr.json<{ items: unknown[] }>().items ?? terr.json<unknown[]>()).toEqual([]);
  });

  it('refuses forged page cursors with a stable code (ASVS 5.1.3)', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
    const forged = [
      'not-base64!',
      b64('x'),
      b64([]),
      b64(['\u0000', '\u0000']),
      b64(["' OR 1=1 --", "' OR 1=1 --"]),
      b64([1e308, 1e308]),
      b64([{ a: 1 }, null]),
      b64(['a'.repeat(10_000), 'b']),
      b64(['Ліцей', 'not-a-uuid']),
      b64(['2025-13-45T99:99:99Z', 'x']),
      b64([9007199254740993, 'x']),
      b64([-1, -1]),
    ];
    const portal = () => sessions.ministry_admin.headers;
    const endpoints: Array<[string, () => Record<string, string>]> = [
      ['/api/v1/users', portal],
      ['/api/v1/organisations', portal],
      ['/api/v1/audit', portal],
      ['/api/v1/verification/cases', portal],
      ['/api/v1/transit', portal],
      ['/api/v1/platform-links', portal],
      ['/api/v1/changes', () => bearer(tokenA)],
      [`/api/v1/schools/${c.schools[1].edrpou}/records`, () => bearer(tokenA)],
    ];
    for (const [url, headers] of endpoints) {
      for (const cursor of forged) {
        const res = await t.app.inject({ url: `${url}?cursor=${cursor}`, headers: headers() });
        const label = `${url} cursor ${cursor.slice(0, 40)}: ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect(res.statusCode, label).toBeLessThan(500);
      }
    }
  });

  it('stores hostile text as text: a name with SQL and markup comes back verbatim, escaped as JSON', async () => {
    const note = "'); DELETE FROM person; -- <img src=x onerror=alert(1)>";
    const exit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/pupils/${pupilId}/exit`,
      headers: sessions.school_editor.headers,
      payload: { date: '2025-10-15', reason: 'other', note },
    });
    expect(exit.statusCode, exit.body).toBe(204);
    const card = await t.app.inject({ url: `/api/v1/pupils/${pupilId}`, headers: sessions.school_editor.headers });
    expect(card.statusCode).toBe(200);
    expect(card.headers['content-type']).toMatch(/^application\/json; charset=utf-8$/);
    expect(JSON.stringify(card.json())).toContain(JSON.stringify(note).slice(1, -1));
    expect(await t.ctx.db.kysely.selectFrom('person').select('id').execute()).not.toHaveLength(0);
  });
});

describe.each(enginesUnderTest())('security headers of every kind of response on %s', (engine) => {
  let t: TestApp;
  let portal: App;
  let web: string;
  let s: Session;
  let token: string;
  let schoolId: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const c = await createCascade(t.ctx);
    schoolId = c.schools[0].id;
    s = await signInFrom(
      t.app,
      t.ctx,
      await createUser(t.ctx, 'school_editor', c.schools[0], { totp: true }),
      address(1),
    );
    const p = await registerTestPlatform(t.ctx, 'Журнал для заголовків');
    await linkSchools(t.ctx, p.id, [c.schools[1].edrpou!]);
    token = await platformToken(t.app, p);
    // The same application serving a built portal (a minimal one: the page and one hashed asset).
    web = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-web-'));
    fs.writeFileSync(
      path.join(web, 'index.html'),
      '<!doctype html><title>АІКОМ</title><script src="/assets/app-1.js"></script>',
    );
    fs.mkdirSync(path.join(web, 'assets'));
    fs.writeFileSync(path.join(web, 'assets', 'app-1.js'), 'console.log(1)');
    portal = await buildApp(t.ctx, { webDist: web, logger: false });
  });
  afterAll(async () => {
    await portal?.close();
    if (web) fs.rmSync(web, { recursive: true, force: true });
    await t?.close();
  });

  const common = (res: LightMyRequestResponse, label: string) => {
    expect(res.headers['x-content-type-options'], label).toBe('nosniff');
    expect(res.headers['referrer-policy'], label).toBe('no-referrer');
    expect(res.headers['x-frame-options'], label).toBe('SAMEORIGIN');
    expect(String(res.headers['content-security-policy']), label).toMatch(/frame-ancestors 'none'/);
    expect(String(res.headers['content-security-policy']), label).toMatch(/default-src 'self'/);
    expect(String(res.headers['content-security-policy']), label).toMatch(/object-src 'none'/);
    expect(res.headers['permissions-policy'], label).toMatch(/camera=\(\)/);
    expect(res.headers['x-powered-by'], label).toBeUndefined();
    expect(res.headers['x-request-id'], label).toBeTruthy();
    // Plain http here: no HSTS (security-sessions.rel.test.ts checks it behind https).
    expect(res.headers['strict-transport-security'], label).toBeUndefined();
  };

  it('API answers (JSON, problems, files, OneRoster, tokens) carry the headers and are never stored (ASVS 14.4, 8.2.1)', async () => {
    const cases: Array<[string, () => Promise<LightMyRequestResponse>, number]> = [
      ['JSON', () => t.app.inject({ url: '/api/v1/me', headers: s.headers }), 200],
      [
        'personal data JSON',
        () => t.app.inject({ url: `/api/v1/schools/${schoolId}/pupils`, headers: s.headers }),
        200,
      ],
      [
        'CSV download',
        () => t.app.inject({ url: `/api/v1/schools/${schoolId}/pupils/export.csv`, headers: s.headers }),
        200,
      ],
      [
        'XLSX download',
        () => t.app.inject({ url: `/api/v1/schools/${schoolId}/pupils/export.xlsx`, headers: s.headers }),
        200,
      ],
      ['401 problem', () => t.app.inject({ url: '/api/v1/me' }), 401],
      [
        '403 problem',
        () => t.app.inject({ method: 'POST', url: '/api/v1/me/sessions/revoke-others', headers: { cookie: s.cookie } }),
        403,
      ],
      ['400 problem', () => t.app.inject({ url: '/api/v1/pupils/search?limit=0', headers: s.headers }), 400],
      ['404 problem', () => t.app.inject({ url: '/api/nowhere' }), 404],
      ['403 undeclared API route', () => t.app.inject({ url: '/api/v1/nowhere' }), 403],
      [
        '415 problem',
        () =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            headers: { 'content-type': 'application/xml' },
            payload: '<x/>',
          }),
        415,
      ],
      ['OneRoster', () => t.app.inject({ url: '/ims/oneroster/rostering/v1p2/students', headers: bearer(token) }), 200],
      [
        'OneRoster error',
        () => t.app.inject({ url: '/ims/oneroster/rostering/v1p2/students?sort=nonsense', headers: bearer(token) }),
        400,
      ],
      ['OpenAPI', () => t.app.inject({ url: '/api/openapi.json' }), 200],
      ['territories', () => t.app.inject({ url: '/api/v1/territories' }), 200],
    ];
    for (const [name, call, status] of cases) {
      const res = await call();
      const label = `${name}: ${res.statusCode} ${res.body.slice(0, 120)}`;
      expect(res.statusCode, label).toBe(status);
      common(res, label);
      expect(res.headers['cache-control'], label).toBe('no-store');
    }
    // No CORS: another origin's page gets no permission to read an answer, credentialed or not (ASVS 14.5.3).
    for (const method of ['GET', 'OPTIONS'] as const) {
      const cors = await t.app.inject({
        method,
        url: '/api/v1/me',
        headers: {
          ...s.headers,
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'x-csrf-token',
        },
      });
      expect(cors.headers['access-control-allow-origin'], method).toBeUndefined();
      expect(cors.headers['access-control-allow-credentials'], method).toBeUndefined();
    }
    // Files are attachments, never rendered in the portal's origin (ASVS 14.4.2).
    const file = await t.app.inject({ url: `/api/v1/schools/${schoolId}/pupils/export.csv`, headers: s.headers });
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    const tokenRes = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=nobody&client_secret=nothing',
    });
    expect(tokenRes.statusCode).toBe(401);
    common(tokenRes, 'token error');
    expect(tokenRes.headers['cache-control']).toBe('no-store');
  });

  it('service, docs and portal answers carry the headers too', async () => {
    for (const [name, url] of [
      ['health', '/healthz'],
      ['metrics', '/metrics'],
      ['JWKS', '/oauth/jwks.json'],
      ['API docs', '/api/docs/'],
    ] as const) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, name).toBeLessThan(500 + (name === 'health' ? 4 : 0));
      expect(res.headers['x-content-type-options'], name).toBe('nosniff');
      expect(res.headers['referrer-policy'], name).toBe('no-referrer');
      expect(String(res.headers['content-security-policy']), name).toMatch(/frame-ancestors 'none'|default-src 'self'/);
      expect(res.headers['x-frame-options'], name).toBe('SAMEORIGIN');
    }
    for (const [name, url] of [
      ['portal page', '/'],
      ['portal route (client-side)', '/pupils/123'],
      ['hashed asset', '/assets/app-1.js'],
    ] as const) {
      const res = await portal.inject({ url });
      const label = `${name}: ${res.statusCode}`;
      expect(res.statusCode, label).toBe(200);
      common(res, label);
      // Public files: never stored as personal data would be, but the page is always revalidated.
      if (name !== 'hashed asset') expect(res.headers['cache-control'], label).toMatch(/no-cache/);
    }
    // Build metadata and dotfiles are not served (the answer is a 404 or the portal page, never the file).
    fs.writeFileSync(path.join(web, '.build-hash'), 'secret-build-metadata');
    fs.mkdirSync(path.join(web, '.vite'));
    fs.writeFileSync(path.join(web, '.vite', 'manifest.json'), '{"secret-build-metadata":1}');
    for (const url of ['/.build-hash', '/.vite/manifest.json', '/assets/../.build-hash', '/%2e%2e/package.json']) {
      const dot = await portal.inject({ url });
      expect(dot.statusCode, url).toBeLessThan(500);
      expect(dot.body, url).not.toContain('secret-build-metadata');
      expect(dot.body, url).not.toContain('"dependencies"');
    }
  });
});
