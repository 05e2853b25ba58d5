/**
 * Shared pieces of the security suites (docs/SECURITY-ASVS.md): the API's operations as the OpenAPI document lists
 * them at run time, sign-in from a chosen client address, and a fingerprint of every table's row count (to prove a
 * refused request changed nothing).
 */
import { sql } from 'kysely';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../src/context';
import type { App } from '../../src/http/app';
import { PASSWORD, totpCode, type Session, type TestUser } from '../factories';

/** Client addresses of the documentation range (RFC 5737), so throttles keyed by address do not collide. */
export const address = (n: number) => `198.51.100.${n}`;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export const UNSAFE: readonly Method[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

interface OpenApiParameter {
  in: string;
  name: string;
  schema?: { type?: string; format?: string; pattern?: string };
}

export interface Operation {
  method: Method;
  /** The OpenAPI path template, e.g. `/api/v1/pupils/{id}`. */
  path: string;
  /** `METHOD path`, the key of the security inventories. */
  key: string;
  session: boolean;
  platform: boolean;
  public: boolean;
  parameters: OpenApiParameter[];
}

/** Every operation of the OpenAPI document of the running application (hidden routes are not API). */
export function operations(app: App): Operation[] {
  const doc = app.swagger() as {
    paths: Record<string, Record<string, { security?: Array<Record<string, string[]>>; parameters?: unknown[] }>>;
  };
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase() as Method;
      const security = op.security;
      out.push({
        method,
        path,
        key: `${method} ${path}`,
        session: !!security?.some((s) => 'sessionCookie' in s),
        platform: !!security?.some((s) => 'oauth2' in s),
        public: !security || security.length === 0,
        parameters: (op.parameters ?? []) as OpenApiParameter[],
      });
    }
  }
  return out;
}

const CANDIDATES = ['0123456789abcdef', '2025-2026', '41000009', '1.5.2', 'x1', '1'];

/** A concrete URL of an operation with syntactically valid path parameters (values that exist nowhere). */
export function concreteUrl(op: Operation): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const p = op.parameters.find((x) => x.in === 'path' && x.name === name);
    const s = p?.schema ?? {};
    if (s.format === 'uuid') return uuidv7();
    if (s.type === 'integer' || s.type === 'number') return '1';
    if (s.pattern) {
      const re = new RegExp(s.pattern);
      const hit = CANDIDATES.find((c) => re.test(c));
      if (hit) return encodeURIComponent(hit);
    }
    return 'x1';
  });
}

/** The `aikom_session` value a response sets, or null. */
export function sessionCookieOf(res: LightMyRequestResponse): string | null {
  const raw = res.headers['set-cookie'];
  const lines = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  for (const line of lines) {
    const m = /^aikom_session=([^;]*)/.exec(line);
    if (m) return m[1] || null;
  }
  return null;
}

/** All `Set-Cookie` lines of a response. */
export function setCookieLines(res: LightMyRequestResponse): string[] {
  const raw = res.headers['set-cookie'];
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

/** Signs in through the API from a given client address (with the TOTP code when the user has one). */
export async function signInFrom(
  app: App,
  ctx: AppContext,
  user: TestUser,
  remoteAddress: string,
  extra: Partial<InjectOptions> = {},
): Promise<Session & { token: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress,
    payload: {
      login: user.login,
      password: PASSWORD,
      ...(user.totpSecret ? { totp: await totpCode(ctx, user.totpSecret) } : {}),
    },
    ...extra,
  });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${user.login} failed: ${res.statusCode} ${res.body}`);
  const token = sessionCookieOf(res)!;
  const cookie = `aikom_session=${token}`;
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return { token, cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** Row counts of every table of the public schema except the ones a refused request may legitimately touch. */
export async function rowCounts(
  ctx: AppContext,
  except: readonly string[] = ['login_attempt', 'audit_pending', 'audit_log', 'audit_head'],
): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(ctx.db.kysely);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    if (except.includes(name)) continue;
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(name)}`.execute(ctx.db.kysely);
    counts[name] = r.rows[0]!.n;
  }
  return counts;
}
