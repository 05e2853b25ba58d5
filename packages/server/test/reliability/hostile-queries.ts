/**
 * Hostile query parameters: every GET operation of the OpenAPI document (so a new endpoint is attacked without being
 * listed here), called as a caller the operation accepts, with path and query parameters drawn from their schemas
 * (plausible values, so that the handler runs) or hostile (random text, unicode, SQL metacharacters, huge and
 * negative numbers, arrays where scalars are expected, unknown parameters, malformed percent-encoding, cursors that
 * decode to the wrong shapes and values). Each answer: no 5xx, a refusal is a problem with a known code, and a GET
 * wrote nothing.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { encodeCursor } from '../../src/http/cursor';
import { bearer } from '../../src/modules/exchange/testing';
import type { Session } from '../factories';
import { expectHealthy, type HostileEnv } from './hostile-env';
import { checkAnswer, fingerprint, hostileNumber, hostileText, NASTY_STRINGS, runs, urlPart } from './hostile';

interface ParamSchema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: ParamSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}
interface Parameter {
  name: string;
  in: string;
  schema?: ParamSchema;
}
interface Operation {
  parameters?: Parameter[];
  security?: Array<Record<string, unknown>>;
}
interface GetOperation {
  path: string;
  query: Parameter[];
  pathParams: Parameter[];
  caller: 'public' | 'platform' | 'user' | 'any';
}

/** The GET operations of the API (the documentation pages and the document itself are not the API). */
export function getOperations(doc: { paths?: Record<string, Record<string, Operation>> }): GetOperation[] {
  const out: GetOperation[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    const op = ops.get;
    if (!op || path.startsWith('/api/docs') || path === '/api/openapi.json') continue;
    const params = op.parameters ?? [];
    const sec = op.security;
    const kinds = new Set((sec ?? []).flatMap((s) => Object.keys(s)));
    const caller =
      sec === undefined || sec.length === 0
        ? 'public'
        : kinds.has('oauth2') && kinds.has('sessionCookie')
          ? 'any'
          : kinds.has('oauth2')
            ? 'platform'
            : 'user';
    out.push({
      path,
      query: params.filter((p) => p.in === 'query'),
      pathParams: params.filter((p) => p.in === 'path'),
      caller,
    });
  }
  return out;
}

/** A value a parameter's schema allows (as text), so that the request gets past validation to the handler. */
function plausible(schema: ParamSchema | undefined, known: readonly string[]): fc.Arbitrary<string> {
  if (!schema) return fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 10 }));
  if (schema.anyOf?.length) return fc.oneof(...schema.anyOf.map((s) => plausible(s, known)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum.map(String));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer' || type === 'number')
    return fc
      .integer({ min: Math.max(schema.minimum ?? -5, -1e6), max: Math.min(schema.maximum ?? 3000, 1e6) })
      .map(String);
  if (type === 'boolean') return fc.constantFrom('true', 'false');
  if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...known.filter((k) => k.length === 36)), fc.uuid());
  if (schema.format === 'date') return fc.constantFrom('2025-10-15', '2025-09-01', '2024-01-01', '2026-08-31');
  if (schema.format === 'date-time') return fc.constantFrom('2025-10-15T09:00:00Z', '2020-01-01T00:00:00Z');
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 200));
    } catch {
      return fc.constantFrom(...known);
    }
  }
  return fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 12 }));
}

/** Cursors: of the right encoding but wrong shapes or values, or not cursors at all. */
const badCursor: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(
      fc.oneof(
        hostileText,
        hostileNumber,
        fc.constantFrom('2025-10-15T09:00:00Z', '00000000-0000-0000-0000-000000000000'),
      ),
      {
        maxLength: 4,
      },
    )
    .map((values) => encodeCursor(values)),
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')),
  fc.base64String({ maxLength: 60 }),
  hostileText,
);

/** A hostile value of a query parameter. */
const hostileParam: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 2, arbitrary: hostileNumber.map(String) },
  { weight: 1, arbitrary: fc.constantFrom('1e400', '-0', '0x10', '1.5', ' 1', '1 ', '١٢', '９') },
  { weight: 1, arbitrary: badCursor },
);

/** The raw text of a query: pairs percent-encoded, sometimes malformed on purpose. */
const rawPiece = fc.constantFrom('%', '%zz', '%E0%A4', '%00', '%C0%AF', 'a[b]=c', 'a[]=1', '&&', '=', '==x', ';');

export function queryCases(env: () => HostileEnv): void {
  it('every GET operation answers hostile path and query parameters without a 5xx and without writing', async () => {
    const { t, c, token, sessions, portalPupils } = env();
    const ops = getOperations(t.app.swagger() as never);
    expect(ops.length).toBeGreaterThan(30);
    console.info(`[hostile-input] GET operations under test: ${ops.length}`);
    const known = [
      ...c.schools.map((s) => s.id),
      ...c.schools.map((s) => s.edrpou!),
      ...c.ouos.map((o) => o.id),
      ...c.regions.map((r) => r.id),
      c.ministry.id,
      ...portalPupils,
      'UA32000000000030281',
      '2025',
      '2025-2026',
      '1',
    ];
    const users = Object.values(sessions);
    const request = fc.constantFrom(...ops).chain((op) =>
      fc.record({
        op: fc.constant(op),
        path: fc.tuple(
          ...op.pathParams.map((p) =>
            fc.oneof({ weight: 5, arbitrary: plausible(p.schema, known) }, { weight: 1, arbitrary: hostileText }),
          ),
        ),
        query: fc.tuple(
          ...op.query.map((p) =>
            fc.option(
              fc.oneof(
                { weight: 4, arbitrary: plausible(p.schema, known).map((v) => [v]) },
                { weight: 3, arbitrary: hostileParam.map((v) => [v]) },
                {
                  weight: 1,
                  arbitrary: fc.array(fc.oneof(plausible(p.schema, known), hostileParam), {
                    minLength: 2,
                    maxLength: 3,
                  }),
                },
                ...(p.name === 'cursor' ? [{ weight: 3, arbitrary: badCursor.map((v) => [v]) }] : []),
              ),
              { freq: 3 },
            ),
          ),
        ),
        extra: fc.array(
          fc.tuple(fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 8 })), hostileParam),
          {
            maxLength: 2,
          },
        ),
        raw: fc.option(rawPiece, { freq: 10 }),
        user: fc.nat({ max: users.length - 1 }),
      }),
    );
    let before = await fingerprint(t.ctx);
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let path = r.op.path;
        r.op.pathParams.forEach((p, i) => {
          path = path.replace(`{${p.name}}`, urlPart(r.path[i]!));
        });
        const pairs: string[] = [];
        r.op.query.forEach((p, i) => {
          for (const v of r.query[i] ?? []) pairs.push(`${p.name}=${urlPart(v)}`);
        });
        for (const [k, v] of r.extra) pairs.push(`${urlPart(k)}=${urlPart(v)}`);
        if (r.raw !== null) pairs.push(r.raw);
        const url = pairs.length > 0 ? `${path}?${pairs.join('&')}` : path;
        const session: Session = users[r.user]!;
        const headers =
          r.op.caller === 'platform' || (r.op.caller === 'any' && r.user % 2 === 0)
            ? bearer(token)
            : r.op.caller === 'public'
              ? {}
              : session.headers;
        const res = await t.app.inject({ method: 'GET', url, headers });
        checkAnswer(res, `GET ${url.slice(0, 300)}`, url);
        const after = await fingerprint(t.ctx);
        expect(after, `GET ${url.slice(0, 300)} wrote`).toEqual(before);
        before = after;
      }),
      runs('query parameters', 3101, 500, 75_000),
    );
    await expectHealthy(env());
  });
}
