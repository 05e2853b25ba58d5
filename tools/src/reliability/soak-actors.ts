/**
 * The soak's actors, prepared in the database before the server starts: portal users of every level of the cascade
 * (school editors and administrators of many schools, ОУО specialists and administrators, regional users), each
 * with a password and an enrolled TOTP secret (the production MFA policy `required` asks every role for it), and
 * platforms with OAuth client credentials serving schools of their own. Logins and platform names are fixed, so a
 * second run against the same database reuses them (new password, secret and credentials) instead of piling up.
 */
import type { Role } from '@aikom/domain/access/roles';
import type { AppContext } from '@aikom/server/context';
import { exchangeTx } from '@aikom/server/db/schema-exchange';
import { hashPassword } from '@aikom/server/modules/auth/passwords';
import { newTotpSecret } from '@aikom/server/modules/auth/totp';
import { LinkService } from '@aikom/server/modules/exchange/links/service';
import { PlatformService } from '@aikom/server/modules/exchange/platforms/service';
import { uuidv7 } from 'uuidv7';
import { createSyntheticDataset, type Preset, type SyntheticDataset } from '../synth/generate';
import { Rng } from '../synth/random';
import { referenceData } from '../simulator/reference';

export const SOAK_PASSWORD = 'навантажувальна перевірка реєстру';

export interface SoakSchool {
  id: string;
  edrpou: string;
  ouoId: string;
  regionId: string;
  /** The school's index in the synthetic plan (its records for the platforms). */
  index: number;
  /** A platform keeps the school's records: the portal may read them, not change them (PLATFORM_MANAGED). */
  platformManaged: boolean;
}

export interface SoakUser {
  login: string;
  role: Role;
  totpSecret: string;
  /** May edit pupils (pupil:write). */
  writer: boolean;
  /** Schools in the user's scope that the user browses. */
  schools: SoakSchool[];
}

export interface SoakPlatform {
  name: string;
  clientId: string;
  clientSecret: string;
  schools: SoakSchool[];
}

export interface SoakActors {
  preset: Preset;
  seed: number;
  /** The registry's current school year and the date the platforms' records are generated at. */
  schoolYear: number;
  today: string;
  dataset: SyntheticDataset;
  users: SoakUser[];
  platforms: SoakPlatform[];
}

/**
 * Which synthetic preset the database holds: the preset whose plan's schools (their ЄДРПОУ) are in it. The plan is
 * deterministic for a preset and seed, so the platforms can send the very records the registry was loaded with.
 */
async function detectPreset(
  ctx: AppContext,
  seed: number,
  schoolYear: number,
  today: string,
  wanted: Preset | undefined,
): Promise<{ preset: Preset; dataset: SyntheticDataset }> {
  const candidates: Preset[] = wanted ? [wanted] : ['demo', 'region', 'national'];
  for (const preset of candidates) {
    const dataset = createSyntheticDataset(referenceData(), { preset, seed, schoolYear, today });
    const probe = dataset.plan.schools.slice(0, 5).map((s) => s.edrpou);
    const found = await ctx.db.kysely
      .selectFrom('organisation')
      .select('edrpou')
      .where('kind', '=', 'school')
      .where('edrpou', 'in', probe)
      .execute();
    if (found.length === probe.length) return { preset, dataset };
  }
  throw new Error(
    `the database holds none of the synthetic presets ${candidates.join(', ')} with seed ${seed} ` +
      '(load one with `aikom seed --preset … --seed …`, or name it with --preset and --seed)',
  );
}

/** A date inside the school year that starts on 1 September of `year` (today when it falls in it). */
function dateIn(year: number, now: Date): string {
  const today = now.toISOString().slice(0, 10);
  return today >= `${year}-09-01` && today <= `${year + 1}-08-31` ? today : `${year}-12-01`;
}

/** The roles of `n` portal users: mostly schools, then ОУО, then regions (every level at least once for n ≥ 6). */
export function rolesFor(n: number): Role[] {
  const share: Array<[Role, number]> = [
    ['school_editor', 0.6],
    ['school_admin', 0.1],
    ['ouo_specialist', 0.15],
    ['ouo_admin', 0.05],
    ['region_admin', 0.05],
    ['region_analyst', 0.05],
  ];
  const counts = share.map(([role, s]) => [role, Math.max(n >= share.length ? 1 : 0, Math.floor(n * s))] as const);
  const roles: Role[] = counts.flatMap(([role, c]) => Array.from({ length: c }, () => role));
  while (roles.length < n) roles.unshift('school_editor');
  return roles.slice(roles.length - n);
}

const WRITERS: ReadonlySet<Role> = new Set(['school_editor', 'school_admin', 'ouo_specialist']);

async function upsertUser(
  ctx: AppContext,
  passwordHash: string,
  login: string,
  role: Role,
  org: { id: string; kind: string; regionId: string | null; ouoId: string | null },
): Promise<string> {
  const now = ctx.now();
  const secret = newTotpSecret();
  const existing = await ctx.db.kysely
    .selectFrom('app_user')
    .select('id')
    .where('login', '=', login)
    .executeTakeFirst();
  const id = existing?.id ?? uuidv7();
  const values = {
    full_name: `Навантаження ${role}`,
    role,
    organisation_id: org.id,
    region_id: org.kind === 'region' ? null : org.regionId,
    ouo_id: org.kind === 'school' ? org.ouoId : null,
    status: 'active',
    password_hash: passwordHash,
    totp_secret_enc: ctx.keys.encrypt(secret, `app_user.totp_secret_enc:${id}`),
    totp_enrolled_at: now,
    totp_last_step: null,
    failed_logins: 0,
    locked_until: null,
    updated_at: now,
  };
  if (existing) await ctx.db.kysely.updateTable('app_user').set(values).where('id', '=', id).execute();
  else
    await ctx.db.kysely
      .insertInto('app_user')
      .values({ id, login, ...values, created_at: now })
      .execute();
  return secret;
}

export interface PrepareOptions {
  users: number;
  platforms: number;
  /** Schools each platform serves. */
  schoolsPerPlatform: number;
  seed: number;
  preset?: Preset | undefined;
}

export async function prepareActors(ctx: AppContext, o: PrepareOptions): Promise<SoakActors> {
  const year = Number(
    (
      await ctx.db.kysely
        .selectFrom('school_year')
        .select('id')
        .where('is_current', '=', true)
        .executeTakeFirstOrThrow()
    ).id,
  );
  const today = dateIn(year, ctx.now());
  const { preset, dataset } = await detectPreset(ctx, o.seed, year, today, o.preset);
  const rng = Rng.fromSeed(`soak:${o.seed}`);
  // Schools with pupils to work on; the platforms' schools are apart from those the portal users keep.
  const planned = dataset.plan.schools.filter((s) => s.records >= 20);
  rng.shuffle(planned);
  // Schools another platform already serves (an earlier run on the same database) are not the portal's to edit.
  const served = new Set(
    (
      await exchangeTx(ctx.db.kysely)
        .selectFrom('platform_school as l')
        .innerJoin('organisation as o', 'o.id', 'l.school_id')
        .select('o.edrpou')
        .where('l.status', '=', 'active')
        .where('l.platform_id', 'not in', (eb) =>
          eb.selectFrom('platform').select('id').where('name', 'like', 'Навантажувальна платформа %'),
        )
        .execute()
    ).map((r) => r.edrpou),
  );
  const free = planned.filter((s) => !served.has(s.edrpou));
  planned.splice(0, planned.length, ...free);
  const roles = rolesFor(o.users);
  const schoolUsers = roles.filter((r) => r.startsWith('school_')).length;
  const platformCount = Math.min(o.platforms, Math.floor(planned.length / 2 / Math.max(1, o.schoolsPerPlatform)));
  if (platformCount < o.platforms)
    throw new Error(`the ${preset} preset has too few schools for ${o.platforms} platforms`);
  const platformPlan = planned.slice(0, platformCount * o.schoolsPerPlatform);
  const portalPlan = planned.slice(platformPlan.length, platformPlan.length + Math.max(1, schoolUsers));
  const rows = await ctx.db.kysely
    .selectFrom('organisation')
    .select(['id', 'edrpou', 'ouo_id', 'region_id'])
    .where('kind', '=', 'school')
    .where(
      'edrpou',
      'in',
      [...platformPlan, ...portalPlan].map((s) => s.edrpou),
    )
    .execute();
  const byEdrpou = new Map(rows.map((r) => [r.edrpou!, r]));
  const toSchool =
    (platformManaged: boolean) =>
    (s: { edrpou: string; index: number }): SoakSchool => {
      const r = byEdrpou.get(s.edrpou);
      if (!r) throw new Error(`school ${s.edrpou} of the ${preset} plan is not in the database`);
      return { id: r.id, edrpou: s.edrpou, ouoId: r.ouo_id!, regionId: r.region_id!, index: s.index, platformManaged };
    };
  const portalSchools = portalPlan.map(toSchool(false));
  const platformSchools = platformPlan.map(toSchool(true));
  const everySchool = [...portalSchools, ...platformSchools];

  const passwordHash = await hashPassword(SOAK_PASSWORD);
  const users: SoakUser[] = [];
  const counters = new Map<Role, number>();
  let schoolTurn = 0;
  let ouoTurn = 0;
  let regionTurn = 0;
  const ouos = [...new Set(portalSchools.map((s) => s.ouoId))];
  const regions = [...new Set(portalSchools.map((s) => s.regionId))];
  for (const role of roles) {
    const k = (counters.get(role) ?? 0) + 1;
    counters.set(role, k);
    const login = `soak.${role.replace('_', '.')}.${k}`;
    let schools: SoakSchool[];
    let org: { id: string; kind: string; regionId: string | null; ouoId: string | null };
    if (role.startsWith('school_')) {
      const s = portalSchools[schoolTurn++ % portalSchools.length]!;
      schools = [s];
      org = { id: s.id, kind: 'school', regionId: s.regionId, ouoId: s.ouoId };
    } else if (role.startsWith('ouo_')) {
      const ouo = ouos[ouoTurn++ % ouos.length]!;
      schools = everySchool.filter((s) => s.ouoId === ouo);
      org = { id: ouo, kind: 'ouo', regionId: schools[0]!.regionId, ouoId: null };
    } else {
      const region = regions[regionTurn++ % regions.length]!;
      schools = everySchool.filter((s) => s.regionId === region);
      org = { id: region, kind: 'region', regionId: null, ouoId: null };
    }
    const totpSecret = await upsertUser(ctx, passwordHash, login, role, org);
    users.push({ login, role, totpSecret, writer: WRITERS.has(role), schools });
  }

  const service = new PlatformService(ctx);
  const links = new LinkService(ctx);
  const registered = await service.all();
  const platforms: SoakPlatform[] = [];
  for (let i = 0; i < platformCount; i++) {
    const name = `Навантажувальна платформа ${i + 1}`;
    const known = registered.find((p) => p.name === name && p.status === 'active');
    const credentials = known
      ? await service.rotateSecret(null, known.id)
      : await service.create(null, {
          name,
          operator: `ТОВ «${name}»`,
          contact: 'soak@example.org',
          // The soak measures the registry, not the platform's quota (600 a minute by default).
          rateLimitPerMinute: 1_000_000,
        });
    const schools = platformSchools.slice(i * o.schoolsPerPlatform, (i + 1) * o.schoolsPerPlatform);
    for (const s of schools) await links.operatorLink(credentials.platform.id, s.edrpou);
    platforms.push({ name, clientId: credentials.clientId, clientSecret: credentials.clientSecret, schools });
  }
  return { preset, seed: o.seed, schoolYear: year, today, dataset, users, platforms };
}
