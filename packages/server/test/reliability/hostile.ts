/**
 * Shared parts of the hostile-input suites: the generators of hostile values, the check every answer must pass (no
 * 5xx; every refusal an RFC 9457 problem with a code of `ERROR_CODES`), a fingerprint of the tables a refused request
 * must not touch, and the fast-check parameters (fixed seeds, run counts by scale).
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import type { LightMyRequestResponse as InjectResponse } from 'fastify';
import { expect } from 'vitest';
import type { AppContext } from '../../src/context';
import { ERROR_CODES, type ErrorCode } from '../../src/errors';
import { PROBLEM_TYPE_BASE } from '../../src/http/problem';
import { VALIDATION_RULES } from '@aikom/domain/validation/rules';
import { byScale, reliabilityScale } from './scale';

/** The code minors of OneRoster 1.2 (REST Binding § 3.3) the rostering face answers with. */
const ONEROSTER_MINOR_CODES = [
  'unknownobject',
  'invalid_filter_field',
  'invalid_selection_field',
  'invalid_sort_field',
  'invalid_data',
  'unauthorisedrequest',
  'forbidden',
  'server_busy',
];
/** The error codes of RFC 6749 § 5.2. */
const OAUTH_ERRORS = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
];

/** Every code a problem may carry. */
export const KNOWN_CODES: ReadonlySet<string> = new Set(Object.keys(ERROR_CODES));

/**
 * fast-check parameters of one property: a fixed seed (AIKOM_HOSTILE_SEED overrides it to explore further) and the
 * number of runs by scale. The seed is printed so that a failure can be replayed (`seed` and the `path` fast-check
 * prints with the counterexample).
 */
export function runs(name: string, seed: number, short: number, full: number): fc.Parameters<unknown> {
  const chosen = process.env.AIKOM_HOSTILE_SEED ? Number(process.env.AIKOM_HOSTILE_SEED) : seed;
  const numRuns = byScale(short, full);
  console.info(`[hostile-input] ${name}: seed=${chosen} runs=${numRuns} scale=${reliabilityScale()}`);
  tally.set(name, (tally.get(name) ?? 0) + numRuns);
  return { seed: chosen, numRuns, endOnFailure: false, interruptAfterTimeLimit: undefined };
}

/** Generated cases per property in this process (printed by `printTally`). */
const tally = new Map<string, number>();
export function printTally(file: string): void {
  const total = [...tally.values()].reduce((a, b) => a + b, 0);
  console.info(
    `[hostile-input] ${file}: ${total} generated cases (${[...tally].map(([k, v]) => `${k} ${v}`).join(', ')})`,
  );
}

interface ProblemBody {
  type?: unknown;
  title?: unknown;
  status?: unknown;
  code?: unknown;
  requestId?: unknown;
  errors?: unknown;
}

/**
 * The rule for every answer: no 5xx; a 4xx is `application/problem+json` with a known code whose status it has,
 * a type derived from the code, a title and a request id; field errors are objects with path, code and message.
 * Returns the code of a refusal (undefined on success).
 */
export function checkAnswer(res: InjectResponse, where: string, url = ''): ErrorCode | undefined {
  const excerpt = () => `${where}: ${res.statusCode} ${res.body.slice(0, 600)}`;
  if (res.statusCode >= 500) throw new Error(`server error — ${excerpt()}`);
  if (res.statusCode < 400) return undefined;
  // Two faces speak the error format of their standard instead of RFC 9457: OneRoster 1.2 (imsx_StatusInfo with a
  // code minor) and the OAuth 2.0 token endpoint (RFC 6749 § 5.2). Their refusals are checked against those.
  // (A request the router refuses before it reaches the OneRoster face, e.g. an over-long path, is a problem.)
  if (url.startsWith('/ims/') && !String(res.headers['content-type']).startsWith('application/problem+json')) {
    const body = JSON.parse(res.body) as {
      imsx_codeMajor?: unknown;
      imsx_CodeMinor?: { imsx_codeMinorField?: Array<{ imsx_codeMinorFieldValue?: unknown }> };
    };
    expect(body.imsx_codeMajor, excerpt()).toBe('failure');
    expect(ONEROSTER_MINOR_CODES, excerpt()).toContain(
      body.imsx_CodeMinor?.imsx_codeMinorField?.[0]?.imsx_codeMinorFieldValue,
    );
    return undefined;
  }
  if (url.startsWith('/oauth/token')) {
    const body = JSON.parse(res.body) as { error?: unknown; error_description_uk?: unknown };
    expect(OAUTH_ERRORS, excerpt()).toContain(body.error);
    expect(typeof body.error_description_uk, excerpt()).toBe('string');
    return undefined;
  }
  expect(String(res.headers['content-type']), excerpt()).toMatch(/^application\/problem\+json/);
  let body: ProblemBody;
  try {
    body = JSON.parse(res.body) as ProblemBody;
  } catch {
    throw new Error(`refusal is not JSON — ${excerpt()}`);
  }
  const code = body.code;
  if (typeof code !== 'string' || !KNOWN_CODES.has(code)) throw new Error(`unknown problem code — ${excerpt()}`);
  const known = code as ErrorCode;
  expect(ERROR_CODES[known][0], excerpt()).toBe(res.statusCode);
  expect(body.status, excerpt()).toBe(res.statusCode);
  expect(body.type, excerpt()).toBe(PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-'));
  expect(body.title, excerpt()).toBe(ERROR_CODES[known][1]);
  expect(typeof body.requestId, excerpt()).toBe('string');
  if (body.errors !== undefined) {
    expect(Array.isArray(body.errors), excerpt()).toBe(true);
    for (const e of body.errors as unknown[]) {
      const fe = e as { path?: unknown; code?: unknown; message?: unknown };
      expect(
        typeof fe.path === 'string' && typeof fe.code === 'string' && typeof fe.message === 'string',
        excerpt(),
      ).toBe(true);
      expect(isStableFieldCode(fe.code as string), `field code ${String(fe.code)} — ${excerpt()}`).toBe(true);
    }
  }
  return known;
}

/**
 * Field error codes: a rule of the validation catalogue, a schema keyword (SCHEMA_*), or an upper-case code of a
 * module (CURSOR_INVALID, AS_OF_IN_FUTURE…). What matters is that it is a stable identifier, not a message.
 */
export function isStableFieldCode(code: string): boolean {
  return code in VALIDATION_RULES || /^[A-Z][A-Z0-9_]{2,80}$/.test(code);
}

/** A problem recorded by a job (import error, failed job): a known code, never INTERNAL. */
export function checkJobProblem(problem: { code?: unknown } | null | undefined, where: string): void {
  if (!problem) return;
  const code = String(problem.code);
  if (code === 'INTERNAL' || !KNOWN_CODES.has(code))
    throw new Error(`${where}: job problem ${JSON.stringify(problem).slice(0, 600)}`);
}

/** Row counts (and the sum of pupil versions) of the tables that hold what a request writes. */
export async function fingerprint(ctx: AppContext): Promise<Record<string, string>> {
  const tables = [
    'person',
    'enrolment',
    'displacement_record',
    'contact_record',
    'pupil_event',
    'platform_pupil',
    'exchange_idempotency',
    'exchange_batch',
    'job',
    'pupil_import',
    'pupil_import_file',
    'pupil_import_row',
    'registry_snapshot',
    'registry_extract_file',
    'registry_record',
  ];
  const parts = tables.map((t) => sql`(select count(*) from ${sql.table(t)})::text as ${sql.ref(t)}`);
  const r = await sql<Record<string, string>>`
    select ${sql.join(parts)},
           (select coalesce(sum(version), 0) from person)::text as person_versions,
           (select coalesce(max(updated_at)::text, '') from person) as person_updated
  `.execute(ctx.db.kysely);
  return r.rows[0]!;
}

/** Strings that have broken servers: SQL and LIKE metacharacters, NUL, lone surrogates, direction marks, formulas… */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n\r',
  "'",
  "''",
  '"',
  '\\',
  "'; DROP TABLE person; --",
  "' OR '1'='1",
  '" OR 1=1 --',
  '1; SELECT pg_sleep(10)',
  '%',
  '_',
  '%_%',
  '*',
  '?',
  '&',
  '#',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uDBFFy',
  '\uFEFF',
  '\u202E',
  '\u200B\u200D',
  '\uFFFD',
  '\uFFFF',
  '🙂',
  '👨‍👩‍👧‍👦',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '=HYPERLINK("http://example.org","x")',
  '=1+1',
  '+1',
  '-1',
  '@SUM(A1)',
  '<script>alert(1)</script>',
  '${jndi:ldap://example.org/x}',
  '{{7*7}}',
  '../../etc/passwd',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '0',
  '1e309',
  '9'.repeat(400),
  '2025-02-30',
  '2025-13-01',
  '0000-00-00',
  '9999-12-31',
  '-infinity',
  '1900-01-01',
  'Шевченко',
  'Ш’евченко',
  "Ш'евченко",
  'Shevchenko',
  'ШЕВЧЕНКО',
  'Мар\u0027яна',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '$where',
  '{"$gt":""}',
  '\r\nSet-Cookie: x=1',
  'UA32000000000030281',
  'UA00000000000000000',
  'І-БК',
  'X-ЯЯ',
  '12345678-12345',
  '0000000000',
  '00000000',
  '99999999',
  'W3siYSI6MX1d',
  '[]',
  '{}',
];

/** Hostile text: random code points, graphemes, the nasty list, concatenations of it, very long strings. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.constantFrom(...NASTY_STRINGS), { minLength: 2, maxLength: 5 }).map((a) => a.join('')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('Ш', 'a', '9', '\u0000', '’', ' '), fc.integer({ min: 90, max: 20_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
);

/** Numbers a field may not expect. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 0.5, 1e308, -1e308, 2 ** 31, 2 ** 53, -(2 ** 53), 2 ** 63, 1e-320, 13, 99999999),
);

/** Any JSON value, leaning to the hostile. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(hostileText, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileText, hostileText, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Printable ASCII of a header value (the client could not send anything else). */
export const headerText: fc.Arbitrary<string> = fc
  .string({ unit: 'binary-ascii', maxLength: 40 })
  .map((s) => s.replace(/[^\x20-\x7e]/g, ''));

/**
 * Mutations of a JSON document at random paths: delete, replace with a hostile value, add an unknown member, or wrap
 * in an array. The paths are taken from the document itself so that every field is reached.
 */
export type Mutation = { op: 'delete' | 'set' | 'extra' | 'wrap'; at: number; value: unknown; key: string };

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('delete', 'set', 'set', 'set', 'extra', 'wrap'),
  at: fc.nat(),
  value: hostileValue,
  key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra', 'lastName', 'enrollment'), hostileText),
});

function pathsOf(doc: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix);
  if (doc && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) pathsOf(v, [...prefix, k], out);
  }
  return out;
}

/** Applies mutations to a deep copy of a document. */
export function mutate(doc: unknown, mutations: readonly Mutation[]): unknown {
  let root: unknown = structuredClone(doc);
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length]!;
    if (path.length === 0) {
      if (m.op === 'set') root = m.value;
      else if (m.op === 'wrap') root = [root];
      else if (m.op === 'extra' && root && typeof root === 'object' && !Array.isArray(root)) {
        Object.defineProperty(root, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    let parent = root as Record<string, unknown>;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
    const last = path[path.length - 1]!;
    if (m.op === 'delete') delete parent[last];
    else if (m.op === 'set') parent[last] = m.value;
    else if (m.op === 'wrap') parent[last] = [parent[last]];
    else {
      const target = parent[last];
      if (target && typeof target === 'object' && !Array.isArray(target)) {
        Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      } else parent[last] = m.value;
    }
  }
  return root;
}

/** The request body of a document: JSON, sometimes broken on purpose (truncated, trailing garbage, not JSON). */
export type BodyShape = 'json' | 'truncated' | 'garbage' | 'empty' | 'proto';
export const bodyShape: fc.Arbitrary<BodyShape> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('json' as const) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('truncated' as const, 'garbage' as const, 'empty' as const, 'proto' as const),
  },
);

export function encodeBody(doc: unknown, shape: BodyShape, cut: number): string {
  const json = JSON.stringify(doc) ?? 'null';
  switch (shape) {
    case 'json':
      return json;
    case 'truncated':
      return json.slice(0, cut % Math.max(1, json.length));
    case 'garbage':
      return `${json}}{"`;
    case 'empty':
      return '';
    case 'proto':
      return json.startsWith('{') ? `{"__proto__":{"admin":true},${json.slice(1)}` : `{"__proto__":${json}}`;
  }
}

/** A value for a URL: percent-encoded when it can be, raw (and then possibly malformed) otherwise. */
export function urlPart(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s.replace(/[\uD800-\uDFFF]/g, '%ED%A0%80');
  }
}
