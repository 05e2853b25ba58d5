/**
 * Test factories with fixed names, codes and dates: a small cascade (two regions, two ОУО each, two schools per ОУО)
 * and users of every role with known passwords and TOTP secrets.
 */
import { completeEdrpou } from '@aikom/domain/identifiers/edrpou';
import { nameKey } from '@aikom/domain/names';
import type { Role } from '@aikom/domain/access/roles';
import { generate } from 'otplib';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../src/context';
import type { App } from '../src/http/app';
import { hashPassword } from '../src/modules/auth/passwords';
import { ensureCascadeRoots } from '../src/modules/organisations/cascade-roots';

export const PASSWORD = 'тестова фраза для входу';

export interface Org {
  id: string;
  name: string;
  kind: string;
  regionId: string | null;
  ouoId: string | null;
  edrpou: string | null;
}

export interface Cascade {
  ministry: Org;
  regions: [Org, Org];
  ouos: [Org, Org, Org, Org];
  /** schools[0..1] under ouos[0], [2..3] under ouos[1] (region 0), [4..5] under ouos[2], [6..7] under ouos[3] (region 1). */
  schools: [Org, Org, Org, Org, Org, Org, Org, Org];
}

let edrpouCounter = 4_100_000;
export function nextEdrpou(): string {
  for (;;) {
    const code = completeEdrpou(String(edrpouCounter++).padStart(7, '0'));
    if (code) return code;
  }
}

async function territoryId(ctx: AppContext, code: string): Promise<number> {
  const t = await ctx.db.kysely.selectFrom('territory').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return t.id;
}

/** Київська (Бучанська, Ірпінська громади) and Львівська (Львівська, Стрийська громади) oblasts. */
export async function createCascade(ctx: AppContext): Promise<Cascade> {
  const now = ctx.now();
  const { ministryId } = await ctx.db.system((trx) => ensureCascadeRoots(trx, now));
  const orgs = await ctx.db.kysely
    .selectFrom('organisation')
    .select(['id', 'name', 'kind', 'region_id', 'ouo_id', 'edrpou', 'territory_id'])
    .execute();
  const regionFor = async (code: string) => {
    const tid = await territoryId(ctx, code);
    const r = orgs.find((o) => o.kind === 'region' && o.territory_id === tid)!;
    return { id: r.id, name: r.name, kind: 'region', regionId: null, ouoId: null, edrpou: null } satisfies Org;
  };
  const kyivska = await regionFor('UA32000000000030281');
  const lvivska = await regionFor('UA46000000000026241');
  const settlementOf = async (hromadaName: string, oblastCode: string) => {
    const oblast = await territoryId(ctx, oblastCode);
    const h = await ctx.db.kysely
      .selectFrom('territory')
      .select(['id'])
      .where('oblast_id', '=', oblast)
      .where('category', '=', 'H')
      .where('name', '=', hromadaName)
      .executeTakeFirstOrThrow();
    const s = await ctx.db.kysely
      .selectFrom('territory')
      .select(['id'])
      .where('parent_id', '=', h.id)
      .where('category', '=', 'M')
      .executeTakeFirstOrThrow();
    return { hromada: h.id, settlement: s.id };
  };
  const insert = async (o: {
    kind: string;
    parent: string;
    region: string | null;
    ouo: string | null;
    name: string;
    territory: number;
    school?: boolean;
  }): Promise<Org> => {
    const id = uuidv7();
    const edrpou = o.school ? nextEdrpou() : null;
    await ctx.db.kysely
      .insertInto('organisation')
      .values({
        id,
        kind: o.kind,
        parent_id: o.parent,
        region_id: o.region,
        ouo_id: o.ouo,
        name: o.name,
        name_key: nameKey(o.name),
        edrpou,
        territory_id: o.territory,
        school_type: o.school ? 'lyceum' : null,
        ownership: o.school ? 'communal' : null,
        settlement_type: o.school ? 'urban' : null,
        grade_min: o.school ? 1 : null,
        grade_max: o.school ? 11 : null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await ctx.db.kysely
      .insertInto('organisation_version')
      .values({ organisation_id: id, version: 1, data: JSON.stringify({ name: o.name }), changed_at: now })
      .execute();
    return { id, name: o.name, kind: o.kind, regionId: o.region, ouoId: o.ouo, edrpou };
  };
  const places = [
    ['Бучанська', 'UA32000000000030281', kyivska],
    ['Ірпінська', 'UA32000000000030281', kyivska],
    ['Львівська', 'UA46000000000026241', lvivska],
    ['Стрийська', 'UA46000000000026241', lvivska],
  ] as const;
  const ouos: Org[] = [];
  const schools: Org[] = [];
  for (const [hromada, oblast, region] of places) {
    const t = await settlementOf(hromada, oblast);
    const ouo = await insert({
      kind: 'ouo',
      parent: region.id,
      region: region.id,
      ouo: null,
      name: `Відділ освіти ${hromada.replace(/ька$/, 'ької')} міської ради`,
      territory: t.hromada,
    });
    ouos.push(ouo);
    for (const n of [1, 2]) {
      schools.push(
        await insert({
          kind: 'school',
          parent: ouo.id,
          region: region.id,
          ouo: ouo.id,
          name: `Ліцей № ${n} ${hromada.replace(/ька$/, 'ької')} міської ради`,
          territory: t.settlement,
          school: true,
        }),
      );
    }
  }
  const ministry = orgs.find((o) => o.id === ministryId)!;
  return {
    ministry: {
      id: ministry.id,
      name: ministry.name,
      kind: 'ministry',
      regionId: null,
      ouoId: null,
      edrpou: ministry.edrpou,
    },
    regions: [kyivska, lvivska],
    ouos: ouos as Cascade['ouos'],
    schools: schools as Cascade['schools'],
  };
}

export interface TestUser {
  id: string;
  login: string;
  role: Role;
  org: Org;
  totpSecret: string | null;
}

let userCounter = 0;
/** An active user with the test password; admins get an enrolled TOTP secret. */
export async function createUser(
  ctx: AppContext,
  role: Role,
  org: Org,
  options: { totp?: boolean; login?: string } = {},
): Promise<TestUser> {
  const id = uuidv7();
  const login = options.login ?? `${role.replace('_', '.')}.${++userCounter}`;
  const now = ctx.now();
  const totp = options.totp ?? false;
  const secret = totp ? 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' : null;
  await ctx.db.kysely
    .insertInto('app_user')
    .values({
      id,
      login,
      full_name: `Тест ${role}`,
      role,
      organisation_id: org.id,
      region_id: org.kind === 'region' ? null : org.regionId,
      ouo_id: org.kind === 'school' ? org.ouoId : null,
      status: 'active',
      password_hash: await hashPassword(PASSWORD),
      created_at: now,
      updated_at: now,
      totp_secret_enc: secret ? ctx.keys.encrypt(secret, `app_user.totp_secret_enc:${id}`) : null,
      totp_enrolled_at: secret ? now : null,
    })
    .execute();
  return { id, login, role, org, totpSecret: secret };
}

/** The TOTP code of a secret at the context's clock, `offsetSteps` steps away. */
export function totpCode(ctx: AppContext, secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(ctx.now().getTime() / 1000) + offsetSteps * 30 });
}

export interface Session {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

/** Signs in through the API (with the TOTP code when the user has one). */
export async function signIn(app: App, ctx: AppContext, user: TestUser): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: {
      login: user.login,
      password: PASSWORD,
      ...(user.totpSecret ? { totp: await totpCode(ctx, user.totpSecret) } : {}),
    },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${user.login} failed: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** A valid exchange record of a pupil of the given school (fixed data; override what a test needs). */
export function pupilRecord(school: Org, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    lastName: 'Шевченко',
    firstName: 'Тарас',
    middleName: 'Григорович',
    sex: 'male',
    birthDate: '2014-03-09',
    birthCertificate: { series: 'І-БК', number: '123456' },
    citizenship: 'UA',
    displacement: { status: 'none' },
    contact: { status: 'in_contact' },
    educationForm: 'day',
    specialNeeds: false,
    instructionLanguage: 'uk',
    enrollment: {
      schoolEdrpou: school.edrpou,
      schoolYear: '2025-2026',
      grade: 5,
      classLetter: 'А',
      entryDate: '2025-09-01',
      orderNumber: '12-у',
    },
    ...overrides,
  };
}

/** The school year 2025-2026, current: the year TEST_NOW falls in, which the synthetic loads enrol pupils into. */
export async function insertCurrentSchoolYear(ctx: AppContext): Promise<void> {
  await ctx.db.kysely
    .insertInto('school_year')
    .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
    .execute();
}

/**
 * A job whose process died during its last attempt: running, its heartbeat long gone, no attempts left — what the
 * runner's recovery gives up (`ctx.jobs.recover()`).
 */
export async function jobDiedForGood(ctx: AppContext, jobId: string): Promise<void> {
  await ctx.db.kysely
    .updateTable('job')
    .set({ status: 'running', attempts: 3, heartbeat_at: new Date(ctx.now().getTime() - 120_000) })
    .where('id', '=', jobId)
    .execute();
}
