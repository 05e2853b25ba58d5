/**
 * The instance the hostile-input suites attack: a small cascade on a fresh database of one engine, the current school
 * year, a platform linked to two schools (with a token), and signed-in users of the roles whose endpoints are
 * attacked. Pupils are written by the suites themselves.
 */
import { expect } from 'vitest';
import type { Engine } from '../../src/db/database';
import { linkSchools, platformToken, registerTestPlatform } from '../../src/modules/exchange/testing';
import { createCascade, createUser, pupilRecord, signIn, type Cascade, type Session } from '../factories';
import { createTestApp, type TestApp } from '../harness';

export interface HostileEnv {
  t: TestApp;
  c: Cascade;
  /** The platform (linked to schools[0] and schools[1]) and its token with every scope. */
  platformId: string;
  token: string;
  /** A school editor of schools[2] (not managed by a platform: the portal writes there). */
  editor: Session;
  /** Pupils of schools[2] written through the portal at set-up. */
  portalPupils: string[];
  /** Signed-in users of other roles, by role (the query suites call every endpoint as each fitting role). */
  sessions: Record<string, Session>;
}

/** Sign-ins of users with TOTP need distinct 30-second steps (a code is accepted once). */
const TOTP_STEP_MS = 31_000;

export async function setUpHostileEnv(engine: Engine): Promise<HostileEnv> {
  const t = await createTestApp(engine);
  await t.ctx.jobs.stop();
  const c = await createCascade(t.ctx);
  await t.ctx.db.kysely
    .insertInto('school_year')
    .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
    .execute();
  const p = await registerTestPlatform(t.ctx, 'Ворожа платформа', { rateLimitPerMinute: 1_000_000 });
  await linkSchools(t.ctx, p.id, [c.schools[0].edrpou!, c.schools[1].edrpou!]);
  const token = await platformToken(t.app, p);
  const editor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[2], { totp: true }));
  const sessions: Record<string, Session> = { school_editor: editor };
  const others = [
    ['ministry_admin', c.ministry],
    ['ministry_analyst', c.ministry],
    ['ministry_verifier', c.ministry],
    ['region_admin', c.regions[0]],
    ['ouo_admin', c.ouos[1]],
    ['school_admin', c.schools[2]],
  ] as const;
  for (const [role, org] of others) {
    t.advance(TOTP_STEP_MS);
    sessions[role] = await signIn(t.app, t.ctx, await createUser(t.ctx, role, org, { totp: true }));
  }
  const portalPupils: string[] = [];
  for (const [i, last] of ['Гнатюк', 'Дорошенко', 'Яковенко'].entries()) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pupils',
      headers: editor.headers,
      payload: pupilRecord(c.schools[2], {
        lastName: last,
        birthCertificate: { series: 'ІІ-БК', number: `90000${i}` },
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    portalPupils.push(res.json<{ id: string }>().id);
  }
  return { t, c, platformId: p.id, token, editor, portalPupils, sessions };
}

/** The server still answers (and its database too). */
export async function expectHealthy(env: HostileEnv): Promise<void> {
  const res = await env.t.app.inject({ url: '/healthz' });
  expect(res.statusCode, res.body).toBe(200);
}
